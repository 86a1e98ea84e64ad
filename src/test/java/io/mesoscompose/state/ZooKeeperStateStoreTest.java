package io.mesoscompose.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mesoscompose.compose.SourceFile;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.KeeperException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contract against a real ZooKeeper server (curator-test's TestingServer), plus what only ZooKeeper has: the
 * layout, no znode and no multi-op near the 1 MB packet limit, commits too large for one multi-op, credentials.
 */
class ZooKeeperStateStoreTest extends StateStoreContract {

    private static final AtomicInteger PATHS = new AtomicInteger();
    private static TestingServer server;
    private static CuratorFramework raw;

    private String path;

    @BeforeAll
    static void startZooKeeper() throws Exception {
        server = new TestingServer(true);
        raw = CuratorFrameworkFactory.newClient(server.getConnectString(), new RetryOneTime(100));
        raw.start();
    }

    @AfterAll
    static void stopZooKeeper() throws Exception {
        raw.close();
        server.close();
    }

    static ZooKeeperTarget target(String path) {
        return new ZooKeeperTarget(server.getConnectString(), path, Optional.empty());
    }

    @Override
    protected StateStore create() {
        path = "/test" + PATHS.incrementAndGet() + "/state";
        return ZooKeeperStateStore.open(target(path));
    }

    @Override
    protected StateStore reopen(StateStore closed) {
        closed.close();
        return ZooKeeperStateStore.open(target(path));
    }

    @Test
    void oneZnodePerProjectAndPerTaskInBucketsReadableAsJson() throws Exception {
        store.commit(new StateChange.SetFrameworkId("fw-1"), new StateChange.PutProject(project("shop", 1)),
                new StateChange.PutTask(task("shop_web.1", "shop", "TASK_RUNNING", 1)));
        assertThat(raw.getChildren().forPath(path)).containsExactlyInAnyOrder("meta", "owner", "lock", "projects",
                "tasks", "journal");
        assertThat(new String(raw.getData().forPath(path + "/meta"), StandardCharsets.UTF_8))
                .isEqualTo("{\"framework_id\":\"fw-1\",\"schema_version\":\"" + StateStore.SCHEMA_VERSION + "\"}");
        assertThat(new String(raw.getData().forPath(path + "/projects/shop"), StandardCharsets.UTF_8))
                .startsWith("{").contains("\"name\":\"shop\"");
        String bucket = String.format("%02x", Math.floorMod("shop_web.1".hashCode(), ZooKeeperLayout.BUCKETS));
        assertThat(raw.getChildren().forPath(path + "/tasks")).hasSize(ZooKeeperLayout.BUCKETS).contains(bucket);
        assertThat(new String(raw.getData().forPath(path + "/tasks/" + bucket + "/shop_web.1"), StandardCharsets.UTF_8))
                .contains("\"taskId\":\"shop_web.1\"", "\"state\":\"TASK_RUNNING\"");
        assertThat(store.describe()).isEqualTo("zk://" + server.getConnectString() + path);
    }

    @Test
    void aProjectLargerThanAChunkIsSplitSoNoZnodeComesNearTheLimit() throws Exception {
        ProjectRecord big = projectWithSources("big", 1, 2_500_000);  // random text: gzip barely shrinks it
        store.commit(new StateChange.PutProject(big));
        assertThat(store.project("big")).contains(big);
        assertThat(store.projects()).containsExactly(big);
        assertThat(largestZnode(path)).isLessThanOrEqualTo(ZooKeeperWriter.CHUNK_BYTES);
        assertThat(raw.getChildren().forPath(path + "/projects/big")).hasSizeGreaterThan(2);

        ProjectRecord smaller = projectWithSources("big", 2, 300_000);
        store.commit(new StateChange.PutProject(smaller));
        assertThat(store.project("big")).contains(smaller);
        store = reopen(store);
        assertThat(store.project("big")).contains(smaller);
        ProjectRecord small = project("big", 3);
        store.commit(new StateChange.PutProject(small));
        assertThat(store.project("big")).contains(small);
        assertThat(raw.getChildren().forPath(path + "/projects/big")).as("the old parts are gone").isEmpty();
        store.commit(new StateChange.DeleteProject("big"));
        assertThat(store.projects()).isEmpty();
    }

    @Test
    void aCommitTooLargeForOneMultiOpIsAppliedWholeThroughTheJournal() throws Exception {
        List<StateChange> launch = new ArrayList<>();
        for (int i = 0; i < 1600; i++) {  // about 1.3 MB of task records
            launch.add(new StateChange.PutTask(task("t" + i, "p", "TASK_STAGING", 10)));
        }
        launch.add(new StateChange.PutProject(project("p", 1)));
        store.commit(launch);
        assertThat(store.tasks()).hasSize(1600);
        assertThat(raw.getChildren().forPath(path + "/journal")).as("the journal is gone once applied").isEmpty();

        List<StateChange> forget = new ArrayList<>();
        for (int i = 0; i < 1600; i += 2) {
            forget.add(new StateChange.DeleteTask("t" + i));
            forget.add(new StateChange.PutTask(task("t" + (i + 1), "p", "TASK_RUNNING", 12)));
        }
        store.commit(forget);
        store = reopen(store);
        assertThat(store.tasks()).hasSize(800).allSatisfy(t -> assertThat(t.state()).isEqualTo("TASK_RUNNING"));
    }

    @Test
    void aTaskRecordAboveAChunkIsRefusedAndNothingOfItsCommitIsWritten() {
        TaskRecord huge = task("huge", "p", "TASK_FAILED", 1);
        String noise = randomText(new Random(3), ZooKeeperWriter.CHUNK_BYTES * 2);
        TaskRecord withMessage = new TaskRecord(huge.taskId(), huge.project(), huge.service(), huge.replica(),
                huge.projectVersion(), huge.fingerprint(), huge.agentId(), huge.hostname(), huge.state(),
                huge.desired(), huge.hostPorts(), Optional.of(noise), huge.exitCode(), huge.healthy(), huge.attempt(),
                huge.createdAt(), huge.updatedAt(), huge.history());
        assertThatThrownBy(() -> store.commit(new StateChange.SetFrameworkId("fw"), new StateChange.PutTask(withMessage)))
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining("the record of task huge is")
                .hasMessageContaining("nothing of this commit was written");
        assertThat(store.frameworkId()).isEmpty();
    }

    @Test
    void aSecondProcessIsRefusedWhileTheFirstHoldsTheLockAndGetsInOnceItCloses() {
        // The waiting itself (a session timeout and a half) is left to the crash tests; here the lock is released.
        store.commit(new StateChange.SetFrameworkId("first"));
        store.close();
        try (StateStore second = ZooKeeperStateStore.open(target(path))) {
            assertThat(second.frameworkId()).contains("first");
            second.commit(new StateChange.SetFrameworkId("second"));
        }
        store = ZooKeeperStateStore.open(target(path));
        assertThat(store.frameworkId()).contains("second");
    }

    @Test
    void aStateFromANewerVersionIsRefused() throws Exception {
        store.close();
        raw.setData().forPath(path + "/meta", "{\"schema_version\":\"99\"}".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> ZooKeeperStateStore.open(target(path)))
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining("newer mesos-compose (schema version 99");
        assertThatThrownBy(() -> ZooKeeperStateStore.openShared(target(path)))
                .hasMessageContaining("newer mesos-compose (schema version 99");
        raw.delete().forPath(path + "/meta");
        store = ZooKeeperStateStore.open(target(path));
    }

    @Test
    void withCredentialsTheNodesAreTheUsersOnly() throws Exception {
        store.close();
        String secured = path + "-secured";
        ZooKeeperTarget withAuth = ZooKeeperTarget.parse("zk://app:s3cret@" + server.getConnectString() + secured);
        assertThat(withAuth.describe()).isEqualTo("zk://app:****@" + server.getConnectString() + secured);
        try (StateStore owned = ZooKeeperStateStore.open(withAuth)) {
            owned.commit(new StateChange.PutProject(project("p", 1)));
            assertThat(owned.project("p")).isPresent();
        }
        assertThatThrownBy(() -> raw.getData().forPath(secured + "/projects/p"))
                .isInstanceOf(KeeperException.NoAuthException.class);
        store = create();
    }

    private static ProjectRecord projectWithSources(String name, long version, int size) {
        String text = "# " + randomText(new Random(version), size) + "\nservices: {a: {image: x}}\n";
        return new ProjectRecord(name, version, List.of(new SourceFile("compose.yml", text)), Map.of(),
                ProjectRecord.Desired.RUNNING, Instant.parse("2026-11-25T06:00:00Z"));
    }

    private static String randomText(Random random, int size) {
        StringBuilder s = new StringBuilder(size);
        for (int i = 0; i < size; i++) {
            s.append((char) ('a' + random.nextInt(26)));
        }
        return s.toString();
    }

    private static int largestZnode(String node) throws Exception {
        int largest = raw.getData().forPath(node).length;
        for (String child : raw.getChildren().forPath(node)) {
            largest = Math.max(largest, largestZnode(node + "/" + child));
        }
        return largest;
    }
}
