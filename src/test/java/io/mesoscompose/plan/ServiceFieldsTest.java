package io.mesoscompose.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.mesoscompose.compose.model.ComposeProject;
import io.mesoscompose.compose.model.ContainerType;
import io.mesoscompose.compose.model.Deploy;
import io.mesoscompose.compose.model.HealthCheck;
import io.mesoscompose.compose.model.MesosOptions;
import io.mesoscompose.compose.model.RestartPolicy;
import io.mesoscompose.compose.model.Service;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.stream.Stream;
import org.apache.mesos.v1.Protos.Label;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ServiceFieldsTest {

    static ProjectPlan plan(Service s, PlanSettings settings) {
        return Planner.plan(new ComposeProject("proj", Map.of(s.name(), s), Map.of(), Map.of(), Map.of(), Map.of()), settings);
    }

    static ServicePlan one(Service s) {
        return plan(s, PlanSettings.defaults()).services().get(0);
    }

    static Stream<Arguments> restarts() {
        return Stream.of(
                Arguments.of(null, RestartPolicy.Condition.UNLESS_STOPPED, ServicePlan.Lifecycle.SERVICE),
                Arguments.of(RestartPolicy.Condition.ALWAYS, RestartPolicy.Condition.ALWAYS, ServicePlan.Lifecycle.SERVICE),
                Arguments.of(RestartPolicy.Condition.UNLESS_STOPPED, RestartPolicy.Condition.UNLESS_STOPPED, ServicePlan.Lifecycle.SERVICE),
                Arguments.of(RestartPolicy.Condition.NO, RestartPolicy.Condition.NO, ServicePlan.Lifecycle.JOB),
                Arguments.of(RestartPolicy.Condition.ON_FAILURE, RestartPolicy.Condition.ON_FAILURE, ServicePlan.Lifecycle.JOB));
    }

    @ParameterizedTest
    @MethodSource("restarts")
    void restartDecidesLifecycle(RestartPolicy.Condition given, RestartPolicy.Condition restart, ServicePlan.Lifecycle lifecycle) {
        ServicePlan p = one(Service.builder("s", "img").restart(given == null ? null : RestartPolicy.of(given)).build());
        assertThat(p.restart().condition()).isEqualTo(restart);
        assertThat(p.lifecycle()).isEqualTo(lifecycle);
    }

    static Deploy.Resources res(Double cpus, Double mem, Integer gpus) {
        return new Deploy.Resources(cpus == null ? OptionalDouble.empty() : OptionalDouble.of(cpus),
                mem == null ? OptionalDouble.empty() : OptionalDouble.of(mem),
                gpus == null ? OptionalInt.empty() : OptionalInt.of(gpus));
    }

    static Stream<Arguments> resources() {
        return Stream.of(
                Arguments.of(Deploy.Resources.NONE, Deploy.Resources.NONE, 0.1, 50.0),
                Arguments.of(res(0.5, 256.0, null), res(0.25, 128.0, null), 0.5, 256.0),
                Arguments.of(Deploy.Resources.NONE, res(0.25, 128.0, null), 0.25, 128.0),
                Arguments.of(res(2.0, null, null), res(null, 64.0, null), 2.0, 64.0));
    }

    @ParameterizedTest
    @MethodSource("resources")
    void resourcesFromLimitsElseReservationsElseDefaults(Deploy.Resources limits, Deploy.Resources reservations,
                                                         double cpus, double mem) {
        Deploy d = new Deploy(Deploy.Mode.REPLICATED, 2, limits, reservations, List.of(), Optional.empty(), Map.of());
        ServicePlan p = one(Service.builder("s", "img").deploy(d).build());
        assertThat(p.needs()).isEqualTo(new ServicePlan.ResourceNeeds(cpus, mem, 1000, 0));
        assertThat(p.replicas()).isEqualTo(2);
    }

    @Test
    void gpusOnlyWhenAllowed() {
        Deploy d = new Deploy(Deploy.Mode.REPLICATED, 1, res(null, null, 2), Deploy.Resources.NONE, List.of(), Optional.empty(), Map.of());
        Service s = Service.builder("s", "img").deploy(d).build();
        PlanSettings on = PlanSettings.defaults();
        assertThat(plan(s, on).services().get(0).needs().gpus()).isEqualTo(2);
        assertThat(plan(s, on).warnings()).isEmpty();
        PlanSettings offSettings = new PlanSettings(on.taskNamePrefix(), on.hostnamePrefix(), on.defaultCpus(),
                on.defaultMemMb(), on.defaultDiskMb(), on.defaultContainerType(), on.defaultVolumeDriver(),
                on.discoveryInfoNameDelimiter(), on.discoveryPortNameDelimiter(), on.role(), false, on.forcePullImage(),
                on.ucrBridgeNetwork());
        ProjectPlan off = plan(s, offSettings);
        assertThat(off.services().get(0).needs().gpus()).isZero();
        assertThat(off.warnings()).singleElement().satisfies(w -> assertThat(w.field()).isEqualTo("deploy.resources"));
        assertThat(off.services().get(0).template().getContainer().getDocker().getParametersList())
                .extracting(p -> p.getKey(), p -> p.getValue()).containsExactly(tuple("gpus", "2"));
    }

    @Test
    void secretFilesAndHostIpsAreReportedAsNotSupported() {
        Service s = Service.builder("s", "img")
                .secrets(List.of(new io.mesoscompose.compose.model.SecretMount("db", "/run/secrets/db", Optional.empty(),
                        Optional.empty(), Optional.empty())))
                .ports(List.of(new io.mesoscompose.compose.model.PortMapping(80, OptionalInt.of(8080),
                        io.mesoscompose.compose.model.PortMapping.Protocol.TCP, Optional.empty(), Optional.of("127.0.0.1"),
                        Optional.empty(), SeedExample.POS)))
                .build();
        assertThat(plan(s, PlanSettings.defaults()).warnings()).extracting(d -> d.field(), d -> d.service().orElseThrow())
                .containsExactlyInAnyOrder(tuple("secrets", "s"), tuple("ports", "s"), tuple("ports", "s"));
        assertThat(plan(s, PlanSettings.defaults()).services().get(0).secretEnv()).isEmpty();
    }

    @Test
    void settingsFromTheFrameworkConfiguration() {
        var config = io.mesoscompose.config.FrameworkConfig.fromEnvironment(Map.of(
                "FRAMEWORK_HOSTNAME", "fw.example", "FRAMEWORK_ROLE", "web", "PREFIX_TASKNAME", "prod",
                "DEFAULT_CPU", "0.5", "DEFAULT_MEMORY", "128", "DEFAULT_DISK", "200", "DEFAULT_VOLUME_DRIVER", "rexray",
                "ENABLE_GPU_ALLOCATION", "true", "DISCOVERY_PORTNAME_DELIMITER", "-", "PREFIX_HOSTNAME", "p-"));
        PlanSettings s = PlanSettings.fromConfig(config);
        assertThat(s).isEqualTo(new PlanSettings("prod", Optional.of("p-"), 0.5, 128, 200, ContainerType.DOCKER, "rexray",
                ".", "-", "web", true, true, "mesos-bridge"));
        assertThat(PlanSettings.fromConfig(io.mesoscompose.config.FrameworkConfig.fromEnvironment(
                Map.of("FRAMEWORK_HOSTNAME", "fw.example")))).isEqualTo(PlanSettings.defaults());
    }

    static Stream<Arguments> taskNames() {
        return Stream.of(
                Arguments.of(null, "mc:proj:s"),
                Arguments.of("mc:test:app1", "mc:test:app1"),
                Arguments.of("other:app", "mc:other:app"),
                Arguments.of("mcx", "mc:mcx"));
    }

    @ParameterizedTest
    @MethodSource("taskNames")
    void taskNameUnderThePrefix(String alternative, String expected) {
        ServicePlan p = one(Service.builder("s", "img")
                .mesos(new MesosOptions(Optional.ofNullable(alternative), Optional.empty(), List.of())).build());
        assertThat(p.taskName()).isEqualTo(expected);
        assertThat(p.template().getName()).isEqualTo(expected);
    }

    @Test
    void hostnameFromContainerNameWithPrefix() {
        PlanSettings d = PlanSettings.defaults();
        PlanSettings prefixed = new PlanSettings(d.taskNamePrefix(), Optional.of("prod-"), d.defaultCpus(), d.defaultMemMb(),
                d.defaultDiskMb(), d.defaultContainerType(), d.defaultVolumeDriver(), d.discoveryInfoNameDelimiter(),
                d.discoveryPortNameDelimiter(), d.role(), d.gpuAllocation(), d.forcePullImage(), d.ucrBridgeNetwork());
        Service s = Service.builder("s", "img").containerName("db").build();
        assertThat(plan(s, prefixed).services().get(0).template().getContainer().getHostname()).isEqualTo("prod-db");
        assertThat(one(Service.builder("s", "img").build()).template().getContainer().hasHostname()).isFalse();
    }

    @Test
    void healthChecks() {
        HealthCheck cmd = new HealthCheck(new HealthCheck.Check.Command(List.of("curl -f http://localhost/"), true),
                Optional.of(Duration.ofSeconds(5)), Optional.of(Duration.ofMillis(2500)), Optional.of(4),
                Optional.of(Duration.ofSeconds(60)), SeedExample.POS);
        var h = one(Service.builder("s", "img").healthcheck(cmd).build()).template().getHealthCheck();
        assertThat(h.getType()).isEqualTo(org.apache.mesos.v1.Protos.HealthCheck.Type.COMMAND);
        assertThat(h.getCommand().getShell()).isTrue();
        assertThat(h.getCommand().getValue()).isEqualTo("curl -f http://localhost/");
        assertThat(List.of(h.getIntervalSeconds(), h.getTimeoutSeconds(), h.getGracePeriodSeconds()))
                .containsExactly(5.0, 2.5, 60.0);
        assertThat(h.getConsecutiveFailures()).isEqualTo(4);

        HealthCheck exec = new HealthCheck(new HealthCheck.Check.Command(List.of("pg_isready", "-U", "pg"), false),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), SeedExample.POS);
        var e = one(Service.builder("s", "img").healthcheck(exec).build()).template().getHealthCheck();
        assertThat(e.getCommand().getShell()).isFalse();
        assertThat(e.getCommand().getValue()).isEqualTo("pg_isready");
        assertThat(e.getCommand().getArgumentsList()).containsExactly("-U", "pg"); // Docker: docker exec <c> value arguments…
        assertThat(List.of(e.getIntervalSeconds(), e.getTimeoutSeconds(), e.getGracePeriodSeconds()))
                .containsExactly(30.0, 30.0, 0.0);
        assertThat(e.getConsecutiveFailures()).isEqualTo(3);

        HealthCheck http = new HealthCheck(new HealthCheck.Check.Http(8080, "/health", "https"),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), SeedExample.POS);
        var ht = one(Service.builder("s", "img").healthcheck(http).build()).template().getHealthCheck();
        assertThat(ht.getType()).isEqualTo(org.apache.mesos.v1.Protos.HealthCheck.Type.HTTP);
        assertThat(List.of(ht.getHttp().getPort(), ht.getHttp().getPath(), ht.getHttp().getScheme()))
                .containsExactly(8080, "/health", "https");

        HealthCheck tcp = new HealthCheck(new HealthCheck.Check.Tcp(5432),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), SeedExample.POS);
        var tc = one(Service.builder("s", "img").healthcheck(tcp).build()).template().getHealthCheck();
        assertThat(tc.getType()).isEqualTo(org.apache.mesos.v1.Protos.HealthCheck.Type.TCP);
        assertThat(tc.getTcp().getPort()).isEqualTo(5432);
    }

    @Test
    void deployLabelsAreTaskLabelsButNotDockerLabels() {
        Deploy d = new Deploy(Deploy.Mode.REPLICATED, 1, Deploy.Resources.NONE, Deploy.Resources.NONE, List.of(),
                Optional.empty(), Map.of("traefik.enable", "false", "team", "a"));
        var t = one(Service.builder("s", "img").deploy(d).label("traefik.enable", "true").build()).template();
        assertThat(t.getLabels().getLabelsList()).extracting(Label::getKey, Label::getValue)
                .contains(tuple("traefik.enable", "true"), tuple("team", "a")).hasSize(2);
        assertThat(t.getContainer().getDocker().getParametersList()).extracting(p -> p.getValue())
                .containsExactly("traefik.enable=true");
    }

    @Test
    void fingerprintIgnoresReplicasButSeesEverythingElse() {
        Service base = SeedExample.app().build();
        String fp = one(base).fingerprint();
        Deploy scaled = new Deploy(Deploy.Mode.REPLICATED, 5, base.deploy().limits(), base.deploy().reservations(),
                base.deploy().constraints(), Optional.empty(), Map.of());
        assertThat(one(base.toBuilder().deploy(scaled).build()).fingerprint()).isEqualTo(fp);
        assertThat(one(base.toBuilder().env("MYSQL_HOST", "other").build()).fingerprint()).isNotEqualTo(fp);
        assertThat(one(base.toBuilder().image("alpine:3.20").build()).fingerprint()).isNotEqualTo(fp);
        assertThat(one(base.toBuilder().restart(RestartPolicy.of(RestartPolicy.Condition.NO)).build()).fingerprint())
                .isNotEqualTo(fp);
        assertThat(one(base.toBuilder().ports(List.of(SeedExample.tcp(80, 8088))).build()).fingerprint()).isNotEqualTo(fp);
    }
}
