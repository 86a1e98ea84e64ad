package io.mesoscompose.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mesoscompose.config.FrameworkConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoresTest {

    @TempDir
    Path dir;

    @Test
    void aPlainPathOrEmbeddedPrefixOpensTheEmbeddedStore() {
        try (StateStore store = StateStores.open(dir.resolve("a").toString())) {
            assertThat(store).isInstanceOf(EmbeddedStateStore.class);
            assertThat(store.describe()).isEqualTo("embedded:" + dir.resolve("a").toAbsolutePath());
        }
        try (StateStore store = StateStores.open("embedded:" + dir.resolve("b"))) {
            assertThat(store.describe()).isEqualTo("embedded:" + dir.resolve("b").toAbsolutePath());
        }
        assertThat(StateStores.embeddedPath("mesos-compose-data")).isEqualTo(Path.of("mesos-compose-data"));
    }

    @Test
    void redisUrlsCarryHostPortDatabaseUserPasswordAndTls() {
        assertThat(StateStores.redisTarget("redis://10.0.0.5:6380/3"))
                .isEqualTo(new RedisTarget("10.0.0.5", 6380, 3, Optional.empty(), Optional.empty(), false));
        assertThat(StateStores.redisTarget("redis://redis.local"))
                .isEqualTo(new RedisTarget("redis.local", 6379, 0, Optional.empty(), Optional.empty(), false));
        assertThat(StateStores.redisTarget("rediss://:p%40ss+1@redis.local/2"))
                .isEqualTo(new RedisTarget("redis.local", 6379, 2, Optional.empty(), Optional.of("p@ss+1"), true));
        assertThat(StateStores.redisTarget("redis://framework:s%2Fcret@[::1]:7000/"))
                .isEqualTo(new RedisTarget("::1", 7000, 0, Optional.of("framework"), Optional.of("s/cret"), false));
        // As redis-cli and the Go client read it: a lone user-info part is the password.
        assertThat(StateStores.redisTarget("redis://secret@h/1").password()).contains("secret");
    }

    @Test
    void theGoProjectsRedisSettingsReadBackExactly() {
        String password = "p@ss w+rd/:%";
        FrameworkConfig config = FrameworkConfig.fromEnvironment(Map.of(
                "REDIS_SERVER", "10.0.0.5:6379", "REDIS_DB", "1", "REDIS_PASSWORD", password));
        assertThat(StateStores.redisTarget(config.state().spec()))
                .isEqualTo(new RedisTarget("10.0.0.5", 6379, 1, Optional.empty(), Optional.of(password), false));
    }

    @Test
    void describingOrRejectingAUrlNeverShowsThePassword() {
        assertThat(StateStores.redisTarget("redis://:hunter2@h:1/4").describe()).isEqualTo("redis://****@h:1/4");
        assertThat(StateStores.redisTarget("redis://bob:hunter2@h:1/4").toString()).isEqualTo("redis://bob@h:1/4");
        assertThatThrownBy(() -> StateStores.open("redis://:hun@xq/2@h:1/4"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("URL-encode")
                .hasMessageNotContaining("hun").hasMessageNotContaining("xq");
        assertThatThrownBy(() -> StateStores.open("redis://:hunter2@h:1/x"))
                .hasMessageContaining("redis://:****@h:1/x").hasMessageContaining("/<database number>")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void anUnknownSchemeIsRefused() {
        assertThatThrownBy(() -> StateStores.open("etcd://:pw@h:2379/state"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown state store \"etcd://:****@h:2379/state\": use a directory, "
                        + "embedded:<directory>, redis://…, rediss://… or zk://…");
        assertThatThrownBy(() -> StateStores.open("embedded:")).hasMessageContaining("names no directory");
    }

    @Test
    void aRedisUrlOpensTheRedisStoreUnderTheFrameworkName() {
        try (RedisServer server = RedisServer.startWithPassword("s3cr3t");
             StateStore store = StateStores.open("redis://:s3cr3t@127.0.0.1:" + server.port() + "/5", "web")) {
            assertThat(store).isInstanceOf(RedisStateStore.class);
            assertThat(store.describe()).isEqualTo("redis://****@127.0.0.1:" + server.port() + "/5 (keys web:state:*)");
            store.commit(new StateChange.SetFrameworkId("fw"));
            assertThat(store.frameworkId()).contains("fw");
            assertThatThrownBy(() -> StateStores.open("redis://:wrong@127.0.0.1:" + server.port() + "/5", "web"))
                    .isInstanceOf(StateStoreException.class)
                    .hasMessageContaining("redis://****@127.0.0.1:" + server.port() + "/5")
                    .hasMessageNotContaining("wrong");
        }
    }

    @Test
    void anAclUserLogsInWithItsOwnPassword() {
        try (RedisServer server = RedisServer.start(Optional.empty(),
                List.of("--user", "framework", "on", ">fw pass", "~*", "&*", "+@all"));
             StateStore store = StateStores.open("redis://framework:fw%20pass@127.0.0.1:" + server.port() + "/0", "acl")) {
            store.commit(new StateChange.SetFrameworkId("as-framework"));
            assertThat(store.frameworkId()).contains("as-framework");
            assertThat(store.describe()).startsWith("redis://framework@127.0.0.1:");
        }
    }

    @Test
    void aZooKeeperUrlNamesTheEnsembleAndAPathDefaultingUnderTheFrameworkName() {
        assertThat(StateStores.zooKeeperTarget("zk://z1:2181,z2:2181/mesos-compose/prod", "mc"))
                .isEqualTo(new ZooKeeperTarget("z1:2181,z2:2181", "/mesos-compose/prod", Optional.empty()));
        assertThat(StateStores.zooKeeperTarget("zk://z1:2181", "web").path()).isEqualTo("/mesos-compose/web");
        assertThat(StateStores.zooKeeperTarget("zk://z1:2181/", "web").path()).isEqualTo("/mesos-compose/web");
        ZooKeeperTarget withAuth = StateStores.zooKeeperTarget("zk://app:hunter2@z1:2181/s", "mc");
        assertThat(withAuth.auth()).contains("app:hunter2");
        assertThat(withAuth.toString()).isEqualTo("zk://app:****@z1:2181/s");
        assertThatThrownBy(() -> StateStores.zooKeeperTarget("zk://app:hunter2@/s", "mc"))
                .hasMessageContaining("names no host list").hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> StateStores.zooKeeperTarget("zk://app@z1:2181/s", "mc"))
                .hasMessageContaining("credentials without a password");
        assertThat(StateStores.embeddedDirectory("zk://z1:2181/s")).isEmpty();
    }

    @Test
    void highAvailabilityRefusesTheEmbeddedStoreSayingWhatToUse() {
        assertThatThrownBy(() -> StateStores.openShared("mesos-compose-data", "mc", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("high availability (--ha) needs a state every instance reaches, and the embedded store "
                        + "\"mesos-compose-data\" is a file on one machine: set MESOS_COMPOSE_STATE (or --state) to "
                        + "zk://host:port,…/path or redis://host:port/db");
        assertThatThrownBy(() -> StateStores.openShared("etcd://h/x", "mc", 0))
                .hasMessageStartingWith("unknown state store");
    }
}
