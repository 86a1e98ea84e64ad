package io.mesoscompose.crash;

import static io.mesoscompose.crash.CrashHarness.check;
import static io.mesoscompose.crash.CrashHarness.compose;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesoscompose.json.Json;
import io.mesoscompose.simulator.MesosMasterSimulator;
import io.mesoscompose.simulator.SimulatorConfig;
import io.mesoscompose.state.RedisServer;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingCluster;

/**
 * The crash harness in high-availability mode: three framework processes ({@code serve --ha}) against the simulated
 * master, a real three-server ZooKeeper ensemble (curator-test's TestingCluster) for the election (and the state,
 * unless it is in Redis), and every instance reaching ZooKeeper through its own {@link TcpProxy}, so one can be cut
 * off. Rounds:
 * <ul>
 *   <li>{@code kill -9} of the leader 0–400 ms after a deployment (the first one, then every other round a new
 *       version of the compose file with another replica count) or a scale, each sent to a random instance
 *       (standbys have the leader carry it out); the killed process is started again at once as a standby;</li>
 *   <li>with {@code partitions}: a ZooKeeper server lost, the leader cut off from ZooKeeper (it must step down
 *       and another take over), and the leader paused with SIGSTOP past its session (another takes over; once
 *       resumed, the old one must not launch anything).</li>
 * </ul>
 * After each round every desired task must run exactly once, and throughout, {@link AcceptTerms} checks at the
 * master that no two instances launched in overlapping terms and that every takeover was a failover.
 */
public final class HaCrashHarness {

    /** Where the instances keep the shared state. */
    public enum StateIn { ZOOKEEPER, REDIS }

    /**
     * @param kills       leader kills (the first during the deployment, the others after scales)
     * @param partitions  also the rounds of a lost ZooKeeper server, a leader cut off, and a leader paused
     * @param session     the election's ZooKeeper session timeout
     */
    public record Settings(int agents, int replicas, int kills, boolean partitions, long seed, StateIn state,
                           Duration session, Duration settleTimeout) {}

    /**
     * @param takeoverMillis from the fault to the next instance's SUBSCRIBE at the master; -1 when none was needed
     * @param settledMillis  from the fault to every desired task running exactly once
     */
    public record Round(int round, String fault, int desired, int running, int duplicates, int lost,
                        long takeoverMillis, long settledMillis) {}

    private static final int INSTANCES = 3;
    /** ZooKeeper's tick: sessions expire up to a tick late, and last at least two ticks. */
    private static final int TICK_MILLIS = 1000;

    private final Settings s;
    private final Random random;
    private final Consumer<String> out;
    private final MesosMasterSimulator master;
    private final TestingCluster zooKeeper;
    private final AcceptTerms terms = new AcceptTerms();
    private final List<FrameworkProcess> instances = new ArrayList<>();
    private final List<List<TcpProxy>> proxies = new ArrayList<>();
    private final List<Round> rounds = new ArrayList<>();
    private int desired;

    private HaCrashHarness(Settings s, Consumer<String> out, MesosMasterSimulator master, TestingCluster zooKeeper) {
        this.s = s;
        this.random = new Random(s.seed());
        this.out = out;
        this.master = master;
        this.zooKeeper = zooKeeper;
    }

    public static List<Round> run(Settings s, Path workDir, Consumer<String> out) throws Exception {
        try (TestingCluster zooKeeper = new TestingCluster(IntStream.range(0, INSTANCES)
                .mapToObj(i -> new InstanceSpec(null, -1, -1, -1, true, -1, TICK_MILLIS, -1)).toList());
             MesosMasterSimulator master = MesosMasterSimulator.start(SimulatorConfig.builder()
                     .agents(SimulatorConfig.generateAgents(s.agents(), s.seed()))
                     .heartbeatInterval(Duration.ofSeconds(1)).offerInterval(Duration.ofMillis(50)).build());
             Closer redis = s.state() == StateIn.REDIS ? Closer.of(RedisServer.start()) : Closer.none()) {
            zooKeeper.start();
            HaCrashHarness h = new HaCrashHarness(s, out, master, zooKeeper);
            master.filterSchedulerCalls(h.terms);
            try {
                h.startInstances(workDir, redis.redis());
                h.play();
            } finally {
                h.stopInstances();
            }
            return List.copyOf(h.rounds);
        }
    }

    /** Closes a Redis server started for the run, if any. */
    private record Closer(Optional<RedisServer> redis) implements AutoCloseable {
        static Closer of(RedisServer server) {
            return new Closer(Optional.of(server));
        }

        static Closer none() {
            return new Closer(Optional.empty());
        }

        @Override
        public void close() {
            redis.ifPresent(RedisServer::close);
        }
    }

    private void startInstances(Path workDir, Optional<RedisServer> redis) throws Exception {
        for (int i = 0; i < INSTANCES; i++) {
            List<TcpProxy> mine = new ArrayList<>();
            for (InstanceSpec server : zooKeeper.getInstances()) {
                mine.add(new TcpProxy(server.getPort()));
            }
            proxies.add(mine);
            String hosts = mine.stream().map(p -> "127.0.0.1:" + p.port()).collect(Collectors.joining(","));
            String state = redis.map(r -> "redis://" + r.host() + ":" + r.port() + "/0")
                    .orElse("zk://" + hosts + "/crash/state");
            FrameworkProcess instance = new FrameworkProcess(master.url(), state,
                    workDir.resolve("instance-" + (i + 1) + ".log"), List.of("--ha", "zk://" + hosts + "/crash/ha"),
                    Map.of("MESOS_COMPOSE_HA_SESSION_TIMEOUT", s.session().toMillis() + "ms", "LOGLEVEL", "info"));
            instance.start();
            instances.add(instance);
        }
        out.accept("instances: " + instances.stream().map(FrameworkProcess::url).toList() + ", logs in " + workDir);
    }

    private void play() throws Exception {
        awaitLeader(Optional.empty());
        desired = s.replicas();
        deploy(anyInstance(), desired, 201);
        for (int round = 1; round <= s.kills(); round++) {
            boolean deploying = round % 2 == 1;
            if (round > 1 && deploying) {
                desired = nextCount();
                deploy(anyInstance(), desired, 200);
            } else if (round > 1) {
                scale(anyInstance());
            }
            Thread.sleep(random.nextInt(400));
            killLeader(round, round == 1 ? "kill -9 during the first deployment"
                    : deploying ? "kill -9 during a deployment (new version)" : "kill -9 during a scale");
        }
        if (s.partitions()) {
            int round = s.kills();
            zooKeeperServerLost(++round);
            FrameworkProcess leader = cutOff(++round, awaitLeader(Optional.empty()));
            paused(++round, leader);
        }
        List<String> violations = terms.violations();
        check(violations.isEmpty(), "the master saw: " + violations);
        out.accept("ACCEPT calls by instance: " + terms.acceptsByInstance() + "; subscriptions: "
                + terms.subscribes().size());
    }

    private void killLeader(int round, String fault) throws Exception {
        FrameworkProcess leader = awaitLeader(Optional.empty());
        long t0 = System.nanoTime();
        leader.kill();
        leader.start();  // at once, as a supervisor restarts it: it comes back as a standby
        finish(round, fault, t0, Optional.of(leader.url()));
    }

    /** One of the three ZooKeeper servers is lost (quorum stays), a scale is made, the server comes back. */
    private void zooKeeperServerLost(int round) throws Exception {
        InstanceSpec lost = new ArrayList<>(zooKeeper.getInstances()).get(random.nextInt(INSTANCES));
        long t0 = System.nanoTime();
        zooKeeper.killServer(lost);
        scale(anyInstance());
        finish(round, "ZooKeeper server " + lost.getServerId() + " lost, then a scale", t0, Optional.empty());
        zooKeeper.restartServer(lost);
    }

    /** The leader's ZooKeeper connections are blackholed: it must step down, and another instance take over. */
    private FrameworkProcess cutOff(int round, FrameworkProcess leader) throws Exception {
        int index = instances.indexOf(leader);
        long t0 = System.nanoTime();
        proxies.get(index).forEach(TcpProxy::blackhole);
        try {
            await("the cut-off leader " + leader.url() + " steps down", s.session().multipliedBy(3),
                    () -> role(leader).equals(Optional.of("standby")));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + " (its threads: " + leader.dumpThreads() + ")", e);
        }
        finish(round, "leader cut off from ZooKeeper", t0, Optional.of(leader.url()));
        proxies.get(index).forEach(TcpProxy::restore);
        return awaitLeader(Optional.of(leader));
    }

    /**
     * The leader is paused (SIGSTOP) until another instance has taken over, a scale is made, then it resumes: it
     * must not launch anything (its commits are fenced, Mesos replaced its subscription) and must stand by.
     */
    private void paused(int round, FrameworkProcess leader) throws Exception {
        long t0 = System.nanoTime();
        leader.pause();
        try {
            await("another instance takes over from the paused leader", s.session().multipliedBy(6),
                    () -> terms.firstSubscribeAfter(t0, leader.url()).isPresent());
            FrameworkProcess next = awaitLeader(Optional.of(leader));
            scale(next);
        } finally {
            leader.resume();
        }
        await("the resumed leader " + leader.url() + " stands by", s.session().multipliedBy(3),
                () -> role(leader).equals(Optional.of("standby")));
        finish(round, "leader paused (SIGSTOP) past its session, then resumed", t0, Optional.of(leader.url()));
    }

    /** Waits until every desired task runs exactly once, records the round and checks the promise. */
    private void finish(int round, String fault, long t0, Optional<String> replaced) throws InterruptedException {
        long takeover = -1;
        if (replaced.isPresent()) {
            takeover = awaitSubscribe(t0, replaced.get()).map(sub -> (sub.nanoTime() - t0) / 1_000_000).orElse(-1L);
        }
        Round r = settle(round, fault, t0, takeover);
        rounds.add(r);
        out.accept(String.format("round %2d: %-52s desired %4d, running %4d, duplicates %d, lost %d, takeover %5d ms,"
                + " settled in %5d ms", r.round(), fault, r.desired(), r.running(), r.duplicates(), r.lost(),
                r.takeoverMillis(), r.settledMillis()));
        check(r.duplicates() == 0 && r.lost() == 0 && r.settledMillis() >= 0, "round " + round
                + " broke the promise: " + r);
        List<String> violations = terms.violations();
        check(violations.isEmpty(), "round " + round + ": the master saw " + violations);
    }

    private Optional<AcceptTerms.Subscribe> awaitSubscribe(long t0, String replaced) throws InterruptedException {
        long deadline = System.nanoTime() + s.settleTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            Optional<AcceptTerms.Subscribe> sub = terms.firstSubscribeAfter(t0, replaced);
            if (sub.isPresent()) {
                return sub;
            }
            Thread.sleep(20);
        }
        return Optional.empty();
    }

    /** As the single-process harness: the cluster runs exactly the desired tasks, and stays so across offers. */
    private Round settle(int round, String fault, long since, long takeover) throws InterruptedException {
        CrashHarness.Round r = CrashHarness.settle(master, round, desired, since, s.settleTimeout());
        return new Round(round, fault, r.desired(), r.running(), r.duplicates(), r.lost(), takeover,
                r.recoveryMillis());
    }

    private void scale(FrameworkProcess via) throws Exception {
        int next = nextCount();
        send(via, "PUT", "/api/compose/v1/projects/crash/services/web/scale", "{\"replicas\": " + next + "}", 202);
        desired = next;
    }

    /** Deploys the compose file (a new version of the project after the first) with {@code replicas} replicas. */
    private void deploy(FrameworkProcess via, int replicas, int expected) throws Exception {
        send(via, "PUT", "/api/compose/v1/projects/crash", Json.MAPPER.writeValueAsString(Map.of("files",
                List.of(Map.of("name", "compose.yml", "content", compose(replicas))))), expected);
    }

    private int nextCount() {
        return s.replicas() / 2 + random.nextInt(s.replicas() / 2 + 1);
    }

    /**
     * Sends to {@code via} (a standby has the leader carry it out); retries, as a client would, while an election is
     * under way or when leadership moved while the request ran (deploy and scale are idempotent).
     */
    private void send(FrameworkProcess via, String method, String path, String body, int expected) throws Exception {
        long deadline = System.nanoTime() + s.settleTimeout().toNanos();
        while (true) {
            HttpResponse<String> answer = via.send(method, path, body);
            if (answer.statusCode() == expected || (expected == 201 && answer.statusCode() == 200)) {
                return;
            }
            boolean moving = answer.statusCode() == 503 || answer.body().contains("no leader is elected")
                    || answer.body().contains("the scheduler has stopped");
            check(System.nanoTime() < deadline && moving, method + " " + path + " via " + via.url() + " answered "
                    + answer.statusCode() + ": " + answer.body());
            Thread.sleep(200);
        }
    }

    private FrameworkProcess anyInstance() {
        return instances.get(random.nextInt(INSTANCES));
    }

    /** The instance whose /health says it leads, other than {@code not}. */
    private FrameworkProcess awaitLeader(Optional<FrameworkProcess> not) throws InterruptedException {
        long deadline = System.nanoTime() + s.settleTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            for (FrameworkProcess f : instances) {
                if (not.filter(n -> n == f).isEmpty() && role(f).equals(Optional.of("leader"))) {
                    return f;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no instance leads after " + s.settleTimeout().toSeconds() + "s");
    }

    /** The role an instance's /health reports, empty while it does not answer. */
    private static Optional<String> role(FrameworkProcess f) {
        try {
            JsonNode health = Json.MAPPER.readTree(f.send("GET", "/health", null, Duration.ofSeconds(5)).body());
            return Optional.ofNullable(health.at("/ha/role").textValue());
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(String what, Duration timeout, Condition condition) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.holds()) {
            check(System.nanoTime() < deadline, "timed out after " + timeout.toSeconds() + "s waiting until " + what);
            Thread.sleep(50);
        }
    }

    private void stopInstances() {
        for (FrameworkProcess f : instances) {
            try {
                if (f.alive()) {
                    f.resume();
                    f.kill();
                }
            } catch (Exception e) {
                out.accept("stopping " + f.url() + ": " + e);
            }
        }
        proxies.forEach(list -> list.forEach(TcpProxy::close));
    }

}
