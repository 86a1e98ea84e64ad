package io.mesoscompose.crash;

import io.mesoscompose.config.FrameworkConfig;
import io.mesoscompose.framework.HighlyAvailableFramework;
import io.mesoscompose.ha.LeadershipEvent;
import io.mesoscompose.json.Json;
import io.mesoscompose.scheduler.SchedulerSnapshot;
import io.mesoscompose.secrets.SecretResolver;
import io.mesoscompose.simulator.MesosMasterSimulator;
import io.mesoscompose.simulator.SimulatorConfig;
import io.mesoscompose.state.RedisServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.zookeeper.Watcher;

/**
 * A takeover with many tasks, timed: the leader (its own process, {@code serve --ha}) runs {@code tasks} tasks, a
 * standby (in this JVM, so its scheduler can be watched) stands by, and the leader is killed with SIGKILL. Measured:
 * when ZooKeeper expired the dead leader's session (its election node disappears), when the standby was elected,
 * subscribed (with the same framework ID), and had every task's state answered by reconciliation; and how many
 * tasks were launched again (must be 0). ZooKeeper runs with {@code tickTime} 2 s, as in ZooKeeper's sample
 * configuration, so a session expires up to one tick after its timeout.
 */
public final class HaFailoverHarness {

    /** @param redisState the state in a redis-server started for the run instead of ZooKeeper */
    public record Settings(int tasks, int agents, Duration session, boolean redisState) {}

    /**
     * Milliseconds: kill → session expired; expiry → elected, → subscribed; subscribed → reconciled.
     *
     * @param launchedAgain ACCEPT calls after the kill (a relaunch would need one)
     */
    public record Result(int tasks, long expiredAfterKill, long electedAfterExpiry, long subscribedAfterExpiry,
                         long reconciledAfterSubscribed, long launchedAgain) {}

    private static final int TICK_MILLIS = 2000;

    private HaFailoverHarness() {}

    public static Result run(Settings s, Path workDir, Consumer<String> out) throws Exception {
        InstanceSpec spec = new InstanceSpec(null, -1, -1, -1, true, -1, TICK_MILLIS, -1);
        try (TestingServer zooKeeper = new TestingServer(spec, true);
             MesosMasterSimulator master = MesosMasterSimulator.start(SimulatorConfig.builder()
                     .agents(SimulatorConfig.generateAgents(s.agents(), 1))
                     .heartbeatInterval(Duration.ofSeconds(5)).offerInterval(Duration.ofMillis(100)).build());
             CuratorFramework watcher = CuratorFrameworkFactory.newClient(zooKeeper.getConnectString(),
                     new RetryOneTime(100))) {
            watcher.start();
            Optional<RedisServer> redis = s.redisState() ? Optional.of(RedisServer.start()) : Optional.empty();
            try {
                String zk = "zk://" + zooKeeper.getConnectString();
                String state = redis.map(r -> "redis://" + r.host() + ":" + r.port() + "/0").orElse(zk + "/mc/state");
                return takeover(s, workDir, out, master, watcher, zk + "/mc/ha", state);
            } finally {
                redis.ifPresent(RedisServer::close);
            }
        }
    }

    private static Result takeover(Settings s, Path workDir, Consumer<String> out, MesosMasterSimulator master,
                                   CuratorFramework watcher, String election, String state) throws Exception {
        String session = s.session().toMillis() + "ms";
        FrameworkProcess leader = new FrameworkProcess(master.url(), state, workDir.resolve("leader.log"),
                List.of("--ha", election), Map.of("MESOS_COMPOSE_HA_SESSION_TIMEOUT", session)).maxHeap("2g");
        leader.start();
        try {
            await("the first instance leads", Duration.ofMinutes(1), () -> health(leader).contains("\"leader\""));
            HttpResponse<String> deployed = leader.send("PUT", "/api/compose/v1/projects/bench",
                    Json.MAPPER.writeValueAsString(Map.of("files", List.of(Map.of("name", "bench.yml", "content",
                            compose(s.tasks()))))));
            check(deployed.statusCode() == 201, "deploy refused: " + deployed.body());
            long deployStart = System.nanoTime();
            await(s.tasks() + " tasks run", Duration.ofMinutes(30), () -> master.runningTasks().size() == s.tasks());
            out.accept(String.format("%d tasks running after %.1f s", s.tasks(), (System.nanoTime() - deployStart) / 1e9));
            // The leader acknowledges (and stores) status updates at its pace: it is killed in a steady state.
            await("the leader has stored every task as running", Duration.ofMinutes(10),
                    () -> runningListed(leader) == s.tasks());
            out.accept(String.format("the leader counts them running after %.1f s (acknowledged and stored)",
                    (System.nanoTime() - deployStart) / 1e9));

            Map<String, String> env = new HashMap<>(Map.of("MESOS_MASTER", master.url(), "FRAMEWORK_HOSTNAME",
                    "127.0.0.1", "FRAMEWORK_LISTEN", "127.0.0.1", "FRAMEWORK_PORT", "0", "AUTH_INSECURE_NO_AUTH",
                    "true", "MESOS_COMPOSE_STATE", state, "MESOS_COMPOSE_HA", election,
                    "MESOS_COMPOSE_HA_SESSION_TIMEOUT", session));
            try (HighlyAvailableFramework standby = HighlyAvailableFramework.start(FrameworkConfig.fromEnvironment(env),
                    SecretResolver.NONE, Clock.systemUTC(), () -> {
                        throw new IllegalStateException("the standby wanted to exit");
                    })) {
                AtomicLong elected = new AtomicLong();
                standby.onLeadership(e -> {
                    if (e instanceof LeadershipEvent.Elected) {
                        elected.compareAndSet(0, System.nanoTime());
                    }
                });
                check(!standby.leading(), "the standby leads before the leader was killed");
                String latch = election.substring(election.indexOf('/', "zk://".length())) + "/leader";
                String leaderNode = null;
                for (String node : watcher.getChildren().forPath(latch)) {  // its data is the participant ID: the URL
                    if (new String(watcher.getData().forPath(latch + "/" + node), StandardCharsets.UTF_8)
                            .equals(leader.url())) {
                        leaderNode = node;
                    }
                }
                check(leaderNode != null, "the leader's election node is not under " + latch);
                AtomicLong expired = new AtomicLong();
                CountDownLatch gone = new CountDownLatch(1);
                watcher.checkExists().usingWatcher((Watcher) event -> {
                    if (event.getType() == Watcher.Event.EventType.NodeDeleted) {
                        expired.set(System.nanoTime());
                        gone.countDown();
                    }
                }).forPath(latch + "/" + leaderNode);
                long accepts = master.calls(Call.Type.ACCEPT);

                long killed = System.nanoTime();
                leader.kill();
                gone.await();
                await("the standby subscribes", Duration.ofMinutes(2), standby::subscribed);
                long subscribed = System.nanoTime();
                await("reconciliation answered every task", Duration.ofMinutes(5), () -> reconciled(standby,
                        s.tasks()));
                long reconciled = System.nanoTime();
                Thread.sleep(3000);  // offer cycles: a relaunch would happen now
                check(master.tasks().size() == s.tasks(), "the cluster runs " + master.tasks().size() + " tasks");
                return new Result(s.tasks(), millis(expired.get() - killed), millis(elected.get() - expired.get()),
                        millis(subscribed - expired.get()), millis(reconciled - subscribed),
                        master.calls(Call.Type.ACCEPT) - accepts);
            }
        } finally {
            if (leader.alive()) {
                leader.kill();
            }
        }
    }

    private static boolean reconciled(HighlyAvailableFramework standby, int tasks) {
        Optional<SchedulerSnapshot> snap = standby.leaderSnapshot();
        return snap.isPresent() && snap.get().subscribed() && snap.get().awaitingReconciliation() == 0
                && snap.get().tasks().stream().filter(t -> t.state().equals("TASK_RUNNING")).count() == tasks;
    }

    /** Tasks the instance counts as running (its scheduler's view, which it stores first); -1 while it does not answer. */
    private static long runningListed(FrameworkProcess f) {
        try {
            Thread.sleep(200);
            return Json.MAPPER.readTree(f.send("GET", "/api/compose/v1/projects/bench/services", null).body())
                    .findValues("running").stream().mapToLong(n -> n.asLong()).sum();
        } catch (Exception e) {
            return -1;
        }
    }

    private static String health(FrameworkProcess f) {
        try {
            return f.send("GET", "/health", null, Duration.ofSeconds(5)).body();
        } catch (Exception e) {
            return "";
        }
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    private static String compose(int replicas) {
        return "services:\n  web:\n    image: nginx\n    deploy:\n      replicas: " + replicas
                + "\n      resources: {limits: {cpus: 0.01, memory: 8}}\n";
    }

    private static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            check(System.nanoTime() < deadline, "timed out after " + timeout.toSeconds() + "s waiting until " + what);
            Thread.sleep(5);
        }
    }

    private static void check(boolean ok, String message) {
        if (!ok) {
            throw new AssertionError(message);
        }
    }
}
