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
        assertThatThrownBy(() -> StateStores.open("zk://:pw@h:2181/state"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown state store \"zk://:****@h:2181/state\": use a directory, embedded:<directory>, "
                        + "redis://… or rediss://…");
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
}
