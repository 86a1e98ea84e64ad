package io.mesoscompose.bench;

import io.mesoscompose.plan.TaskFactory;
import io.mesoscompose.state.EmbeddedStateStore;
import io.mesoscompose.state.StateChange;
import io.mesoscompose.state.StateStore;
import io.mesoscompose.state.TaskRecord;
import io.mesoscompose.testsupport.TempDirs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

/**
 * The embedded state store under the load pattern of a big launch (issue 19): {@code tasks} records committed in
 * batches of 1,000 as {@code scheduler.Launcher} writes them before its ACCEPTs (TASK_STAGING, a host port, one
 * transition), then the same records again as TASK_RUNNING, in launch order and batches of 1,000, as
 * {@code scheduler.UpdateBatch} writes the updates; then the store is closed and opened again and every task read
 * ({@link StateStore#tasks()}, what a restart waits for), once in this JVM and once in a new one (a restart's cold
 * JIT).
 *
 * <p>Run with {@code bin/bench StateStore [tasks] [updateBatch] [random]}: {@code updateBatch} is the number of
 * updates per commit (1,000 unless given; {@code UpdateBatch} commits what arrived within 100 ms), {@code random}
 * gives the tasks random (version 4) UUIDs, as task IDs were before they were time-ordered, instead of
 * {@code TaskFactory.newTaskId}'s. CPU is this thread's
 * ({@link ThreadMXBean}), so the JIT compiler's and the collector's threads are not in it; a warm-up run of 20,000
 * tasks on another store comes first so that the measured run finds the code compiled. Give the JVM a fixed heap
 * touched in advance ({@code JAVA_OPTS="-Xms3g -Xmx3g -XX:+AlwaysPreTouch"}): otherwise the first touch of each
 * page of a growing heap is system CPU time of the thread that allocates, and it varies several-fold between runs.
 */
public final class StateStoreBenchmark {

    private static final int BATCH = 1_000;
    private static final int AGENTS = 10_000;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        if (args.length == 2 && args[0].equals("--load")) {
            loadInThisJvm(Path.of(args[1]));
            return;
        }
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int updateBatch = args.length > 1 ? Integer.parseInt(args[1]) : BATCH;
        boolean random = args.length > 2 && args[2].equals("random");
        Path root = Files.createTempDirectory("mesos-compose-state-bench");
        try {
            String load = BenchReport.loadAverage();
            run(root.resolve("warm-up"), Math.min(tasks, 20_000), updateBatch, random, false);
            BenchReport.header("embedded state store: " + tasks + " tasks launched and running, then loaded");
            BenchReport.row("load average (1, 5, 15 min) before the run", "%s", load);
            BenchReport.row("task IDs", "%s", random ? "random UUIDs" : "time-ordered (TaskFactory.newTaskId)");
            BenchReport.row("fsync of 4 KiB in the same directory: median", "%.2f ms", fsyncMillis(root));
            run(root.resolve("measured"), tasks, updateBatch, random, true);
            BenchReport.row("load average (1, 5, 15 min) after the run", "%s", BenchReport.loadAverage());
        } finally {
            TempDirs.delete(root);
        }
    }

    private static void run(Path dir, int tasks, int updateBatch, boolean random, boolean report) throws Exception {
        Random rnd = new Random(7);
        Instant start = Instant.parse("2026-11-30T14:55:51.733167660Z");
        List<TaskRecord> launched = new ArrayList<>(tasks);
        Phase launch = new Phase();
        Phase running = new Phase();
        // records made beforehand: only the commits are measured
        List<List<StateChange>> launches = new ArrayList<>();
        for (int from = 0; from < tasks; from += BATCH) {
            List<StateChange> batch = new ArrayList<>(BATCH);
            Instant now = start.plusMillis(from / 10);
            for (int i = from; i < Math.min(tasks, from + BATCH); i++) {
                TaskRecord t = staging(i, random, rnd, now);
                launched.add(t);
                batch.add(new StateChange.PutTask(t));
            }
            launches.add(batch);
        }
        List<List<StateChange>> updates = new ArrayList<>();
        for (int from = 0; from < tasks; from += updateBatch) {
            List<StateChange> batch = new ArrayList<>(updateBatch);
            for (int i = from; i < Math.min(tasks, from + updateBatch); i++) {
                batch.add(new StateChange.PutTask(running(launched.get(i), rnd)));
            }
            updates.add(batch);
        }
        try (EmbeddedStateStore store = EmbeddedStateStore.open(dir)) {
            launch.commit(store, launches);
            long sizeAfterLaunch = Files.size(dir.resolve("state.mv.db"));
            running.commit(store, updates);
            if (report) {
                launch.report("launch: STAGING records, commits of 1,000", tasks);
                BenchReport.row("file size after the launch", "%.1f MB", sizeAfterLaunch / 1e6);
                running.report("updates: RUNNING records, commits of " + updateBatch, tasks);
                Phase both = launch.plus(running);
                BenchReport.row("**CPU per task written, launch and updates** (of it user)", "%.1f (%.1f) µs",
                        both.cpuNanos / 1e3 / (2.0 * tasks), both.userNanos / 1e3 / (2.0 * tasks));
            }
        }
        long size = Files.size(dir.resolve("state.mv.db"));
        Load load = Load.of(dir);
        if (load.records().size() != tasks) {
            throw new IllegalStateException("read " + load.records().size() + " tasks, wrote " + tasks);
        }
        if (!report) {
            return;
        }
        BenchReport.row("file size after the updates", "%.1f MB", size / 1e6);
        BenchReport.row("open + tasks(), this JVM (warm): wall (of it open) / process CPU without JIT and GC",
                "%d (%d) / %d ms", load.wallNanos() / 1_000_000, load.openNanos() / 1_000_000,
                (load.cpuNanos() - load.jvm().jitNanos() - load.jvm().gcNanos()) / 1_000_000);
        BenchReport.row("open + tasks(), new JVM (cold): wall (of it open) / process CPU (of it JIT, GC threads)", "%s", loadInNewJvm(dir));
    }

    /** Commits timed one by one. */
    private static final class Phase {
        long cpuNanos;
        long userNanos;
        long processNanos;
        long wallNanos;
        final List<Long> commitWall = new ArrayList<>();

        /** Commits the batches one after the other: CPU over all of them (one reading each), wall per commit. */
        void commit(StateStore store, List<List<StateChange>> batches) {
            BenchReport.JvmWork jvm = BenchReport.jvmWork();
            long process = BenchReport.processCpuNanos();
            long cpu = THREADS.getCurrentThreadCpuTime();
            long user = THREADS.getCurrentThreadUserTime();
            for (List<StateChange> batch : batches) {
                long wall = System.nanoTime();
                store.commit(batch);
                long took = System.nanoTime() - wall;
                wallNanos += took;
                commitWall.add(took);
            }
            cpuNanos += THREADS.getCurrentThreadCpuTime() - cpu;
            userNanos += THREADS.getCurrentThreadUserTime() - user;
            BenchReport.JvmWork jvmUsed = BenchReport.jvmWork().minus(jvm);
            processNanos += BenchReport.processCpuNanos() - process - jvmUsed.jitNanos() - jvmUsed.gcNanos();
        }

        Phase plus(Phase other) {
            Phase sum = new Phase();
            sum.cpuNanos = cpuNanos + other.cpuNanos;
            sum.userNanos = userNanos + other.userNanos;
            sum.processNanos = processNanos + other.processNanos;
            sum.wallNanos = wallNanos + other.wallNanos;
            return sum;
        }

        void report(String what, int tasks) {
            long[] sorted = commitWall.stream().mapToLong(Long::longValue).sorted().toArray();
            BenchReport.row(what + ": per task, CPU of the committing thread (of it user) / of the process without JIT"
                    + " and GC / wall", "%.1f (%.1f) / %.1f / %.1f µs", cpuNanos / 1e3 / tasks, userNanos / 1e3 / tasks,
                    processNanos / 1e3 / tasks, wallNanos / 1e3 / tasks);
            BenchReport.row(what + ": wall per commit p50 / p99 / max", "%.1f / %.1f / %.1f ms",
                    sorted[sorted.length / 2] / 1e6, sorted[(int) (sorted.length * 0.99)] / 1e6,
                    sorted[sorted.length - 1] / 1e6);
        }
    }

    /** A record as {@code Launcher.record} makes it. */
    public static TaskRecord staging(int i, boolean random, Random rnd, Instant now) {
        String id = random ? "bench_web." + new UUID(rnd.nextLong(), rnd.nextLong())
                : TaskFactory.newTaskId("bench", "web").getValue();
        int agent = i % AGENTS;
        return new TaskRecord(id, "bench", "web", i, 1, FINGERPRINT, Optional.of("sim-agent-" + agent),
                Optional.of("agent" + agent + ".sim.local"), "TASK_STAGING", TaskRecord.Desired.RUN,
                Map.of("80/tcp", 31_000 + i / AGENTS), Optional.empty(), Optional.empty(), Optional.empty(), 0, now, now,
                List.of(new TaskRecord.Transition("TASK_STAGING", now, Optional.empty())));
    }

    /** The record after its TASK_RUNNING update, as {@code StatusUpdates.apply} makes it. */
    public static TaskRecord running(TaskRecord t, Random rnd) {
        Instant now = t.createdAt().plusNanos(2_000_000_000L + rnd.nextInt(1_000_000_000));
        List<TaskRecord.Transition> history = new ArrayList<>(t.history());
        history.add(new TaskRecord.Transition("TASK_RUNNING", now, Optional.empty()));
        return new TaskRecord(t.taskId(), t.project(), t.service(), t.replica(), t.projectVersion(), t.fingerprint(),
                t.agentId(), t.hostname(), "TASK_RUNNING", t.desired(), t.hostPorts(), t.message(), t.exitCode(),
                t.healthy(), t.attempt(), t.createdAt(), now, history);
    }

    /** A ServicePlan fingerprint: 64 hex digits. */
    private static final String FINGERPRINT = fingerprint();

    private static String fingerprint() {
        byte[] bytes = new byte[32];
        new Random(1).nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** A restart's read: open, then every task; times, and the process's CPU and the JIT's and collector's in it. */
    private record Load(List<TaskRecord> records, long openNanos, long wallNanos, long cpuNanos, BenchReport.JvmWork jvm) {
        static Load of(Path dir) {
            BenchReport.JvmWork jvm = BenchReport.jvmWork();
            long cpu = BenchReport.processCpuNanos();
            long wall = System.nanoTime();
            try (EmbeddedStateStore store = EmbeddedStateStore.open(dir)) {
                long open = System.nanoTime() - wall;
                List<TaskRecord> records = store.tasks();
                return new Load(records, open, System.nanoTime() - wall, BenchReport.processCpuNanos() - cpu,
                        BenchReport.jvmWork().minus(jvm));
            }
        }
    }

    /** Child mode: reads the store, prints the times and CPU, and the heap the records hold. */
    private static void loadInThisJvm(Path dir) {
        Load load = Load.of(dir);
        System.gc();
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.printf("%d (%d) ms / %d ms (%d, %d); %d tasks, live heap %d MB%n", load.wallNanos() / 1_000_000,
                load.openNanos() / 1_000_000, load.cpuNanos() / 1_000_000, load.jvm().jitNanos() / 1_000_000,
                load.jvm().gcNanos() / 1_000_000, load.records().size(), heap >> 20);
    }

    private static String loadInNewJvm(Path dir) throws IOException, InterruptedException {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), StateStoreBenchmark.class.getName(), "--load",
                dir.toString()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String line;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            line = out.readLine();
        }
        child.waitFor();
        return line;
    }

    /** The median time of writing 4 KiB and forcing it to disk, as a commit's fsync does at least once. */
    private static double fsyncMillis(Path dir) throws IOException {
        long[] nanos = new long[30];
        try (FileChannel ch = FileChannel.open(dir.resolve("fsync-probe"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE)) {
            for (int i = 0; i < nanos.length; i++) {
                long start = System.nanoTime();
                ch.write(ByteBuffer.allocate(4096), (long) i * 4096);
                ch.force(true);
                nanos[i] = System.nanoTime() - start;
            }
        }
        Arrays.sort(nanos);
        return nanos[nanos.length / 2] / 1e6;
    }

    private StateStoreBenchmark() {}
}
