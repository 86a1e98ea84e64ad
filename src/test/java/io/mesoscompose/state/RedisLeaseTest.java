package io.mesoscompose.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.Jedis;

/** One writer per Redis state: a second process is refused, a takeover fences the old owner, close releases. */
class RedisLeaseTest {

    private static final Duration LEASE = Duration.ofSeconds(2);
    private static RedisServer server;

    @BeforeAll
    static void startRedis() {
        server = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        server.close();
    }

    private static RedisStateStore open(String prefix) {
        RedisTarget target = new RedisTarget(server.host(), server.port(), 1, Optional.empty(), Optional.empty(), false);
        return RedisStateStore.open(target, prefix, null, LEASE);
    }

    private static Jedis raw() {
        Jedis raw = new Jedis(server.host(), server.port());
        raw.select(1);
        return raw;
    }

    @Test
    void aSecondWriterIsRefusedWhileTheFirstKeepsRenewing() {
        try (RedisStateStore first = open("busy")) {
            // Waiting one and a half lease periods outlasts several renewals: the lease is kept alive, not just set.
            assertThatThrownBy(() -> open("busy"))
                    .isInstanceOf(StateStoreException.class)
                    .hasMessageContaining("is in use by mesos-compose on ")
                    .hasMessageContaining("(pid " + ProcessHandle.current().pid() + ")")
                    .hasMessageContaining("FRAMEWORK_NAME");
            first.commit(new StateChange.SetFrameworkId("still-mine"));
            assertThat(first.frameworkId()).contains("still-mine");
        }
    }

    @Test
    void closingReleasesTheLeaseAtOnce() {
        open("released").close();
        try (Jedis raw = raw()) {
            assertThat(raw.exists("released:state:owner")).isFalse();
        }
        open("released").close();
    }

    @Test
    void anOwnerWhoseLeaseWasTakenOverCannotWrite() {
        try (RedisStateStore stale = open("fenced")) {
            stale.commit(new StateChange.SetFrameworkId("before"));
            try (Jedis raw = raw()) {
                raw.set("fenced:state:owner", "other-host (pid 1) 0000");  // as if its lease expired and another took it
            }
            assertThatThrownBy(() -> stale.commit(new StateChange.SetFrameworkId("after"),
                    new StateChange.PutTask(StateStoreContract.task("t", "p", "TASK_RUNNING", 1))))
                    .isInstanceOf(StateStoreException.class)
                    .hasMessageContaining("was taken over by mesos-compose on other-host (pid 1)");
            assertThat(stale.frameworkId()).contains("before");
            assertThat(stale.tasks()).isEmpty();
        }
    }

    @Test
    void aLeaseThatExpiredWhileNobodyTookItIsTakenBackByTheNextCommit() {
        try (RedisStateStore store = open("expired")) {
            try (Jedis raw = raw()) {
                raw.del("expired:state:owner");  // as after a Redis outage longer than the lease
            }
            store.commit(new StateChange.SetFrameworkId("fw"));
            assertThat(store.frameworkId()).contains("fw");
            try (Jedis raw = raw()) {
                assertThat(raw.get("expired:state:owner")).contains("(pid " + ProcessHandle.current().pid() + ")");
                assertThat(raw.pttl("expired:state:owner")).isPositive();
            }
        }
    }

    @Test
    void aKilledOwnersLeaseExpiresAndTheNextProcessGetsIn() throws Exception {
        Process child = KillNineCrashTest.startJava(CrashWriter.class,
                List.of("redis://127.0.0.1:" + server.port() + "/1", "killed"));
        new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream())).readLine();
        child.toHandle().destroyForcibly();
        child.waitFor();
        try (Jedis raw = raw()) {
            assertThat(raw.get("killed:state:owner")).as("the killed writer's lease is still there").isNotNull();
        }
        try (StateStore next = CrashWriter.open("redis://127.0.0.1:" + server.port() + "/1", "killed")) {
            assertThat(next.project("p")).isPresent();
        }
    }

    @Test
    void renewalsDuringCommitsDoNotFailThem() {
        // A renewal (PEXPIRE on the lease key) between WATCH and EXEC aborts that EXEC: the commit must retry.
        RedisTarget target = new RedisTarget(server.host(), server.port(), 1, Optional.empty(), Optional.empty(), false);
        try (RedisStateStore store = RedisStateStore.open(target, "busy-renewing", null, Duration.ofMillis(150))) {
            for (int k = 1; k <= 1500; k++) {
                store.commit(new StateChange.PutTask(StateStoreContract.task("t" + k, "p", "TASK_RUNNING", 1)));
            }
            assertThat(store.tasks()).hasSize(1500);
        }
    }
}
