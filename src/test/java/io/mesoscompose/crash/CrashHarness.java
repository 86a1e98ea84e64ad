package io.mesoscompose.crash;

import io.mesoscompose.simulator.MesosMasterSimulator;
import io.mesoscompose.simulator.SimulatorConfig;
import io.mesoscompose.simulator.TaskView;
import io.mesoscompose.state.StateStores;
import io.mesoscompose.state.StateStore;
import io.mesoscompose.state.TaskRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;

/**
 * Deploys a project with the framework running as its own process against the simulated master, then kills the
 * process with SIGKILL at random moments — during the first deployment, during scale-ups and scale-downs — and
 * restarts it each time. After every restart it checks what matters: every desired replica runs exactly once on
 * the cluster (no duplicate, none lost) and the state store opens and reads.
 */
public final class CrashHarness {

    /**
     * @param state where the framework keeps its state: a directory (embedded store) or a redis:// spec; empty
     *              means a directory in the work directory
     */
    public record Settings(int agents, int replicas, int kills, long seed, Duration settleTimeout,
                           java.util.Optional<String> state) {

        public Settings(int agents, int replicas, int kills, long seed, Duration settleTimeout) {
            this(agents, replicas, kills, seed, settleTimeout, java.util.Optional.empty());
        }
    }

    public record Round(int round, int desired, int running, int duplicates, int lost, long recoveryMillis) {}

    private CrashHarness() {}

    public static List<Round> run(Settings s, Path workDir, Consumer<String> out) throws Exception {
        Random random = new Random(s.seed());
        String stateSpec = s.state().orElse(workDir.resolve("state").toString());
        Path log = workDir.resolve("framework.log");
        List<Round> rounds = new java.util.ArrayList<>();
        try (MesosMasterSimulator master = MesosMasterSimulator.start(SimulatorConfig.builder()
                .agents(SimulatorConfig.generateAgents(s.agents(), s.seed()))
                .heartbeatInterval(Duration.ofSeconds(1)).offerInterval(Duration.ofMillis(50)).build())) {
            FrameworkProcess framework = new FrameworkProcess(master.url(), stateSpec, log);
            framework.start();
            int desired = s.replicas();
            var answer = framework.send("PUT", "/api/compose/v0/crash", compose(desired));
            check(answer.statusCode() == 200, "launch refused: " + answer.body());
            for (int round = 1; round <= s.kills(); round++) {
                if (round > 1) { // the first kill hits the first deployment; later ones a scale in progress
                    int next = s.replicas() / 2 + random.nextInt(s.replicas() / 2 + 1);
                    var scaled = framework.send("PUT", "/api/compose/v1/projects/crash/services/web/scale",
                            "{\"replicas\": " + next + "}");
                    check(scaled.statusCode() == 202, "scale refused: " + scaled.body());
                    desired = next;
                }
                Thread.sleep(random.nextInt(400));
                framework.kill();
                readStore(stateSpec);
                long restarted = System.nanoTime();
                framework.start();
                Round r = settle(master, round, desired, restarted, s.settleTimeout());
                rounds.add(r);
                out.accept(String.format("round %2d: desired %4d, running %4d, duplicates %d, lost %d, settled in %d ms",
                        r.round(), r.desired(), r.running(), r.duplicates(), r.lost(), r.recoveryMillis()));
                check(r.duplicates() == 0 && r.lost() == 0, "round " + round + " broke the promise: " + r
                        + " (framework log: " + log + ")");
            }
            framework.kill();
        }
        return rounds;
    }

    /** Waits until the cluster runs exactly the desired replicas (and stays so for a moment), or times out. */
    static Round settle(MesosMasterSimulator master, int round, int desired, long since, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long settledAt = 0;
        while (System.nanoTime() < deadline) {
            List<TaskView> running = master.runningTasks();
            if (running.size() == desired && master.tasks().size() == desired) {
                if (settledAt == 0) {
                    settledAt = System.nanoTime();
                }
                if (System.nanoTime() - settledAt > Duration.ofMillis(700).toNanos()) { // offer cycles pass
                    return new Round(round, desired, desired, 0, 0, (settledAt - since) / 1_000_000);
                }
            } else {
                settledAt = 0;
            }
            Thread.sleep(50);
        }
        int live = master.tasks().size();
        return new Round(round, desired, master.runningTasks().size(), Math.max(0, live - desired),
                Math.max(0, desired - live), -1);
    }

    /**
     * The store is whole after every kill: it opens (for Redis: once the dead process's lease expired) and every
     * record decodes.
     */
    private static void readStore(String stateSpec) {
        try (StateStore store = StateStores.open(stateSpec)) {
            List<TaskRecord> tasks = store.tasks();
            check(store.project("crash").isPresent() || tasks.isEmpty(), "tasks without their project in the store");
        }
    }

    static String compose(int replicas) {
        return "services:\n  web:\n    image: nginx\n    deploy:\n      replicas: " + replicas
                + "\n      resources: {limits: {cpus: 0.01, memory: 8}}\n";
    }

    static void check(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(message);
        }
    }
}
