package io.mesoscompose.bench;

import io.mesoscompose.crash.CrashHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import io.mesoscompose.state.RedisServer;

/**
 * The full crash harness (issue 8): the framework as its own process against the simulator, {@code kill -9}ed 20
 * times while it deploys and scales 1,000 tasks over 100 agents; after each restart every desired task must run
 * exactly once. {@code bin/bench Crash [kills] [replicas] [agents] [seed] [redis]}: with {@code redis} the state
 * lives in a redis-server started for the run (each restart then waits for the killed process's lease to
 * expire). The small versions run in the test suite (FrameworkCrashTest).
 */
public final class CrashBenchmark {

    public static void main(String[] args) throws Exception {
        int kills = args.length > 0 ? Integer.parseInt(args[0]) : 20;
        int replicas = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        int agents = args.length > 2 ? Integer.parseInt(args[2]) : 100;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 1;
        boolean redis = args.length > 4 && args[4].equals("redis");
        Path work = Files.createTempDirectory("mesos-compose-crash");
        System.out.println("framework log and state: " + work);
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
}
