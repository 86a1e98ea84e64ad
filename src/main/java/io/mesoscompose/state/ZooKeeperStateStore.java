package io.mesoscompose.state;

import com.fasterxml.jackson.core.type.TypeReference;
import io.mesoscompose.json.Json;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.retry.RetryNTimes;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state in ZooKeeper, which every Mesos cluster runs already: one znode per project and per task (layout in
 * {@link ZooKeeperLayout}), JSON as in the other stores, values from {@value #COMPRESS_FROM} bytes on gzip-compressed.
 * A {@link #commit} is one multi-op, all or nothing; a commit too large for one (ZooKeeper refuses packets above
 * 1 MB) goes through a journal and is still all or nothing for every later reader, see {@link ZooKeeperWriter}.
 * No znode is written above {@value ZooKeeperWriter#CHUNK_BYTES} bytes: larger project records are split in parts;
 * a task record that large is refused (no real task comes near it).
 *
 * <p>Who writes: opened with {@link #open}, one process, which holds the ephemeral {@code lock} node while its
 * ZooKeeper session lives (a second process waits for a crashed owner's session to expire, at most
 * {@link #SESSION_TIMEOUT} and a half, then is refused); opened with {@link #openShared}, the elected leader of
 * highly available instances from its {@link #claim} on. Either way every commit is fenced by the owner node's
 * version, so a process that lost the state cannot write.
 *
 * <p>Durability: ZooKeeper acknowledges a write once a quorum has logged it to disk (fsync), so an acknowledged
 * commit survives the loss of any minority of the ensemble.
 */
public final class ZooKeeperStateStore implements SharedStateStore {

    private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperStateStore.class);

    /** The store's ZooKeeper session: how long a crashed single owner blocks the next one. */
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(15);
    /**
     * The session of a state shared by highly available instances (no lock, no ephemeral node): shorter, so that a
     * request sent to a server that went away fails after two thirds of it (4 s), well within the 10 s a stepping-down
     * leader waits for its scheduler loop to end, instead of holding that loop in a commit.
     */
    static final Duration SHARED_SESSION_TIMEOUT = Duration.ofSeconds(6);
    /**
     * How long an operation waits for a (re)connection before it fails (no retry after that): long enough to move
     * to another server of the ensemble, short enough that a leader cut off from ZooKeeper stops within seconds.
     */
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** How long opening waits for the first connection. */
    private static final Duration OPEN_TIMEOUT = Duration.ofSeconds(15);
    /** Values from this size on are stored gzip-compressed (large compose files shrink about tenfold). */
    static final int COMPRESS_FROM = 8 * 1024;
    private static final TypeReference<Map<String, String>> META = new TypeReference<>() {};

    private final CuratorFramework zk;
    private final ZooKeeperTarget target;
    private final ZooKeeperLayout layout;
    private final boolean shared;
    /** Present while this process writes. */
    private volatile Optional<ZooKeeperWriter> writer = Optional.empty();
    /** The meta node as last written by this process (only read while it writes). */
    private Map<String, String> meta = Map.of();

    private ZooKeeperStateStore(CuratorFramework zk, ZooKeeperTarget target, boolean shared) {
        this.zk = zk;
        this.target = target;
        this.layout = new ZooKeeperLayout(target.path());
        this.shared = shared;
    }

    /**
     * Opens the state at {@code target}'s path for this process alone: takes the lock (waiting for a crashed
     * owner's session to expire), claims the next epoch, and stamps or checks the schema version.
     */
    public static ZooKeeperStateStore open(ZooKeeperTarget target) {
        ZooKeeperStateStore store = connect(target, false);
        try {
            store.checkSchema();
            store.lock();
            long epoch = store.call("read the owner", () -> ZooKeeperWriter.currentOwner(store.zk, store.layout,
                    store.describe())).map(o -> o.epoch() + 1).orElse(1L);
            store.startWriting(ZooKeeperWriter.claim(store.zk, store.layout, store.describe(), epoch,
                    ZooKeeperWriter.Owner.SINGLE));
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    /** Opens the state for highly available instances: reads at once, writes after {@link #claim}. */
    public static ZooKeeperStateStore openShared(ZooKeeperTarget target) {
        ZooKeeperStateStore store = connect(target, true);
        try {
            store.checkSchema();
            return store;
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
    }

    private static ZooKeeperStateStore connect(ZooKeeperTarget target, boolean shared) {
        if (target.path().isEmpty()) {
            throw new IllegalArgumentException("the ZooKeeper state needs a path: " + target.describe());
        }
        CuratorFramework zk = target.newClient(shared ? SHARED_SESSION_TIMEOUT : SESSION_TIMEOUT, CONNECT_TIMEOUT,
                new RetryNTimes(0, 0));
        zk.start();
        ZooKeeperStateStore store = new ZooKeeperStateStore(zk, target, shared);
        try {
            if (!zk.blockUntilConnected((int) OPEN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new StateStoreException("ZooKeeper " + target.describe() + " does not answer (waited "
                        + OPEN_TIMEOUT.toSeconds() + "s)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            store.close();
            throw new StateStoreException("interrupted while connecting to ZooKeeper " + target.describe(), e);
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /** Refuses a state written by a newer mesos-compose; stamping a new one is left to the writer. */
    private void checkSchema() {
        StateSchema.checkAndMigrate(new HashMap<>(readMeta()));
    }

    /** The ephemeral lock of a process without HA; waits up to a session timeout and a half for a crashed owner. */
    private void lock() {
        long deadline = System.nanoTime() + SESSION_TIMEOUT.toNanos() * 3 / 2;
        boolean announced = false;
        byte[] me = ProcessName.current().getBytes(StandardCharsets.UTF_8);
        while (true) {
            try {
                zk.create().creatingParentsIfNeeded().withMode(CreateMode.EPHEMERAL).forPath(layout.lock(), me);
                return;
            } catch (KeeperException.NodeExistsException held) {
                String holder = call("read the lock", () -> readBytes(layout.lock()))
                        .map(b -> new String(b, StandardCharsets.UTF_8)).orElse("a process that just let go");
                if (System.nanoTime() > deadline) {
                    throw new StateStoreException("the state at " + describe() + " is in use by mesos-compose on "
                            + holder + ", whose ZooKeeper session is alive: is another framework running on this "
                            + "state? Give each framework its own path");
                }
                if (!announced) {
                    LOG.info("The state at {} is held by mesos-compose on {}; waiting up to {}s for it to be "
                            + "released or its session to expire", describe(), holder,
                            SESSION_TIMEOUT.toSeconds() * 3 / 2);
                    announced = true;
                }
                sleep(Duration.ofMillis(250));
            } catch (Exception e) {
                throw new StateStoreException("ZooKeeper " + describe() + ": cannot take the lock: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public synchronized void claim(long epoch) {
        if (!shared) {
            throw new IllegalStateException("the ZooKeeper state " + describe() + " is open for one writer, not shared");
        }
        startWriting(ZooKeeperWriter.claim(zk, layout, describe(), epoch, ZooKeeperWriter.Owner.HA));
    }

    private synchronized void startWriting(ZooKeeperWriter claimed) {
        writer = Optional.of(claimed);
        meta = readMeta();
        Map<String, String> stamped = new HashMap<>(meta);
        StateSchema.checkAndMigrate(stamped);
        if (!stamped.equals(meta)) {
            claimed.apply(List.of(new ZooKeeperWriter.Change.Put(layout.meta(), json(stamped))));
            meta = Map.copyOf(stamped);
        }
    }

    /** At once, without waiting for a commit in progress (which is fenced like any other). */
    @Override
    public void standDown() {
        writer = Optional.empty();
    }

    // ---- reads ----

    @Override
    public Optional<String> frameworkId() {
        return Optional.ofNullable(readMeta().get(StateSchema.FRAMEWORK_ID));
    }

    @Override
    public List<ProjectRecord> projects() {
        List<String> names = ZooKeeperBulk.children(zk, List.of(layout.projects())).getOrDefault(layout.projects(),
                List.of());
        List<String> paths = names.stream().map(n -> layout.projects() + "/" + n).sorted().toList();
        Map<String, byte[]> data = ZooKeeperBulk.data(zk, paths);
        List<ProjectRecord> out = new ArrayList<>();
        for (String path : paths) {
            Optional.ofNullable(data.get(path)).flatMap(d -> whole(path, d))
                    .ifPresent(bytes -> out.add(decode(bytes, ProjectRecord.class)));
        }
        return out;
    }

    @Override
    public Optional<ProjectRecord> project(String name) {
        String path = layout.project(name);
        return call("read project " + name, () -> readBytes(path)).flatMap(d -> whole(path, d))
                .map(bytes -> decode(bytes, ProjectRecord.class));
    }

    @Override
    public List<TaskRecord> tasks() {
        List<String> paths = new ArrayList<>();
        ZooKeeperBulk.children(zk, layout.buckets()).forEach((bucket, names) -> names.forEach(n -> paths.add(
                bucket + "/" + n)));
        return ZooKeeperBulk.data(zk, paths).values().stream().map(bytes -> decode(bytes, TaskRecord.class))
                .sorted(Comparator.comparing(TaskRecord::createdAt).thenComparing(TaskRecord::taskId)).toList();
    }

    @Override
    public List<TaskRecord> tasksOf(String project) {
        return tasks().stream().filter(t -> t.project().equals(project)).toList();
    }

    @Override
    public Optional<TaskRecord> task(String taskId) {
        return call("read task " + taskId, () -> readBytes(layout.task(taskId)))
                .map(bytes -> decode(bytes, TaskRecord.class));
    }

    private Map<String, String> readMeta() {
        return call("read the state's meta data", () -> readBytes(layout.meta()))
                .filter(bytes -> bytes.length > 0)
                .map(bytes -> {
                    try {
                        return Map.copyOf(Json.MAPPER.readValue(bytes, META));
                    } catch (IOException e) {
                        throw new StateStoreException("the meta node of the state at " + describe()
                                + " is unreadable: " + e.getMessage(), e);
                    }
                }).orElse(Map.of());
    }

    /** A node's value: its data, or, when it holds none, its chunk children's data in order. */
    private Optional<byte[]> whole(String path, byte[] data) {
        if (data.length > 0) {
            return Optional.of(data);
        }
        List<String> parts = ZooKeeperBulk.children(zk, List.of(path)).getOrDefault(path, List.of()).stream()
                .sorted(Comparator.comparingInt(Integer::parseInt)).map(p -> path + "/" + p).toList();
        if (parts.isEmpty()) {
            return Optional.empty();
        }
        Map<String, byte[]> chunks = ZooKeeperBulk.data(zk, parts);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String part : parts) {
            byte[] chunk = chunks.get(part);
            if (chunk == null) {
                return Optional.empty();  // rewritten while we read: gone now
            }
            out.writeBytes(chunk);
        }
        return Optional.of(out.toByteArray());
    }

    private Optional<byte[]> readBytes(String path) throws Exception {
        try {
            return Optional.of(zk.getData().forPath(path));
        } catch (KeeperException.NoNodeException e) {
            return Optional.empty();
        }
    }

    // ---- writes ----

    @Override
    public synchronized void commit(List<StateChange> changes) {
        ZooKeeperWriter w = writer.orElseThrow(() -> new FencedWriteException("this instance is a standby and does "
                + "not write the state at " + describe() + " (only the elected leader does)"));
        // Encode everything first: a value that cannot be encoded must not leave a commit half-sent.
        Map<String, String> nextMeta = new HashMap<>(meta);
        Map<String, ZooKeeperWriter.Change> byPath = new LinkedHashMap<>();
        for (StateChange change : changes) {
            ZooKeeperWriter.Change c = switch (change) {
                case StateChange.SetFrameworkId s -> {
                    nextMeta.put(StateSchema.FRAMEWORK_ID, s.frameworkId());
                    yield new ZooKeeperWriter.Change.Put(layout.meta(), new byte[0]);  // filled in below
                }
                case StateChange.ClearFrameworkId s -> {
                    nextMeta.remove(StateSchema.FRAMEWORK_ID);
                    yield new ZooKeeperWriter.Change.Put(layout.meta(), new byte[0]);
                }
                case StateChange.PutProject p -> new ZooKeeperWriter.Change.Put(layout.project(p.project().name()),
                        encode(p.project()));
                case StateChange.DeleteProject d -> new ZooKeeperWriter.Change.Delete(layout.project(d.name()));
                case StateChange.PutTask t -> new ZooKeeperWriter.Change.Put(layout.task(t.task().taskId()),
                        taskBytes(t.task()));
                case StateChange.DeleteTask d -> new ZooKeeperWriter.Change.Delete(layout.task(d.taskId()));
            };
            byPath.remove(c.path());  // a later change of the same node wins
            byPath.put(c.path(), c);
        }
        if (byPath.containsKey(layout.meta())) {
            byPath.put(layout.meta(), new ZooKeeperWriter.Change.Put(layout.meta(), json(nextMeta)));
        }
        if (byPath.isEmpty()) {
            return;
        }
        w.apply(byPath.values());
        meta = Map.copyOf(nextMeta);
    }

    private byte[] taskBytes(TaskRecord task) {
        byte[] bytes = encode(task);
        if (bytes.length > ZooKeeperWriter.CHUNK_BYTES) {
            throw new StateStoreException("the record of task " + task.taskId() + " is " + bytes.length / 1024
                    + " KiB compressed, above the " + ZooKeeperWriter.CHUNK_BYTES / 1024 + " KiB a ZooKeeper state "
                    + "keeps per task; nothing of this commit was written");
        }
        return bytes;
    }

    // ---- encoding ----

    private static byte[] encode(Object record) {
        byte[] json = StateJson.encode(record).getBytes(StandardCharsets.UTF_8);
        if (json.length < COMPRESS_FROM) {
            return json;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(json.length / 4);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static <T> T decode(byte[] bytes, Class<T> type) {
        boolean gzipped = bytes.length > 1 && bytes[0] == (byte) 0x1f && bytes[1] == (byte) 0x8b;
        if (!gzipped) {
            return StateJson.decode(new String(bytes, StandardCharsets.UTF_8), type);
        }
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return StateJson.decode(new String(in.readAllBytes(), StandardCharsets.UTF_8), type);
        } catch (IOException e) {
            throw new StateStoreException("stored " + type.getSimpleName() + " is unreadable: " + e.getMessage(), e);
        }
    }

    private static byte[] json(Map<String, String> map) {
        return StateJson.encode(new TreeMap<>(map)).getBytes(StandardCharsets.UTF_8);
    }

    // ---- plumbing ----

    @Override
    public String describe() {
        return target.describe();
    }

    @Override
    public synchronized void close() {
        writer = Optional.empty();
        zk.close();
    }

    private interface Read<T> {
        T get() throws Exception;
    }

    private <T> T call(String what, Read<T> read) {
        try {
            return read.get();
        } catch (StateStoreException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateStoreException("ZooKeeper " + describe() + ": interrupted while asked to " + what, e);
        } catch (Exception e) {
            throw new StateStoreException("ZooKeeper " + describe() + ": cannot " + what + ": " + e.getMessage(), e);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StateStoreException("interrupted while waiting for the state's lock", e);
        }
    }
}
