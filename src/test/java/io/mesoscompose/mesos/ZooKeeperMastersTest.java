package io.mesoscompose.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mesoscompose.simulator.MesosMasterSimulator;
import io.mesoscompose.simulator.SimulatorConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Leader detection against a real (in-process) ZooKeeper, written to as Mesos masters do. */
class ZooKeeperMastersTest {

    TestingServer server;
    CuratorFramework zk;

    @BeforeEach
    void startZooKeeper() throws Exception {
        server = new TestingServer(true);
        zk = CuratorFrameworkFactory.newClient(server.getConnectString(), new RetryOneTime(100));
        zk.start();
    }

    @AfterEach
    void stopZooKeeper() throws Exception {
        zk.close();
        server.close();
    }

    /** What a Mesos 1.x master writes to its {@code json.info_} znode. */
    static byte[] masterInfo(String host, int port) {
        return ("{\"address\":{\"hostname\":\"" + host + "\",\"ip\":\"127.0.0.1\",\"port\":" + port + "},"
                + "\"hostname\":\"" + host + "\",\"id\":\"m-" + port + "\",\"ip\":16777343,"
                + "\"pid\":\"master@127.0.0.1:" + port + "\",\"port\":" + port + ",\"version\":\"1.11.0\"}")
                .getBytes(StandardCharsets.UTF_8);
    }

    void register(String node, String host, int port) throws Exception {
        zk.create().creatingParentsIfNeeded().forPath("/mesos/" + node, masterInfo(host, port));
    }

    @Test
    void theLowestSequenceLeadsAndLeadershipChangesAreWatched() throws Exception {
        register("json.info_0000000005", "m5.local", 5055);
        register("json.info_0000000002", "m2.local", 5052);
        register("log_replicas", "x", 1);
        try (MasterDetector detector = MasterDetector.fromSpec("zk://" + server.getConnectString() + "/mesos", false)) {
            BlockingQueue<URI> changes = new LinkedBlockingQueue<>();
            detector.onLeaderChange(changes::add);
            assertThat(detector.masters(Duration.ofSeconds(20))).containsExactly(URI.create("http://m2.local:5052"));

            zk.delete().forPath("/mesos/json.info_0000000002");
            URI next;
            do {
                next = changes.poll(20, TimeUnit.SECONDS);
            } while (next != null && !next.equals(URI.create("http://m5.local:5055")));
            assertThat(next).isEqualTo(URI.create("http://m5.local:5055"));
            assertThat(detector.masters(Duration.ofSeconds(1))).containsExactly(next);
        }
    }

    @Test
    void noMasterYetMeansWaitingThenTheFirstOneToAppear() throws Exception {
        try (MasterDetector detector = MasterDetector.fromSpec("zk://" + server.getConnectString() + "/mesos", true)) {
            assertThat(detector.masters(Duration.ofMillis(200))).isEmpty();
            register("json.info_0000000001", "m1.local", 5050);
            assertThat(detector.masters(Duration.ofSeconds(20))).containsExactly(URI.create("https://m1.local:5050"));
        }
    }

    @Test
    void leaderNodeAndAddressParsing() throws Exception {
        assertThat(ZooKeeperMasters.leaderNode(List.of("json.info_0000000010", "log_replicas", "json.info_0000000009",
                "info_0000000001", "json.info_x"))).contains("json.info_0000000009");
        assertThat(ZooKeeperMasters.leaderNode(List.of("log_replicas"))).isEmpty();
        assertThat(ZooKeeperMasters.masterUrl("{\"address\":{\"ip\":\"10.0.0.7\",\"port\":5050}}"
                .getBytes(StandardCharsets.UTF_8), false)).isEqualTo(URI.create("http://10.0.0.7:5050"));
        assertThat(ZooKeeperMasters.masterUrl("{\"hostname\":\"old\",\"port\":5051}".getBytes(StandardCharsets.UTF_8),
                true)).isEqualTo(URI.create("https://old:5051"));
        assertThatThrownBy(() -> ZooKeeperMasters.masterUrl("{}".getBytes(StandardCharsets.UTF_8), false))
                .hasMessageContaining("no usable address");
        assertThatThrownBy(() -> MasterDetector.fromSpec("zk://user:pw@/mesos", false))
                .hasMessageContaining("no ZooKeeper host").hasMessageNotContaining("pw");
    }

    @Test
    void theClientFollowsTheLeaderZooKeeperNames() throws Exception {
        try (MesosMasterSimulator first = MesosMasterSimulator.start(SimulatorConfig.builder().agentCount(1).build());
             MesosMasterSimulator second = MesosMasterSimulator.standby(first.cluster())) {
            register("json.info_0000000001", "127.0.0.1", URI.create(first.url()).getPort());
            register("json.info_0000000002", "127.0.0.1", URI.create(second.url()).getPort());
            EventLog log = new EventLog();
            try (MesosClient client = new MesosClient(
                    ClientConfig.of("mc", "root", List.of("*")).withTiming(MesosClientSimulatorTest.FAST),
                    MasterDetector.fromSpec("zk://" + server.getConnectString() + "/mesos", false), log, log)) {
                client.start();
                MesosEvent.Subscribed subscribed = log.await(MesosEvent.Subscribed.class);
                assertThat(subscribed.masterUrl()).isEqualTo(first.url());

                zk.delete().forPath("/mesos/json.info_0000000001");
                assertThat(log.await(MesosEvent.Disconnected.class).reason()).contains("master moved to " + second.url());
                MesosEvent.Subscribed again = log.await(MesosEvent.Subscribed.class);
                assertThat(again.masterUrl()).isEqualTo(second.url());
                assertThat(again.info().getFrameworkId()).isEqualTo(subscribed.info().getFrameworkId());
                client.revive(List.of());
            }
        }
    }

    @Test
    void digestCredentialsAndATrailingSlashAreAccepted() throws Exception {
        register("json.info_0000000001", "m1.local", 5050);
        try (MasterDetector detector = MasterDetector.fromSpec(
                "zk://mesos:secret@" + server.getConnectString() + "/mesos/", false)) {
            assertThat(detector.masters(Duration.ofSeconds(20))).containsExactly(URI.create("http://m1.local:5050"));
        }
    }
}
