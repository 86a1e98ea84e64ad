package io.mesoscompose.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;

/** The contract against a real redis-server, plus what only Redis has: key layout, databases, a server restart. */
class RedisStateStoreTest extends StateStoreContract {

    private static final AtomicInteger PREFIXES = new AtomicInteger();
    private static RedisServer server;

    private String prefix;

    @BeforeAll
    static void startRedis() {
        server = RedisServer.start();
    }

    @AfterAll
    static void stopRedis() {
        server.close();
    }

    static RedisTarget target(int database) {
        return new RedisTarget(server.host(), server.port(), database, Optional.empty(), Optional.empty(), false);
    }

    @Override
    protected StateStore create() {
        // One server for the class; each test has its own key prefix, so tests see only their own state.
        prefix = "test" + PREFIXES.incrementAndGet();
        return RedisStateStore.open(target(1), prefix);
    }

    @Override
    protected StateStore reopen(StateStore closed) {
        closed.close();
        return RedisStateStore.open(target(1), prefix);
    }

    @Test
    void keysFollowTheFrameworkNameOneJsonValuePerTask() {
        store.commit(new StateChange.SetFrameworkId("fw-1"), new StateChange.PutProject(project("shop", 1)),
                new StateChange.PutTask(task("shop_web.1", "shop", "TASK_RUNNING", 1)));
        try (Jedis raw = new Jedis(server.host(), server.port())) {
            raw.select(1);
            assertThat(raw.keys(prefix + ":*")).containsExactlyInAnyOrder(prefix + ":state:meta",
                    prefix + ":state:projects", prefix + ":state:tasks", prefix + ":state:owner");
            assertThat(raw.hgetAll(prefix + ":state:meta"))
                    .containsEntry("schema_version", Integer.toString(StateStore.SCHEMA_VERSION))
                    .containsEntry("framework_id", "fw-1");
            assertThat(raw.hget(prefix + ":state:tasks", "shop_web.1"))
                    .startsWith("{").contains("\"taskId\":\"shop_web.1\"", "\"state\":\"TASK_RUNNING\"");
            assertThat(raw.hget(prefix + ":state:projects", "shop")).contains("\"name\":\"shop\"");
        }
        assertThat(store.describe()).isEqualTo("redis://127.0.0.1:" + server.port() + "/1 (keys " + prefix + ":state:*)");
    }

    @Test
    void databasesAreSeparate() {
        store.commit(new StateChange.SetFrameworkId("in-db-1"));
        try (StateStore other = RedisStateStore.open(target(2), prefix)) {
            assertThat(other.frameworkId()).isEmpty();
            other.commit(new StateChange.SetFrameworkId("in-db-2"));
        }
        assertThat(store.frameworkId()).contains("in-db-1");
    }

    @Test
    void aStoreFromANewerVersionIsRefused() throws Exception {
        store.close();
        try (Jedis raw = new Jedis(server.host(), server.port())) {
            raw.select(1);
            raw.hset(prefix + ":state:meta", "schema_version", "99");
        }
        assertThatThrownBy(() -> RedisStateStore.open(target(1), prefix))
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining("newer mesos-compose (schema version 99");
        try (Jedis raw = new Jedis(server.host(), server.port())) {
            raw.select(1);
            assertThat(raw.exists(prefix + ":state:owner")).as("the refused open let go of the lease").isFalse();
        }
        store = create();
    }

    @Test
    void acknowledgedCommitsSurviveARedisRestartAndTheStoreReconnects() {
        store.commit(new StateChange.SetFrameworkId("fw-r"), new StateChange.PutTask(task("t", "p", "TASK_RUNNING", 2)));
        server.restart();  // the test server fsyncs its append-only file on every write
        // The same store object carries on: connections broken by the restart are replaced, not used.
        assertThat(store.frameworkId()).contains("fw-r");
        assertThat(store.task("t")).contains(task("t", "p", "TASK_RUNNING", 2));
        store.commit(new StateChange.ClearFrameworkId());
        store = reopen(store);
        assertThat(store.frameworkId()).isEmpty();
    }

    @Test
    void anUnreachableServerIsReportedWithItsAddressButNotItsPassword() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        RedisTarget nowhere = new RedisTarget("127.0.0.1", closedPort, 1, Optional.empty(), Optional.of("hunter2"), false);
        assertThatThrownBy(() -> RedisStateStore.open(nowhere, prefix))
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining("redis://****@127.0.0.1:" + closedPort + "/1")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void aServerThatDoesNotFsyncEveryWriteIsReported() {
        Logger logger = (Logger) LoggerFactory.getLogger(RedisStateStore.class);
        ListAppender<ILoggingEvent> logged = new ListAppender<>();
        logged.start();
        logger.addAppender(logged);
        try (RedisServer lax = RedisServer.start(Optional.empty(), List.of("--appendfsync", "everysec"))) {
            RedisStateStore.open(target(1), prefix + "-strict").close();  // the test server fsyncs every write
            assertThat(logged.list).isEmpty();
            RedisStateStore.open(new RedisTarget(lax.host(), lax.port(), 0, Optional.empty(), Optional.empty(), false),
                    "lax").close();
            assertThat(logged.list).extracting(ILoggingEvent::getFormattedMessage).singleElement().asString()
                    .contains("fsyncs its append-only file everysec", "appendfsync always");
        } finally {
            logger.detachAppender(logged);
        }
    }
}
