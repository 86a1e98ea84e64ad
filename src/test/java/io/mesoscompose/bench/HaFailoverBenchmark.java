package io.mesoscompose.bench;

import io.mesoscompose.config.Durations;
import io.mesoscompose.crash.HaFailoverHarness;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * High-availability takeover with many tasks (issue 18): the leader's process killed with SIGKILL while it runs
 * {@code tasks} tasks; a standby takes over (see {@link HaFailoverHarness}). Goal: subscribed within 5 s after the
 * ZooKeeper session expired, every task reconciled within 5 s after that, nothing launched again.
 * {@code bin/bench HaFailover [tasks] [agents] [session] [zk|redis]} (defaults 10,000, 1,000, 10s, zk). The standby
 * shares this JVM with the simulated master, which answers its reconciliation: CPU time there is shared.
 */
public final class HaFailoverBenchmark {

    public static void main(String[] args) throws Exception {
        int tasks = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int agents = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        Duration session = args.length > 2 ? Durations.parse(args[2]) : Duration.ofSeconds(10);
        boolean redis = args.length > 3 && args[3].equals("redis");
        Path work = Files.createTempDirectory("mesos-compose-ha-failover");
        System.out.println("leader log: " + work.resolve("leader.log"));
        HaFailoverHarness.Result r = HaFailoverHarness.run(new HaFailoverHarness.Settings(tasks, agents, session,
                redis), work, System.out::println);
        BenchReport.header("high-availability takeover: leader killed with " + tasks + " tasks on " + agents
                + " agents, state in " + (redis ? "Redis" : "ZooKeeper") + ", session " + session.toMillis() + " ms");
        BenchReport.row("kill → ZooKeeper expired the leader's session", "%.2f s", r.expiredAfterKill() / 1e3);
        BenchReport.row("session expired → standby elected", "%.2f s", r.electedAfterExpiry() / 1e3);
        BenchReport.row("session expired → new leader subscribed (same framework ID)", "%.2f s",
                r.subscribedAfterExpiry() / 1e3);
        BenchReport.row("subscribed → every task's state answered, all RUNNING", "%.2f s",
                r.reconciledAfterSubscribed() / 1e3);
        BenchReport.row("tasks launched again", "%d", r.launchedAgain());
    }
}
