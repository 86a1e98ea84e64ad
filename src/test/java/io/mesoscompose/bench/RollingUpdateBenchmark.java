package io.mesoscompose.bench;

import io.mesoscompose.framework.Framework;
import io.mesoscompose.scheduler.TaskStates;
import io.mesoscompose.secrets.SecretResolver;
import io.mesoscompose.testsupport.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * A rolling update and a scale-down at scale (issue 19): one service of {@code replicas} replicas over
 * {@code agents} simulated agents (the simulator in its own process, as in {@link LaunchThroughputBenchmark}) is
 * launched, then updated to a new image in batches of 1,000 ({@code update_config: {parallelism: 1000, order:
 * stop-first, delay: 0s, monitor: 1s}}), then scaled down to half. Each phase: time from the apply to done, the
 * framework's CPU and the threads that used most.
 *
 * <p>{@code bin/bench RollingUpdate [replicas] [agents]} (defaults 10,000 and 1,000).
 */
public final class RollingUpdateBenchmark {

    private static final String PROJECT = "bench";

    public static void main(String[] args) throws Exception {
        System.setProperty("LOGLEVEL", System.getenv().getOrDefault("LOGLEVEL", "info"));
        int replicas = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int agents = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        Path work = Files.createTempDirectory("mesos-compose-bench");
        try (SimulatorHandle sim = SimulatorHandle.start(agents, 100, work.resolve("simulator.log"))) {
            Framework framework = Framework.start(LaunchThroughputBenchmark.config(sim, work), SecretResolver.NONE,
                    Clock.systemUTC());
            LaunchThroughputBenchmark.waitFor(framework::subscribed, Duration.ofMinutes(1));
            Thread.sleep(1000); // the first offers arrive and are declined
            BenchReport.header("rolling update: " + replicas + " replicas over " + agents + " simulated agents");
            var running = new LaunchThroughputBenchmark.RunningCount();
            phase("launch (image nginx:1)", framework, compose(replicas, "nginx:1"),
                    () -> running.of(framework.scheduler().snapshot(), PROJECT) == replicas);
            String before = fingerprint(framework);
            var updated = new LaunchThroughputBenchmark.RunningCount(t -> !t.fingerprint().equals(before)
                    && t.state().equals("TASK_RUNNING"));
            var live = new LaunchThroughputBenchmark.RunningCount(t -> !TaskStates.terminal(t.state()));
            phase("update to nginx:2, 1,000 at a time, stop-first", framework, compose(replicas, "nginx:2"),
                    () -> updated.of(framework.scheduler().snapshot(), PROJECT) == replicas
                            && live.of(framework.scheduler().snapshot(), PROJECT) == replicas);
            phase("scale down to " + replicas / 2, framework, compose(replicas / 2, "nginx:2"),
                    () -> live.of(framework.scheduler().snapshot(), PROJECT) == replicas / 2);
            framework.close();
        } finally {
            TempDirs.delete(work);
        }
    }

    private static void phase(String name, Framework framework, String compose, BooleanSupplier done)
            throws Exception {
        long cpu0 = BenchReport.processCpuNanos();
        Map<String, Long> threads0 = BenchReport.threadCpu();
        long start = System.nanoTime();
        long applyMillis = LaunchThroughputBenchmark.apply(framework.apiUri(), PROJECT, compose);
        LaunchThroughputBenchmark.waitFor(done, Duration.ofMinutes(30));
        long nanos = System.nanoTime() - start;
        long cpu = BenchReport.processCpuNanos() - cpu0;
        BenchReport.row(name + ": apply answered / done", "%d ms / %.1f s", applyMillis, nanos / 1e9);
        BenchReport.row("  framework CPU; the threads that used most", "%.1f s; %s", cpu / 1e9,
                BenchReport.topThreads(threads0, BenchReport.threadCpu(), cpu, 6));
    }

    private static String fingerprint(Framework framework) {
        return framework.scheduler().snapshot().plans().get(PROJECT).services().getFirst().fingerprint();
    }

    private static String compose(int replicas, String image) {
        return "services:\n  web:\n    image: " + image + "\n    deploy:\n      replicas: " + replicas
                + "\n      resources: {limits: {cpus: 0.01, memory: 8}}"
                + "\n      update_config: {parallelism: 1000, order: stop-first, delay: 0s, monitor: 1s}\n";
    }
}
