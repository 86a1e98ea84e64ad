package io.mesoscompose.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.mesoscompose.compose.Diagnostic;
import io.mesoscompose.compose.model.Constraint;
import io.mesoscompose.compose.model.PortRange;
import io.mesoscompose.compose.model.RestartPolicy;
import java.util.List;
import org.apache.mesos.v1.Protos.ContainerInfo;
import org.apache.mesos.v1.Protos.ContainerInfo.DockerInfo;
import org.apache.mesos.v1.Protos.DiscoveryInfo;
import org.apache.mesos.v1.Protos.Label;
import org.apache.mesos.v1.Protos.Parameter;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.Volume;
import org.junit.jupiter.api.Test;

class SeedExamplePlanTest {
    private final ProjectPlan plan = Planner.plan(SeedExample.project(), PlanSettings.defaults());
    private final ServicePlan app = plan.services().get(0);
    private final TaskInfo t = app.template();

    @Test
    void serviceLevelFields() {
        assertThat(plan.project()).isEqualTo("test");
        assertThat(plan.services()).hasSize(1);
        assertThat(app.taskName()).isEqualTo("mc:test:app1");
        assertThat(t.getName()).isEqualTo("mc:test:app1");
        assertThat(app.replicas()).isEqualTo(1);
        assertThat(app.lifecycle()).isEqualTo(ServicePlan.Lifecycle.SERVICE);
        assertThat(app.restart().condition()).isEqualTo(RestartPolicy.Condition.ALWAYS);
        assertThat(app.needs()).isEqualTo(new ServicePlan.ResourceNeeds(0.01, 50, 1000, 0));
        assertThat(app.constraints()).extracting(Constraint::source).containsExactly(
                "node.hostname==localhost", "node.platform.os==linux", "node.platform.arch==arm", "unique");
        assertThat(app.secretEnv()).isEmpty();
        assertThat(app.fingerprint()).hasSize(64);
    }

    @Test
    void everyHostPortIsPickedFromThePortRangeOnePerContainerPortAndTransport() {
        // As in the Go mesos-compose: the host part of "8080:80" is not reserved (getDockerPorts sets 0,
        // changeDockerPorts picks from PORTRANGE_FROM..PORTRANGE_TO at launch).
        assertThat(app.hostPorts()).extracting(ServicePlan.HostPortRequest::key)
                .containsExactly("80/tcp", "9090/tcp", "81/tcp", "82/udp", "82/tcp");
        assertThat(app.hostPorts()).allSatisfy(p -> {
            assertThat(p.fixed()).isEmpty();
            assertThat(p.range()).isEqualTo(new PortRange(31000, 32000));
        });
        assertThat(plan.warnings()).extracting(Diagnostic::message).contains("host ports 8080, 8081, 8082 are not"
                + " reserved: as in the Go mesos-compose, each replica gets a free port of 31000-32000"
                + " (PORTRANGE_FROM..PORTRANGE_TO), published in its DiscoveryInfo (Traefik) and the task list");
    }

    @Test
    void customExecutorCarriesCommandFetchAndEnvironment() {
        assertThat(t.hasCommand()).isFalse();
        var e = t.getExecutor();
        assertThat(e.getType()).isEqualTo(org.apache.mesos.v1.Protos.ExecutorInfo.Type.CUSTOM);
        assertThat(e.getName()).isEqualTo("my-custom-executor");
        assertThat(e.getCommand().getShell()).isTrue();
        assertThat(e.getCommand().getValue()).isEqualTo("exec /mnt/mesos/sandbox/my-custom-executor sleep 1000");
        assertThat(e.getCommand().getUrisList()).singleElement().satisfies(u -> {
            assertThat(u.getValue()).isEqualTo("http://localhost/my-custom-executor");
            assertThat(u.getExecutable()).isTrue();
            assertThat(u.getExtract()).isFalse();
            assertThat(u.getCache()).isFalse();
        });
        assertThat(e.getCommand().getEnvironment().getVariablesList())
                .extracting(v -> v.getName(), v -> v.getValue()).containsExactly(tuple("MYSQL_HOST", "test"));
    }

    @Test
    void dockerBridgeContainerWithPortMappings() {
        ContainerInfo c = t.getExecutor().getContainer();
        assertThat(c.getType()).isEqualTo(ContainerInfo.Type.DOCKER);
        assertThat(c.getHostname()).isEqualTo("test");
        assertThat(c.getNetworkInfosList()).isEmpty();
        DockerInfo d = c.getDocker();
        assertThat(d.getImage()).isEqualTo("alpine:latest");
        assertThat(d.getNetwork()).isEqualTo(DockerInfo.Network.BRIDGE);
        assertThat(d.getPrivileged()).isFalse();
        assertThat(d.getPortMappingsList())
                .extracting(DockerInfo.PortMapping::getHostPort, DockerInfo.PortMapping::getContainerPort,
                        DockerInfo.PortMapping::getProtocol)
                .containsExactly(tuple(0, 80, "tcp"), tuple(0, 9090, "tcp"), tuple(0, 81, "tcp"),
                        tuple(0, 82, "udp"), tuple(0, 82, "tcp"));
    }

    @Test
    void dockerParametersForLabelsAndUlimits() {
        List<Parameter> params = t.getExecutor().getContainer().getDocker().getParametersList();
        assertThat(params).extracting(Parameter::getKey, Parameter::getValue).containsExactly(
                tuple("label", "traefik.enable=true"),
                tuple("label", "traefik.http.routers.test.entrypoints=web"),
                tuple("label", "traefik.http.routers.test.service=mc_test_app1_80"),
                tuple("label", "traefik.http.routers.test.rule=HostRegexp(`example.com`, `{subdomain:[a-z]+}.example.com`)"),
                tuple("ulimit", "memlock=-1:-1"),
                tuple("ulimit", "nofile=65536:65536"));
    }

    @Test
    void namedVolumeWithItsDriver() {
        Volume v = t.getExecutor().getContainer().getVolumes(0);
        assertThat(v.getContainerPath()).isEqualTo("/tmp");
        assertThat(v.getMode()).isEqualTo(Volume.Mode.RW);
        assertThat(v.getSource().getType()).isEqualTo(Volume.Source.Type.DOCKER_VOLUME);
        assertThat(v.getSource().getDockerVolume().getName()).isEqualTo("12345test");
        assertThat(v.getSource().getDockerVolume().getDriver()).isEqualTo("local");
    }

    @Test
    void discoveryGivesTraefikItsServiceNames() {
        DiscoveryInfo d = t.getDiscovery();
        assertThat(d.getVisibility()).isEqualTo(DiscoveryInfo.Visibility.EXTERNAL);
        assertThat(d.getName()).isEqualTo("mc.test.app1");
        assertThat(d.getPorts().getPortsList())
                .extracting(p -> p.getName(), p -> p.getNumber(), p -> p.getProtocol())
                .containsExactly(
                        tuple("mc_test_app1_80", 0, "tcp"),
                        tuple("mc_test_app1_9090", 0, "tcp"),
                        tuple("mc_test_app1_81", 0, "tcp"),
                        tuple("mc_test_app1_82", 0, "udp"),
                        tuple("mc_test_app1_82", 0, "http"),
                        tuple("mc_test_app1_82", 0, "https"),
                        tuple("mc_test_app1_82", 0, "h2c"),
                        tuple("mc_test_app1_82", 0, "wss"));
        assertThat(d.getPorts().getPorts(4).getLabels().getLabelsList()).extracting(Label::getKey, Label::getValue)
                .containsExactly(tuple("container_port", "82"), tuple("app_protocol", "http"));
    }

    @Test
    void taskLabelsAreTheServiceLabels() {
        assertThat(t.getLabels().getLabelsList()).extracting(Label::getKey).containsExactly(
                "traefik.enable", "traefik.http.routers.test.entrypoints", "traefik.http.routers.test.service",
                "traefik.http.routers.test.rule");
    }

    @Test
    void samePlanTwiceGivesTheSameFingerprint() {
        assertThat(Planner.plan(SeedExample.project(), PlanSettings.defaults()).services().get(0).fingerprint())
                .isEqualTo(app.fingerprint());
    }
}
