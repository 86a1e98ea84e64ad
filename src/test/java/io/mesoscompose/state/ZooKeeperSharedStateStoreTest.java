package io.mesoscompose.state;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** The shared-store contract against a real ZooKeeper server. */
class ZooKeeperSharedStateStoreTest extends SharedStateStoreContract {

    private static final AtomicInteger PATHS = new AtomicInteger();
    private static TestingServer server;
    private ZooKeeperTarget target;

    @BeforeAll
    static void startZooKeeper() throws Exception {
        server = new TestingServer(true);
    }

    @AfterAll
    static void stopZooKeeper() throws Exception {
        server.close();
    }

    @BeforeEach
    void newState() {
        target = new ZooKeeperTarget(server.getConnectString(), "/shared" + PATHS.incrementAndGet(), Optional.empty());
    }

    @Override
    protected SharedStateStore openShared() {
        return ZooKeeperStateStore.openShared(target);
    }

    @Override
    protected StateStore openSingle() {
        return ZooKeeperStateStore.open(target);
    }
}
