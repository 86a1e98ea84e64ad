package io.mesoscompose.bench;

import io.mesoscompose.config.Durations;
import io.mesoscompose.crash.CrashHarness;
import io.mesoscompose.crash.HaCrashHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import io.mesoscompose.state.RedisServer;

/**
 * The full crash harness (issue 8): the framework as its own process against the simulator, {@code kill -9}ed 20
 * times while it deploys and scales 1,000 tasks over 100 agents; after each restart every desired task must run
 * exactly once. {@code bin/bench Crash [kills] [replicas] [agents] [seed] [redis|ha|ha-redis] [session]}: with
 * {@code redis} the state lives in a redis-server started for the run (each restart then waits for the killed
 * process's lease to expire). With {@code ha} three instances run with {@code --ha} on a three-server ZooKeeper
 * ensemble (state in ZooKeeper; {@code ha-redis}: in Redis), the leader is killed each round, and three more rounds
 * lose a ZooKeeper server, cut the leader off from ZooKeeper and pause it (see {@link HaCrashHarness}); the last
 * argument is the election's session timeout (default 6s). The small versions run in the test suite
 * (FrameworkCrashTest).
 */
public final class CrashBenchmark {

    public static void main(String[] args) throws Exception {
        int kills = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int replicas = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int agents = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
        String mode = args.length > 4 ? args[4] : "embedded";
        boolean redis = mode.equals("redis");
        Path work = Files.createTempDirectory("mesos-compose-crash");
        System.out.println("framework log and state: " + work);
        if (mode.startsWith("ha")) {
            Duration session = args.length > 5 ? Durations.parse(args[5]) : Duration.ofSeconds(6);
            // A ZooKeeper server of curator-test's TestingCluster that was killed and restarted leaves a non-daemon
            // SyncThread behind, which would keep this JVM alive: it exits explicitly, whatever the outcome.
            int status = 1;
            try {
                highlyAvailable(new HaCrashHarness.Settings(agents, replicas, kills, true, seed,
                        mode.equals("ha-redis") ? HaCrashHarness.StateIn.REDIS : HaCrashHarness.StateIn.ZOOKEEPER,
                        session, Duration.ofMinutes(5)), work);
                status = 0;
            } catch (Exception | AssertionError e) {
                e.printStackTrace();
            }
            System.exit(status);
        }
        List<CrashHarness.Round> rounds;
        if (redis) {
            try (RedisServer server = RedisServer.start()) {
                rounds = CrashHarness.run(new CrashHarness.Settings(agents, replicas, kills, seed, Duration.ofMinutes(5),
                        Optional.of("redis://" + server.host() + ":" + server.port() + "/0")), work, System.out::println);
            }
        } else {
            rounds = CrashHarness.run(new CrashHarness.Settings(agents, replicas, kills, seed, Duration.ofMinutes(5)),
                    work, System.out::println);
        }
        BenchReport.header("crash harness: " + kills + " kill -9 of the framework, " + replicas + " tasks, "
                + agents + " agents, state in " + (redis ? "Redis" : "the embedded store"));
        BenchReport.row("rounds without duplicate or loss", "%d / %d", rounds.stream()
                .filter(r -> r.duplicates() == 0 && r.lost() == 0).count(), rounds.size());
        long[] ms = rounds.stream().mapToLong(CrashHarness.Round::recoveryMillis).sorted().toArray();
        BenchReport.row("restart → desired tasks running: median", "%d ms", ms[ms.length / 2]);
        BenchReport.row("restart → desired tasks running: slowest", "%d ms", ms[ms.length - 1]);
    }

    private static void highlyAvailable(HaCrashHarness.Settings s, Path work) throws Exception {
        List<HaCrashHarness.Round> rounds = HaCrashHarness.run(s, work, System.out::println);
        BenchReport.header("crash harness, high availability: 3 instances, " + s.kills() + " kill -9 of the leader, "
                + "a ZooKeeper server lost, the leader cut off and paused; " + s.replicas() + " tasks, " + s.agents()
                + " agents, state in " + (s.state() == HaCrashHarness.StateIn.REDIS ? "Redis" : "ZooKeeper")
                + ", session " + s.session().toMillis() + " ms");
        BenchReport.row("rounds without duplicate or loss", "%d / %d", rounds.stream()
                .filter(r -> r.duplicates() == 0 && r.lost() == 0).count(), rounds.size());
        List<HaCrashHarness.Round> kills = rounds.stream().filter(r -> r.fault().startsWith("kill -9")).toList();
        long[] takeover = kills.stream().mapToLong(HaCrashHarness.Round::takeoverMillis).sorted().toArray();
        long[] settled = kills.stream().mapToLong(HaCrashHarness.Round::settledMillis).sorted().toArray();
        BenchReport.row("leader killed → another instance subscribed: median", "%d ms", takeover[takeover.length / 2]);
        BenchReport.row("leader killed → another instance subscribed: slowest", "%d ms", takeover[takeover.length - 1]);
        BenchReport.row("leader killed → desired tasks running: median", "%d ms", settled[settled.length / 2]);
        BenchReport.row("leader killed → desired tasks running: slowest", "%d ms", settled[settled.length - 1]);
        rounds.stream().filter(r -> !r.fault().startsWith("kill -9")).forEach(r -> BenchReport.row(r.fault(),
                "takeover %d ms, settled in %d ms", r.takeoverMillis(), r.settledMillis()));
    }
}
