package io.mesoscompose.bench;

import io.mesoscompose.config.FrameworkConfig;
import io.mesoscompose.framework.Framework;
import io.mesoscompose.secrets.SecretResolver;
import io.mesoscompose.simulator.MesosMasterSimulator;
import io.mesoscompose.simulator.SimulatorConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.v1.scheduler.Protos.Call;

/**
 * Launch throughput and failover recovery (issue 8), the real framework in this JVM against the simulated master:
 *
 * <ol>
 *   <li>one project with {@code replicas} replicas over {@code agents} agents: time from submit to all RUNNING, ACCEPT
 *       calls made and tasks per ACCEPT, framework CPU time, peak heap;</li>
 *   <li>the framework stopped and started again on the same state with all those tasks running: time to
 *       re-subscribe and to finish reconciliation, and how many tasks were launched again (must be 0).</li>
 * </ol>
 *
 * {@code bin/bench LaunchThroughput [replicas] [agents]} (defaults 10,000 and 1,000). The simulator shares the JVM,
 * so CPU time and heap include it: they are upper bounds for the framework.
 */
public final class LaunchThroughputBenchmark {

    public static void main(String[] args) throws Exception {
        int replicas = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int agents = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        Path state = Files.createTempDirectory("mesos-compose-bench");
        try (MesosMasterSimulator master = MesosMasterSimulator.start(SimulatorConfig.builder()
                .agents(SimulatorConfig.generateAgents(agents, 1))
                .heartbeatInterval(Duration.ofSeconds(5)).offerInterval(Duration.ofMillis(100)).build())) {
            FrameworkConfig config = FrameworkConfig.fromEnvironment(Map.of("MESOS_MASTER", master.url(),
                    "FRAMEWORK_HOSTNAME", "127.0.0.1", "FRAMEWORK_LISTEN", "127.0.0.1")).with(new FrameworkConfig.Overrides(
                    Optional.empty(), Optional.empty(), Optional.of(0), Optional.empty(), Optional.of(state.toString()), true));

            BenchReport.header("launch throughput: " + replicas + " replicas over " + agents + " simulated agents");
            Framework framework = Framework.start(config, SecretResolver.NONE, Clock.systemUTC());
            waitFor(framework::subscribed, Duration.ofMinutes(1));
            long cpuBefore = BenchReport.processCpuNanos();
            long start = System.nanoTime();
            var submitted = framework.projects().submit("bench", io.mesoscompose.compose.ComposeInput.of(List.of(
                    new io.mesoscompose.compose.SourceFile("bench.yml", compose(replicas)))), Map.of());
            if (!submitted.accepted()) {
                throw new IllegalStateException("refused: " + submitted.diagnostics());
            }
            waitFor(() -> master.runningTasks().size() == replicas, Duration.ofMinutes(30));
            long launchNanos = System.nanoTime() - start;
            long accepts = master.calls(Call.Type.ACCEPT);
            BenchReport.row("submit → all RUNNING", "%.1f s", launchNanos / 1e9);
            BenchReport.row("tasks per second", "%.0f", replicas / (launchNanos / 1e9));
            BenchReport.row("ACCEPT calls", "%d", accepts);
            BenchReport.row("tasks per ACCEPT", "%.1f", (double) replicas / Math.max(1, accepts));
            BenchReport.row("process CPU time during launch (framework + simulator)", "%.1f s",
                    (BenchReport.processCpuNanos() - cpuBefore) / 1e9);
            BenchReport.row("peak heap (framework + simulator)", "%d MB", BenchReport.peakHeapBytes() >> 20);

            BenchReport.header("failover recovery: framework restarted with " + replicas + " running tasks");
            framework.close();
            long launchesBefore = master.calls(Call.Type.ACCEPT);
            long reconcilesBefore = master.calls(Call.Type.RECONCILE);
            start = System.nanoTime();
            framework = Framework.start(config, SecretResolver.NONE, Clock.systemUTC());
            Framework restarted = framework;
            waitFor(restarted::subscribed, Duration.ofMinutes(5));
            long subscribedNanos = System.nanoTime() - start;
            waitFor(() -> restarted.scheduler().snapshot().subscribed()
                    && restarted.scheduler().snapshot().awaitingReconciliation() == 0
                    && restarted.scheduler().snapshot().tasks().stream()
                    .filter(t -> t.state().equals("TASK_RUNNING")).count() == replicas, Duration.ofMinutes(10));
            long reconciledNanos = System.nanoTime() - start;
            Thread.sleep(3000); // offer cycles: a relaunch would happen now
            BenchReport.row("restart → subscribed", "%.2f s", subscribedNanos / 1e9);
            BenchReport.row("restart → reconciliation answered for every task, all RUNNING", "%.2f s", reconciledNanos / 1e9);
            BenchReport.row("RECONCILE calls", "%d", master.calls(Call.Type.RECONCILE) - reconcilesBefore);
            BenchReport.row("ACCEPT calls after the restart (relaunches: must be 0)", "%d",
                    master.calls(Call.Type.ACCEPT) - launchesBefore);
            BenchReport.row("tasks on the cluster", "%d", master.tasks().size());
            restarted.close();
        }
    }

    private static String compose(int replicas) {
        return "services:\n  web:\n    image: nginx\n    deploy:\n      replicas: " + replicas
                + "\n      resources: {limits: {cpus: 0.01, memory: 8}}\n";
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("timed out after " + timeout);
            }
            Thread.sleep(20);
        }
    }
}
