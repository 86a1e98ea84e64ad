package io.mesoscompose.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.h2.mvstore.Cursor;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.h2.mvstore.type.ByteArrayDataType;
import org.h2.mvstore.type.StringDataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default store: H2's MVStore in one file, {@code <dir>/state.mv.db}. No server to run.
 *
 * <p>Why MVStore: it is a log-structured, copy-on-write store. A commit appends new pages and then a new chunk
 * header; the file's last complete chunk is the state after a crash, so a {@code kill -9} at any point leaves either
 * all changes of a {@link #commit} or none — never half of them, never a torn record. {@link #commit} returns only
 * after {@link MVStore#sync()} (fsync). Auto-commit is off, so nothing is written between our commits. The file is
 * locked while open: a second framework process on the same directory is refused with a clear message.
 *
 * <p>Task records, of which there are many, are stored as compact bytes ({@link TaskRecordBinary}, versioned by
 * their first byte); everything else as JSON ({@link StateJson}). The layout version lives in the {@code meta} map
 * (see docs/state.md).
 */
public final class EmbeddedStateStore implements StateStore {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedStateStore.class);

    /**
     * The layout version this store writes: 2 since task records are {@link TaskRecordBinary} bytes in the map
     * {@value #TASKS}. Version 1 kept them as JSON text in the map {@value #TASKS_V1}; opening such a file rewrites
     * them ({@link #migrateTasks}) in the commit that raises the version, so a crash leaves version 1 whole or
     * version 2 whole, and an older mesos-compose refuses the file instead of misreading it.
     */
    static final int SCHEMA_VERSION = 2;
    static final String TASKS = "task_records";
    static final String TASKS_V1 = "tasks";

    /** Maps of at least twice this many values are read in parallel ranges (see {@link #committed}). */
    private static final int READ_RANGE_FROM = 5_000;

    private final MVStore store;
    private final MVMap<String, String> meta;
    private final MVMap<String, String> projects;
    /** Task ID → {@link TaskRecordBinary} bytes. */
    private final MVMap<String, byte[]> tasks;
    private final String description;
    /**
     * The projects as of the last commit, by name, replaced by each commit that changes one: read without waiting
     * for a commit in progress. An apply reads its project's version while the loop commits a launch's records and
     * waits for their fsync, which held it up by 10-30 ms.
     */
    private volatile SortedMap<String, String> committedProjects;

    private EmbeddedStateStore(MVStore store, String description) {
        this.store = store;
        this.description = description;
        this.meta = store.openMap("meta");
        this.projects = store.openMap("projects");
        this.tasks = store.openMap(TASKS, new MVMap.Builder<String, byte[]>()
                .keyType(StringDataType.INSTANCE).valueType(ByteArrayDataType.INSTANCE));
        if (StateSchema.upgrade(meta, SCHEMA_VERSION) < 2 && store.hasMap(TASKS_V1)) {
            migrateTasks();
        }
        store.commit();
        store.sync();
        committedProjects = copy(projects);
    }

    private static SortedMap<String, String> copy(MVMap<String, String> map) {
        return Collections.unmodifiableSortedMap(new TreeMap<>(map));
    }

    /** Version 1 → 2: every task record from JSON text to bytes, and the old map removed (committed by the caller). */
    private void migrateTasks() {
        MVMap<String, String> old = store.openMap(TASKS_V1);
        for (Cursor<String, String> c = old.cursor(null); c.hasNext(); ) {
            String taskId = c.next();
            tasks.put(taskId, TaskRecordBinary.encode(TaskRecordJson.decode(c.getValue())));
        }
        LOG.info("state {}: {} task records rewritten from JSON to the binary form of schema version {}", description,
                old.size(), SCHEMA_VERSION);
        store.removeMap(old);
    }

    /** Opens (creating if needed) the store in {@code directory}. */
    public static EmbeddedStateStore open(Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new StateStoreException("cannot create the state directory " + directory + ": " + e.getMessage(), e);
        }
        Path file = directory.resolve("state.mv.db");
        try {
            MVStore store = new MVStore.Builder().fileName(file.toString()).autoCommitDisabled().open();
            try {
                return new EmbeddedStateStore(store, "embedded:" + directory.toAbsolutePath());
            } catch (RuntimeException e) {
                store.closeImmediately(); // writes nothing: a refused or half-migrated file stays as it was
                throw e;
            }
        } catch (MVStoreException e) {
            String why = e.getMessage() != null && e.getMessage().contains("locked")
                    ? "it is locked by another process (is another mesos-compose running on the same state?)"
                    : e.getMessage();
            throw new StateStoreException("cannot open the state file " + file + ": " + why, e);
        }
    }

    /** A store that lives only as long as this object: for tests and dry runs. */
    public static EmbeddedStateStore inMemory() {
        return new EmbeddedStateStore(new MVStore.Builder().autoCommitDisabled().open(), "embedded:in-memory");
    }

    @Override
    public synchronized Optional<String> frameworkId() {
        return Optional.ofNullable(meta.get(StateSchema.FRAMEWORK_ID));
    }

    @Override
    public List<ProjectRecord> projects() {
        return StateJson.decodeAll(committedProjects.values(), ProjectRecord.class);
    }

    @Override
    public Optional<ProjectRecord> project(String name) {
        return Optional.ofNullable(committedProjects.get(name)).map(json -> StateJson.decode(json, ProjectRecord.class));
    }

    /**
     * Every task, decoded on all cores when there are many (a restart waits for this before it can reconcile), in
     * parts that each share equal strings among their records.
     */
    @Override
    public List<TaskRecord> tasks() {
        List<byte[]> values = committed(tasks);
        int parts = values.size() < StateJson.PARALLEL_FROM ? 1 : Runtime.getRuntime().availableProcessors();
        List<List<TaskRecord>> decoded = IntStream.range(0, parts).parallel().mapToObj(i -> {
            Map<String, String> seen = new HashMap<>();
            return values.subList(values.size() * i / parts, values.size() * (i + 1) / parts).stream()
                    .map(v -> TaskRecordBinary.decode(v, seen)).toList();
        }).toList();
        return decoded.size() == 1 ? decoded.getFirst() : decoded.stream().flatMap(List::stream).toList();
    }

    @Override
    public List<TaskRecord> tasksOf(String project) {
        return tasks().stream().filter(t -> t.project().equals(project)).toList();
    }

    /**
     * The map's values as of the last commit, in key order, copied under the lock (a commit's puts are visible in
     * the maps before it ends, and gone again if it fails); decoding them happens outside it, so that reading
     * 100,000 records does not hold up a commit or the framework ID a SUBSCRIBE needs. Many values are read in
     * ranges on all cores: reading a page's strings costs as much as decoding them.
     */
    private synchronized <V> List<V> committed(MVMap<String, V> map) {
        long size = map.sizeAsLong();
        int ranges = (int) Math.min(Runtime.getRuntime().availableProcessors(), size / READ_RANGE_FROM);
        if (ranges < 2) {
            return new ArrayList<>(map.values());
        }
        List<List<V>> parts = IntStream.range(0, ranges).parallel()
                .mapToObj(i -> range(map, size * i / ranges, size * (i + 1) / ranges)).toList();
        List<V> all = new ArrayList<>((int) size);
        parts.forEach(all::addAll);
        return all;
    }

    /** Values from index {@code from} (inclusive) to {@code to} (exclusive). */
    private static <V> List<V> range(MVMap<String, V> map, long from, long to) {
        List<V> values = new ArrayList<>((int) (to - from));
        Cursor<String, V> cursor = map.cursor(map.getKey(from));
        for (long i = from; i < to && cursor.hasNext(); i++) {
            cursor.next();
            values.add(cursor.getValue());
        }
        return values;
    }

    @Override
    public synchronized Optional<TaskRecord> task(String taskId) {
        return Optional.ofNullable(tasks.get(taskId)).map(TaskRecordBinary::decode);
    }

    @Override
    public synchronized void commit(List<StateChange> changes) {
        // Encode everything first: a value that cannot be encoded must not leave the maps half-changed.
        List<Runnable> writes = new ArrayList<>(changes.size());
        for (StateChange change : changes) {
            writes.add(switch (change) {
                case StateChange.SetFrameworkId c -> () -> meta.put(StateSchema.FRAMEWORK_ID, c.frameworkId());
                case StateChange.ClearFrameworkId c -> () -> meta.remove(StateSchema.FRAMEWORK_ID);
                case StateChange.PutProject c -> put(projects, c.project().name(), StateJson.encode(c.project()));
                case StateChange.DeleteProject c -> () -> projects.remove(c.name());
                case StateChange.PutTask c -> put(tasks, c.task().taskId(), TaskRecordBinary.encode(c.task()));
                case StateChange.DeleteTask c -> () -> tasks.remove(c.taskId());
            });
        }
        try {
            writes.forEach(Runnable::run);
            store.commit();
            store.sync();
            if (changes.stream().anyMatch(c -> c instanceof StateChange.PutProject
                    || c instanceof StateChange.DeleteProject)) {
                committedProjects = copy(projects);
            }
        } catch (RuntimeException e) {
            store.rollback();
            throw new StateStoreException("state commit failed: " + e.getMessage(), e);
        }
    }

    private static <V> Runnable put(MVMap<String, V> map, String key, V value) {
        return () -> map.put(key, value);
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public synchronized void close() {
        if (!store.isClosed()) {
            store.close();
        }
    }
}
