package io.mesoscompose.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Redis under crashes: the writing client killed at random points and exactly mid-MULTI, and the server itself
 * killed with SIGKILL while the client writes (with appendfsync always, as docs/state.md recommends).
 */
class RedisStateStoreCrashTest extends KillNineCrashTest {

    private static RedisServer server;

    @BeforeAll
    static void startRedis() {
        server = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        server.close();
    }

    private static String spec() {
        return "redis://127.0.0.1:" + server.port() + "/1";
    }

    @Override
    protected List<String> writerArgs() {
        return List.of(spec(), "crash");
    }

    @Override
    protected StateStore open() {
        return CrashWriter.open(spec(), "crash");
    }

    @Test
    void killingTheClientMidMultiAppliesNothing() throws Exception {
        try (StateStore store = CrashWriter.open(spec(), "half")) {
            store.commit(new StateChange.SetFrameworkId("fw"), new StateChange.PutProject(StateStoreContract.project("p", 1)));
        }
        Process child = startJava(HalfCommitWriter.class, List.of("127.0.0.1", Integer.toString(server.port()), "half"));
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()));
        assertThat(out.readLine()).isEqualTo("queued");
        child.destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();

        try (StateStore store = CrashWriter.open(spec(), "half")) {
            assertThat(store.frameworkId()).contains("fw");
            assertThat(store.project("p")).contains(StateStoreContract.project("p", 1));
            assertThat(store.tasks()).isEmpty();
        }
    }

    @Test
    void aKilledServerKeepsEveryAcknowledgedCommit() throws Exception {
        Process child = startJava(CrashWriter.class, List.of(spec(), "server-crash"));
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()));
        long acknowledged = 0;
        for (int i = 0; i < 100; i++) {
            acknowledged = Long.parseLong(out.readLine().trim());
        }
        server.killAndRestart();
        // The writer stops at a commit that failed while Redis was down, or reconnects and goes on: either way,
        // everything it printed was acknowledged, before or after the server's crash.
        child.toHandle().destroyForcibly();
        assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        acknowledged = lastAcknowledged(out, acknowledged);

        try (StateStore store = CrashWriter.open(spec(), "server-crash")) {
            long version = store.project("p").map(ProjectRecord::version).orElse(0L);
            assertThat(version).as("acknowledged commits are kept").isBetween(acknowledged, acknowledged + 1);
            assertThat(store.task("t" + version)).isPresent();
            assertThat(store.task("t" + (version + 1))).isEmpty();
            for (int i = 0; i < CrashWriter.FILLERS; i++) {
                assertThat(store.task("f" + i)).contains(CrashWriter.filler(i, version));
            }
        }
    }
}
