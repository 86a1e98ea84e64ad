package io.mesoscompose.state;

import java.util.List;
import java.util.Random;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The ZooKeeper store under kill -9, as a highly available leader is killed: the writer claims the state, each of
 * its commits rewrites 1,000 tasks (about 0.6 MB, more than one multi-op carries, so every commit goes through the
 * journal), and after each kill the test claims the state with a later epoch, as the next leader does, which
 * finishes or drops the journal the killed writer left. Every commit must be whole and none acknowledged lost.
 */
class ZooKeeperStateStoreCrashTest extends KillNineCrashTest {

    private static final int FILLERS = 1000;
    private static TestingServer server;

    @BeforeAll
    static void startZooKeeper() throws Exception {
        server = new TestingServer(true);
    }

    @AfterAll
    static void stopZooKeeper() throws Exception {
        server.close();
    }

    private static String spec() {
        return "zk://" + server.getConnectString() + "/crash";
    }

    @Override
    protected List<String> writerArgs() {
        return List.of(spec(), "crash", "shared", Integer.toString(FILLERS));
    }

    @Override
    protected StateStore open() {
        return CrashWriter.claimShared(spec(), "crash");
    }

    @Override
    protected int fillers() {
        return FILLERS;
    }

    @Override
    protected long millisBeforeKill(Random random) {
        return random.nextInt(1500);  // a commit takes a few hundred milliseconds here: any of its steps
    }

    @Override
    protected int rounds() {
        return 3;
    }

    @Override
    protected int commitsBeforeKill(Random random) {
        return 1 + random.nextInt(6);
    }
}
