package io.mesoscompose.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrameworkConfigTest {

    @Test
    void defaultsAreTheGoProjects() {
        FrameworkConfig c = FrameworkConfig.fromEnvironment(Map.of("FRAMEWORK_HOSTNAME", "fw1"));
        assertThat(c.mesos().master()).isEqualTo("127.0.0.1:5050");
        assertThat(c.mesos().frameworkName()).isEqualTo("mc");
        assertThat(c.mesos().role()).isEqualTo("mc");
        assertThat(c.mesos().user()).isEqualTo("root");
        assertThat(c.mesos().reconcileWait()).isEqualTo(Duration.ofMinutes(30));
        assertThat(c.mesos().verifyTls()).isTrue();
        assertThat(c.http().port()).isEqualTo(10000);
        assertThat(c.http().webuiUrl()).isEqualTo("http://fw1:10000");
        assertThat(c.tasks().taskNamePrefix()).isEqualTo("mc");
        assertThat(c.tasks().defaultCpus()).isEqualTo(0.1);
        assertThat(c.tasks().defaultMemMb()).isEqualTo(50);
        assertThat(c.tasks().defaultDiskMb()).isEqualTo(1000);
        assertThat(c.tasks().portRangeFrom()).isEqualTo(31000);
        assertThat(c.tasks().portRangeTo()).isEqualTo(32000);
        assertThat(c.state().spec()).isEqualTo(FrameworkConfig.DEFAULT_STATE_DIR);
    }

    @Test
    void apiKeyStoreMeansHttpsAndNeedsItsPassword() {
        FrameworkConfig c = FrameworkConfig.fromEnvironment(Map.of("FRAMEWORK_HOSTNAME", "fw1",
                "FRAMEWORK_TLS_KEYSTORE", "/etc/mc/api.p12", "FRAMEWORK_TLS_KEYSTORE_PASSWORD", "pw"));
        assertThat(c.http().webuiUrl()).isEqualTo("https://fw1:10000");
        assertThat(c.http().tls()).hasValueSatisfying(tls -> assertThat(tls).isInstanceOfSatisfying(
                FrameworkConfig.ServerTls.KeyStoreFile.class,
                file -> assertThat(file.path()).isEqualTo(java.nio.file.Path.of("/etc/mc/api.p12"))));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> FrameworkConfig.fromEnvironment(Map.of(
                        "FRAMEWORK_TLS_KEYSTORE", "/etc/mc/api.p12")))
                .hasMessageContaining("FRAMEWORK_TLS_KEYSTORE is set but FRAMEWORK_TLS_KEYSTORE_PASSWORD is not");
    }

    @Test
    void taskPrefixFollowsTheFrameworkNameUnlessSet() {
        assertThat(FrameworkConfig.fromEnvironment(Map.of("FRAMEWORK_NAME", "web")).tasks().taskNamePrefix())
                .isEqualTo("web");
        assertThat(FrameworkConfig.fromEnvironment(Map.of("FRAMEWORK_NAME", "web", "PREFIX_TASKNAME", "x"))
                .tasks().taskNamePrefix()).isEqualTo("x");
    }

    @Test
    void goRedisSettingsSelectTheRedisStoreWithoutPrintingThePassword() {
        FrameworkConfig c = FrameworkConfig.fromEnvironment(Map.of(
                "REDIS_SERVER", "10.0.0.5:6379", "REDIS_DB", "3", "REDIS_PASSWORD", "p@ss"));
        assertThat(c.state().spec()).isEqualTo("redis://:p%40ss@10.0.0.5:6379/3");
        assertThat(c.toString()).doesNotContain("p%40ss").doesNotContain("p@ss").contains("redis://****@10.0.0.5");
    }

    @Test
    void secretsNeverPrint() {
        FrameworkConfig c = FrameworkConfig.fromEnvironment(Map.of(
                "MESOS_PASSWORD", "m-secret", "AUTH_PASSWORD", "a-secret"));
        assertThat(c.toString()).doesNotContain("m-secret", "a-secret");
    }

    @Test
    void everyBadValueIsReportedAtOnce() {
        assertThatThrownBy(() -> FrameworkConfig.fromEnvironment(Map.of(
                "FRAMEWORK_PORT", "http", "DEFAULT_CPU", "-1", "RECONCILE_WAIT", "soon", "MESOS_SSL", "maybe",
                "PORTRANGE_FROM", "33000")))
                .hasMessageContaining("FRAMEWORK_PORT=http: expected a whole number")
                .hasMessageContaining("DEFAULT_CPU=-1: expected a positive number")
                .hasMessageContaining("RECONCILE_WAIT=soon: expected a duration")
                .hasMessageContaining("MESOS_SSL=maybe: expected true or false")
                .hasMessageContaining("PORTRANGE_FROM=33000 is above PORTRANGE_TO=32000");
    }

    @Test
    void goDurations() {
        assertThat(Durations.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(Durations.parse("0")).isEqualTo(Duration.ZERO);
        assertThatThrownBy(() -> Durations.parse("15")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Durations.parse("5x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void commandLineOverridesWinAndTheWebUiUrlFollowsTheNewPort() {
        FrameworkConfig c = FrameworkConfig.fromEnvironment(Map.of("FRAMEWORK_HOSTNAME", "fw1"))
                .with(new FrameworkConfig.Overrides(java.util.Optional.of("zk://z1:2181/mesos"),
                        java.util.Optional.empty(), java.util.Optional.of(8080), java.util.Optional.empty(),
                        java.util.Optional.of("/var/lib/mc"), true));
        assertThat(c.mesos().master()).isEqualTo("zk://z1:2181/mesos");
        assertThat(c.http().port()).isEqualTo(8080);
        assertThat(c.http().webuiUrl()).isEqualTo("http://fw1:8080");
        assertThat(c.http().insecureNoAuth()).isTrue();
        assertThat(c.state().spec()).isEqualTo("/var/lib/mc");
    }

    @Test
    void theGoProjectsPemCertificateAndKeyMeanHttpsAndGoTogether() {
        FrameworkConfig c = FrameworkConfig.fromEnvironment(Map.of("FRAMEWORK_HOSTNAME", "fw1",
                "SSL_CRT_BASE64", "Y2VydA==", "SSL_KEY_BASE64", "a2V5"));
        assertThat(c.http().webuiUrl()).isEqualTo("https://fw1:10000");
        assertThat(c.http().tls()).containsInstanceOf(FrameworkConfig.ServerTls.Pem.class);
        assertThat(c.toString()).doesNotContain("a2V5");
        assertThatThrownBy(() -> FrameworkConfig.fromEnvironment(Map.of("SSL_CRT_BASE64", "Y2VydA==")))
                .hasMessageContaining("SSL_CRT_BASE64 and SSL_KEY_BASE64 go together");
        assertThatThrownBy(() -> FrameworkConfig.fromEnvironment(Map.of("SSL_CRT_BASE64", "Y2VydA==",
                "SSL_KEY_BASE64", "a2V5", "FRAMEWORK_TLS_KEYSTORE", "/k.p12", "FRAMEWORK_TLS_KEYSTORE_PASSWORD", "pw")))
                .hasMessageContaining("set one");
    }

    @Test
    void theFrameworkPrincipalIsMesosPrincipalElseTheMasterUser() {
        assertThat(FrameworkConfig.fromEnvironment(Map.of()).mesos().frameworkPrincipal()).isEmpty();
        assertThat(FrameworkConfig.fromEnvironment(Map.of("MESOS_USERNAME", "mc-user")).mesos().frameworkPrincipal())
                .hasValue("mc-user");
        FrameworkConfig both = FrameworkConfig.fromEnvironment(Map.of("MESOS_USERNAME", "mc-user",
                "MESOS_PRINCIPAL", "mc-principal"));
        assertThat(both.mesos().frameworkPrincipal()).hasValue("mc-principal");
        assertThat(both.mesos().principal()).as("basic-auth user").hasValue("mc-user");
    }

    @Test
    void goSchedulingSettingsHaveTheGoDefaults() {
        FrameworkConfig defaults = FrameworkConfig.fromEnvironment(Map.of());
        assertThat(defaults.mesos().heartbeatInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(defaults.mesos().hostConstraints()).isEmpty();
        assertThat(defaults.tasks().removeLostTasks()).isTrue();
        assertThat(defaults.tasks().gpuAllocation()).isTrue();
        assertThat(defaults.state().redisPoolSize()).isZero();
        FrameworkConfig set = FrameworkConfig.fromEnvironment(Map.of("HEARTBEAT_INTERVAL", "1m",
                "HOST_CONSTRAINT_LIST", "agent1.example, agent2.example,", "TASK_LOST_REMOVE_TASK", "false",
                "ENABLE_GPU_ALLOCATION", "false", "REDIS_POOLSIZE", "32"));
        assertThat(set.mesos().heartbeatInterval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(set.mesos().hostConstraints()).containsExactly("agent1.example", "agent2.example");
        assertThat(set.tasks().removeLostTasks()).isFalse();
        assertThat(set.tasks().gpuAllocation()).isFalse();
        assertThat(set.state().redisPoolSize()).isEqualTo(32);
        assertThatThrownBy(() -> FrameworkConfig.fromEnvironment(Map.of("HEARTBEAT_INTERVAL", "0s")))
                .hasMessageContaining("HEARTBEAT_INTERVAL: must be more than 0");
    }

    @Test
    void goSettingsWithoutEffectHereAreAcceptedAndNamedAsSuch() {
        FrameworkConfig quiet = FrameworkConfig.fromEnvironment(Map.of("THREAD_ENABLE", "false",
                "COMPOSE_PLUGINS_ENABLE", "false"));
        assertThat(quiet.notices()).isEmpty();
        FrameworkConfig c = FrameworkConfig.fromEnvironment(Map.of("THREAD_ENABLE", "true",
                "COMPOSE_PLUGINS_ENABLE", "true", "FRAMEWORK_STATEFILE_PATH", "/var/tmp"));
        assertThat(c.notices()).containsExactly(
                "THREAD_ENABLE=true has no effect: one loop applies status updates in order, in batches",
                "COMPOSE_PLUGINS_ENABLE=true has no effect: the Go project's plugins cannot load here",
                "FRAMEWORK_STATEFILE_PATH=/var/tmp has no effect: the state lives in MESOS_COMPOSE_STATE");
        assertThatThrownBy(() -> FrameworkConfig.fromEnvironment(Map.of("THREAD_ENABLE", "sometimes")))
                .hasMessageContaining("THREAD_ENABLE=sometimes: expected true or false");
    }

    @Test
    void theDefaultHostNameIsTheOneOtherMachinesCanReach() {
        FrameworkConfig c = FrameworkConfig.fromEnvironment(Map.of(), () -> "fw1.example.org");
        assertThat(c.mesos().hostname()).isEqualTo("fw1.example.org");
        assertThat(c.http().webuiUrl()).isEqualTo("http://fw1.example.org:10000");
    }

    @Test
    void aBadHaSessionTimeoutIsReportedOnce() {
        assertThatThrownBy(() -> FrameworkConfig.fromEnvironment(Map.of("MESOS_COMPOSE_HA", "zk://127.0.0.1:2181",
                "MESOS_COMPOSE_HA_SESSION_TIMEOUT", "soon")))
                .satisfies(e -> assertThat(e.getMessage().split("MESOS_COMPOSE_HA_SESSION_TIMEOUT", -1)).hasSize(2));
    }
}
