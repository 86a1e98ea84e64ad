package io.mesoscompose.bench;

import io.mesoscompose.api.model.ApplyRequest;
import io.mesoscompose.compose.SourceFile;
import io.mesoscompose.config.FrameworkConfig;
import io.mesoscompose.framework.Framework;
import io.mesoscompose.json.Json;
import io.mesoscompose.scheduler.SchedulerSnapshot;
import io.mesoscompose.scheduler.ServiceTasks;
import io.mesoscompose.secrets.SecretResolver;
import io.mesoscompose.state.TaskRecord;
import io.mesoscompose.testsupport.TempDirs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Launch throughput, API latency while launching, memory and failover recovery (issues 8 and 19). The framework
 * runs in this JVM; the simulated master runs in a process of its own ({@link SimulatorProcess}), so the CPU time
 * and heap reported for the framework are the framework's, and the simulator's are reported beside them:
 *
 * <ol>
 *   <li>one project with {@code replicas} replicas ({@code cpus: 0.01}, {@code memory: 8}) over {@code agents}
 *       agents, applied through the HTTP API: time from the apply to all RUNNING, ACCEPT calls, framework and
 *       simulator CPU per launched task, and the API's latency meanwhile (a read every 50 ms, an apply of a small
 *       second project every second);</li>
 *   <li>the framework's live heap (after a full collection) with all tasks running;</li>
 *   <li>a second project of as many replicas launched by the same framework, with the figures of the first: the
 *       JIT has compiled the framework's code by then, so this is what a launch costs a framework that has been
 *       running, where the first also pays for warming up a fresh process; then that project taken down (every
 *       task killed), timed;</li>
 *   <li>the framework stopped and started again on the same state: time to re-subscribe and to have every task's
 *       state answered by reconciliation, and how many tasks were launched again (must be 0).</li>
 * </ol>
 *
 * {@code bin/bench LaunchThroughput [replicas] [agents] [offerIntervalMs] [laterLaunches]} (defaults 10,000, 1,000,
 * 100 and 1: how many launches, each taken down, follow the first). The
 * framework logs at INFO to stderr, as in production; {@code JAVA_OPTS} go to the framework's JVM and
 * {@code SIM_JAVA_OPTS} to the simulator's (e.g. {@code -XX:StartFlightRecording=filename=fw.jfr}).
 */
public final class LaunchThroughputBenchmark {

    public static void main(String[] args) throws Exception {
        System.setProperty("LOGLEVEL", Optional.ofNullable(System.getenv("LOGLEVEL")).orElse("info"));
        int replicas = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int agents = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        long offerMillis = args.length > 2 ? Long.parseLong(args[2]) : 100;
        int later = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        Path work = Files.createTempDirectory("mesos-compose-bench");
        // The state of 100,000 tasks takes half a gigabyte: removed as the JVM ends, also when the run is cut short
        // (Ctrl-C, timeout), but kept, with the simulator's log, when the run fails.
        AtomicBoolean keep = new AtomicBoolean();
        // Loaded now: when the run is cut short, bin/bench may remove the copy of the classes before the hook runs.
        MethodHandles.lookup().ensureInitialized(TempDirs.class);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!keep.get()) {
                TempDirs.delete(work);
            }
        }));
        try {
            run(replicas, agents, offerMillis, later, work);
        } catch (Throwable e) { // rethrown as it came
            keep.set(true);
            System.err.println("the benchmark failed; its state and the simulator's log are kept in " + work);
            throw e;
        }
    }

    private static void run(int replicas, int agents, long offerMillis, int later, Path work) throws Exception {
        try (SimulatorHandle sim = SimulatorHandle.start(agents, offerMillis, work.resolve("simulator.log"))) {
            FrameworkConfig config = config(sim, work);

            Framework framework = Framework.start(config, SecretResolver.NONE, Clock.systemUTC());
            waitFor(framework::subscribed, Duration.ofMinutes(1));
            Thread.sleep(1000); // the first offers arrive and are declined: the launch below starts from a steady state
            launch(framework, sim, "bench", replicas, "launch: " + replicas + " replicas over " + agents
                    + " simulated agents, offers every " + offerMillis + " ms (simulator in its own process, nice "
                    + SimulatorHandle.niceness() + ")");
            // The same launch again, whose code the JIT has compiled by now: what a launch costs a framework that
            // has been running, apart from what the first launch in a fresh process pays to warm up. Then that
            // project is taken down, so that the restart below recovers the first project's tasks alone. More such
            // launches on request: the JIT still recompiles in the second (paths the first did not take).
            for (int i = 1; i <= later; i++) {
                String project = i == 1 ? "again" : "again" + i;
                launch(framework, sim, project, replicas, (i == 1 ? "second launch" : "launch " + (i + 1))
                        + ": another " + replicas + " replicas, by the same framework (its code compiled by the "
                        + (i == 1 ? "first launch)" : "launches before)"));
                takeDown(framework, sim, project, replicas);
            }

            framework.close();
            // Unreachable now: the heap measured after the recovery is the restarted framework's alone (until
            // 2026-12-01 it held the closed instance too, with its 100,000 task records: 186 MB at 100,000).
            framework = null;
            Thread.sleep(1000);
            SimulatorHandle.Stats sim2 = sim.stats();
            long fwCpu2 = BenchReport.processCpuNanos();
            long start = System.nanoTime();
            Framework restarted = Framework.start(config, SecretResolver.NONE, Clock.systemUTC());
            waitFor(restarted::subscribed, Duration.ofMinutes(5));
            long subscribedNanos = System.nanoTime() - start;
            RunningCount recovered = new RunningCount();
            waitFor(() -> {
                SchedulerSnapshot s = restarted.scheduler().snapshot();
                return s.subscribed() && s.awaitingReconciliation() == 0 && recovered.of(s, "bench") == replicas;
            }, Duration.ofMinutes(10));
            long reconciledNanos = System.nanoTime() - start;
            long recoveryCpu = BenchReport.processCpuNanos() - fwCpu2;
            Thread.sleep(3000); // offer cycles: a relaunch would happen now
            SimulatorHandle.Stats sim3 = sim.stats();
            long liveAfter = liveHeapBytes();

            BenchReport.header("failover recovery: the framework restarted with " + replicas + " running tasks");
            BenchReport.row("restart → subscribed (with the stored framework ID)", "%.2f s", subscribedNanos / 1e9);
            BenchReport.row("restart → every task's state answered by reconciliation, all RUNNING", "%.2f s",
                    reconciledNanos / 1e9);
            BenchReport.row("framework CPU for the recovery", "%.1f s", recoveryCpu / 1e9);
            BenchReport.row("RECONCILE calls", "%d", sim3.callsOf("RECONCILE") - sim2.callsOf("RECONCILE"));
            BenchReport.row("ACCEPT calls after the restart (relaunches: must be 0)", "%d",
                    sim3.callsOf("ACCEPT") - sim2.callsOf("ACCEPT"));
            BenchReport.row("tasks on the simulated master", "%d", sim3.taskCount());
            BenchReport.row("framework heap after the recovery: live after a full GC", "%d MB", liveAfter >> 20);
            BenchReport.row("load average after the run (1, 5, 15 min)", "%s", BenchReport.loadAverage());
            // What a client listing everything waits for (the Mesos CLI's compose plugin lists v0's tasks), each asked
            // twice: the first answer makes the views of the snapshot, the second finds them made.
            timeEndpoints("the framework's API with every task running", "framework GET",
                    restarted.apiUri().toString().replaceAll("/+$", ""), List.of("/api/compose/v0/tasks",
                            "/api/compose/v1/tasks?project=bench", "/api/compose/v1/projects"), 2);
            restarted.close();
            timeEndpoints("the simulated master's operator endpoints with every task running", "simulator GET",
                    sim.url(), List.of("/master/state", "/master/slaves", "/master/frameworks", "/master/tasks"), 1);
        }
    }

    /**
     * Applies {@code project} with {@code replicas} replicas and waits for all to run, with the API probed meanwhile;
     * prints the launch's figures under {@code title}.
     */
    private static void launch(Framework framework, SimulatorHandle sim, String project, int replicas, String title)
            throws Exception {
        String loadBefore = BenchReport.loadAverage();
        BenchReport.resetPeakHeap();
        long fwCpu0 = BenchReport.processCpuNanos();
        BenchReport.JvmWork jvm0 = BenchReport.jvmWork();
        Map<String, Long> threads0 = BenchReport.threadCpu();
        long allocated0 = BenchReport.allocatedBytes();
        SimulatorHandle.Stats sim0 = sim.stats();
        LoopTimer.Both loop0 = LoopTimer.read(framework.apiUri());
        GcPauses gc = GcPauses.get();
        // This thread is the harness: the apply's client side and the polling of the snapshot below are not the
        // framework's work, and are counted apart as the probe's are.
        long harnessCpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        long start = System.nanoTime();
        long applyMillis = apply(framework.apiUri(), project, compose(replicas));
        ApiProbe probe = ApiProbe.start(framework.apiUri(), project);
        RunningCount launched = new RunningCount();
        waitFor(() -> launched.of(framework.scheduler().snapshot(), project) == replicas, Duration.ofMinutes(30));
        long launchNanos = System.nanoTime() - start;
        List<GcPauses.Pause> pauses = gc.between(start, start + launchNanos);
        long harnessCpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - harnessCpu0;
        List<ApiProbe.Latencies> latencies = probe.stop();
        // The probe is the benchmark's client in this JVM, not the framework: its threads' CPU is counted apart.
        long fwCpu = BenchReport.processCpuNanos() - fwCpu0 - probe.cpuNanos() - harnessCpu;
        BenchReport.JvmWork jvm = BenchReport.jvmWork().minus(jvm0);
        Map<String, Long> threads = BenchReport.threadCpu();
        long allocated = BenchReport.allocatedBytes() - allocated0 - probe.allocatedBytes();
        SimulatorHandle.Stats sim1 = sim.stats();
        LoopTimer.Both loop = LoopTimer.read(framework.apiUri()).minus(loop0);
        long simCpu = sim1.cpuNanos() - sim0.cpuNanos();
        long accepts = sim1.callsOf("ACCEPT") - sim0.callsOf("ACCEPT");
        long peak = BenchReport.peakHeapBytes();
        long live = liveHeapBytes();
        SimulatorHandle.Stats simGc = sim.statsAfterGc();

        BenchReport.header(title);
        BenchReport.row("load average before the launch (1, 5, 15 min)", "%s", loadBefore);
        BenchReport.row("apply → all RUNNING", "%.1f s (%.0f tasks/s)", launchNanos / 1e9,
                replicas / (launchNanos / 1e9));
        BenchReport.row("apply request of the " + replicas + "-replica project", "%d ms", applyMillis);
        BenchReport.row("RUNNING on the simulated master", "%d", sim1.tasksIn("TASK_RUNNING"));
        BenchReport.row("ACCEPT calls (tasks per ACCEPT)", "%d (%.1f)", accepts, (double) replicas / Math.max(1, accepts));
        BenchReport.row("ACKNOWLEDGE calls (status updates sent again, unacknowledged for 10 s or more)",
                "%d (%d)", sim1.callsOf("ACKNOWLEDGE") - sim0.callsOf("ACKNOWLEDGE"), sim1.resent() - sim0.resent());
        BenchReport.row("state store commits (the loop waits for each)", "%s", loop.commits().describe());
        BenchReport.row("scheduler loop steps (a request waits for the one in progress)", "%s", loop.steps().describe());
        BenchReport.row("framework CPU during the launch", "%.1f s = %.0f µs per task", fwCpu / 1e9,
                fwCpu / 1e3 / replicas);
        BenchReport.row("  of which the JIT compilers / the garbage collector", "%.1f s / %.1f s",
                jvm.jitNanos() / 1e9, jvm.gcNanos() / 1e9);
        BenchReport.row("  not counted: the API probe's client threads / the harness' thread (apply, polling)",
                "%.1f s / %.1f s", probe.cpuNanos() / 1e9, harnessCpu / 1e9);
        BenchReport.row("  the threads that used most (# for a number; share of the framework's CPU)", "%s",
                BenchReport.topThreads(threads0, threads, fwCpu, 8));
        BenchReport.row("framework heap allocation during the launch (without the probe's)", "%.0f MB = %.1f kB per task",
                allocated / 1048576.0, allocated / 1024.0 / replicas);
        BenchReport.row("framework collections during the launch: count, time the collector beans report", "%d, %d ms",
                jvm.collections(), jvm.collectionMillis());
        long own = fwCpu - jvm.jitNanos() - jvm.gcNanos();
        BenchReport.row("framework CPU without JIT and GC threads", "%.1f s = %.0f µs per task", own / 1e9,
                own / 1e3 / replicas);
        BenchReport.row("simulator CPU during the launch", "%.1f s = %.0f µs per task", simCpu / 1e9,
                simCpu / 1e3 / replicas);
        BenchReport.JvmWork simJvm = sim1.jvm().minus(sim0.jvm());
        long simOwn = simCpu - simJvm.jitNanos() - simJvm.gcNanos();
        BenchReport.row("simulator CPU without JIT and GC threads", "%.1f s = %.0f µs per task", simOwn / 1e9,
                simOwn / 1e3 / replicas);
        BenchReport.row("ratio framework CPU / simulator CPU (same run): all / without JIT and GC", "%.2f / %.2f",
                (double) fwCpu / simCpu, (double) own / simOwn);
        for (ApiProbe.Latencies l : latencies) {
            BenchReport.row("API while launching: " + l.what(), "%s", l.describe());
            BenchReport.row("  the slowest, and when (seconds after the big project's apply was answered)", "%s", l.slowest(4));
            List<Integer> slow = l.over(100);
            if (!slow.isEmpty()) {
                BenchReport.row("  those over 100 ms, and the framework's collector pauses while each waited", "%s",
                        slow.stream().map(i -> String.format(Locale.ROOT, "%.0f ms at %.1f s: %s", l.millis().get(i),
                                l.startedAt().get(i), GcPauses.within(pauses, probe.startedNanos(),
                                        l.startedAt().get(i), l.startedAt().get(i) + l.millis().get(i) / 1e3)))
                                .collect(Collectors.joining("; ")));
            }
        }
        BenchReport.row("framework GC pauses during the launch (seconds after the big project's apply was answered)",
                "%s", GcPauses.describe(pauses, probe.startedNanos()));
        BenchReport.row("framework heap: live after a full GC / peak", "%d MB / %d MB", live >> 20, peak >> 20);
        BenchReport.row("simulator heap: live after a full GC", "%d MB", simGc.heapBytes() >> 20);
    }

    /**
     * Takes {@code project} down through the API and waits until the framework has forgotten it (every task ended)
     * and the master has forgotten its tasks (every update acknowledged).
     */
    private static void takeDown(Framework framework, SimulatorHandle sim, String project, int replicas)
            throws Exception {
        long cpu0 = BenchReport.processCpuNanos();
        BenchReport.JvmWork jvm0 = BenchReport.jvmWork();
        Map<String, Long> threads0 = BenchReport.threadCpu();
        SimulatorHandle.Stats sim0 = sim.stats();
        LoopTimer.Both loop0 = LoopTimer.read(framework.apiUri());
        long start = System.nanoTime();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(framework.apiUri().resolve(
                    "/api/compose/v1/projects/" + project)).timeout(Duration.ofMinutes(2)).DELETE().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() / 100 != 2) {
                throw new IllegalStateException("take-down refused: " + answer.statusCode() + " " + answer.body());
            }
        }
        long answeredNanos = System.nanoTime() - start;
        waitFor(() -> !framework.scheduler().snapshot().projects().containsKey(project), Duration.ofMinutes(30));
        long nanos = System.nanoTime() - start;
        // The master forgets a task once its last update is acknowledged: until then the restart below would be
        // sent those updates again, and recover them besides the first project's tasks.
        long left = sim0.taskCount() - replicas;
        waitFor(() -> stats(sim).taskCount() <= left, Duration.ofMinutes(5));
        long acknowledgedNanos = System.nanoTime() - start;
        long cpu = BenchReport.processCpuNanos() - cpu0;
        BenchReport.JvmWork jvm = BenchReport.jvmWork().minus(jvm0);
        Map<String, Long> threads = BenchReport.threadCpu();
        SimulatorHandle.Stats sim1 = sim.stats();
        LoopTimer.Both loop = LoopTimer.read(framework.apiUri()).minus(loop0);
        BenchReport.header("take-down: project " + project + ", its " + replicas + " tasks killed (DELETE /projects/"
                + project + ")");
        BenchReport.row("DELETE answered (the loop step that takes it)", "%d ms", answeredNanos / 1_000_000);
        BenchReport.row("DELETE → every task ended and the project forgotten", "%.1f s (%.0f tasks/s)", nanos / 1e9,
                replicas / (nanos / 1e9));
        BenchReport.row("  … and every update acknowledged (the master has forgotten the tasks)", "%.1f s",
                acknowledgedNanos / 1e9);
        BenchReport.row("KILL calls", "%d", sim1.callsOf("KILL") - sim0.callsOf("KILL"));
        BenchReport.row("state store commits (the loop waits for each)", "%s", loop.commits().describe());
        BenchReport.row("scheduler loop steps (a request waits for the one in progress)", "%s", loop.steps().describe());
        BenchReport.row("RUNNING on the simulated master", "%d", sim1.tasksIn("TASK_RUNNING"));
        BenchReport.row("framework CPU", "%.1f s = %.0f µs per task", cpu / 1e9, cpu / 1e3 / replicas);
        BenchReport.row("  of which the JIT compilers / the garbage collector", "%.1f s / %.1f s",
                jvm.jitNanos() / 1e9, jvm.gcNanos() / 1e9);
        BenchReport.row("  the threads that used most (# for a number; share of the framework's CPU)", "%s",
                BenchReport.topThreads(threads0, threads, cpu, 8));
        long simCpu = sim1.cpuNanos() - sim0.cpuNanos();
        BenchReport.row("simulator CPU", "%.1f s = %.0f µs per task", simCpu / 1e9, simCpu / 1e3 / replicas);
    }

    /** The simulator's figures, for a wait's condition. */
    private static SimulatorHandle.Stats stats(SimulatorHandle sim) {
        try {
            return sim.stats();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The framework's settings against the simulated master: the embedded store in {@code work}, the API on a free
     * loopback port without authentication (the harness is its only client).
     */
    static FrameworkConfig config(SimulatorHandle sim, Path work) {
        return FrameworkConfig.fromEnvironment(Map.of("MESOS_MASTER", sim.url(), "FRAMEWORK_HOSTNAME", "127.0.0.1",
                "FRAMEWORK_LISTEN", "127.0.0.1")).with(new FrameworkConfig.Overrides(Optional.empty(), Optional.empty(),
                Optional.of(0), Optional.empty(), Optional.of(work.resolve("state").toString()), true));
    }

    /** Applies a project through the API, as the CLI does; its answer's time in milliseconds. */
    static long apply(URI api, String project, String compose) throws Exception {
        byte[] body = Json.MAPPER.writeValueAsBytes(new ApplyRequest(List.of(new SourceFile(project + ".yml", compose)),
                Map.of()));
        try (HttpClient http = HttpClient.newHttpClient()) {
            long start = System.nanoTime();
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(api.resolve("/api/compose/v1/projects/"
                            + project)).header("Content-Type", "application/json").timeout(Duration.ofMinutes(2))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
            long millis = (System.nanoTime() - start) / 1_000_000;
            if (answer.statusCode() / 100 != 2) {
                throw new IllegalStateException("apply refused: " + answer.statusCode() + " " + answer.body());
            }
            return millis;
        }
    }

    /**
     * How long each of {@code paths} takes to answer, asked {@code times} times in a row (the times joined by "then"),
     * under {@code title}.
     */
    private static void timeEndpoints(String title, String what, String base, List<String> paths, int times)
            throws Exception {
        BenchReport.header(title);
        try (HttpClient http = HttpClient.newHttpClient()) {
            for (String path : paths) {
                List<String> took = new ArrayList<>();
                String answered = "";
                for (int i = 0; i < times; i++) {
                    long start = System.nanoTime();
                    try {
                        HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(URI.create(base + path))
                                .timeout(Duration.ofMinutes(2)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
                        took.add((System.nanoTime() - start) / 1_000_000 + " ms");
                        answered = String.format(Locale.ROOT, " (%d KiB, HTTP %d)", answer.body().length >> 10,
                                answer.statusCode());
                    } catch (IOException e) {
                        took.add("failed after " + (System.nanoTime() - start) / 1_000_000 + " ms: " + e);
                    }
                }
                BenchReport.row(what + " " + path, "%s", String.join(", then ", took) + answered);
            }
        }
    }

    /**
     * Tasks of a project that {@code counts} holds for (RUNNING, by default), counted per group of the snapshot and kept
     * while a group is the same object (a snapshot shares the groups none of whose tasks changed), so polling every
     * 100 ms costs what changed, not a look at 100,000 tasks: the harness runs in the framework's JVM and its CPU
     * counts as the framework's.
     */
    static final class RunningCount {
        private final Predicate<TaskRecord> counts;
        private Map<List<TaskRecord>, Integer> counted = new IdentityHashMap<>();

        RunningCount() {
            this(t -> t.state().equals("TASK_RUNNING"));
        }

        RunningCount(Predicate<TaskRecord> counts) {
            this.counts = counts;
        }

        synchronized long of(SchedulerSnapshot s, String project) {
            Map<List<TaskRecord>, Integer> next = new IdentityHashMap<>();
            long n = 0;
            for (ServiceTasks service : s.services().values()) {
                if (!service.service().project().equals(project)) {
                    continue;
                }
                for (List<TaskRecord> group : service.groups()) {
                    Integer c = counted.get(group);
                    if (c == null) {
                        c = (int) group.stream().filter(counts).count();
                    }
                    next.put(group, c);
                    n += c;
                }
            }
            counted = next;
            return n;
        }
    }

    private static long liveHeapBytes() {
        System.gc();
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    private static String compose(int replicas) {
        return "services:\n  web:\n    image: nginx\n    deploy:\n      replicas: " + replicas
                + "\n      resources: {limits: {cpus: 0.01, memory: 8}}\n";
    }

    static void waitFor(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout);
            }
            Thread.sleep(100);
            BenchReport.watchCompilers();
        }
    }
}
