package io.mesoscompose.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.mesoscompose.compose.model.ComposeProject;
import io.mesoscompose.compose.model.ContainerType;
import io.mesoscompose.compose.model.SecretDef;
import io.mesoscompose.compose.model.SecretMount;
import io.mesoscompose.compose.model.EnvValue;
import io.mesoscompose.compose.model.MesosOptions;
import io.mesoscompose.compose.model.NetworkMode;
import io.mesoscompose.compose.model.Service;
import io.mesoscompose.compose.model.VaultRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ContainerInfo.DockerInfo;
import org.apache.mesos.v1.Protos.Label;
import org.apache.mesos.v1.Protos.NetworkInfo;
import org.apache.mesos.v1.Protos.Parameter;
import org.apache.mesos.v1.Protos.Port;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.Protos.Volume;
import org.junit.jupiter.api.Test;

class TaskFactoryTest {
    private static final TaskID ID = TaskID.newBuilder().setValue("test_app.1234-abcd").build();
    private static final AgentID AGENT = AgentID.newBuilder().setValue("agent-7").build();
    /** The host ports the scheduler chose for the seed example's keys (all picked: see SeedExamplePlanTest). */
    private static final Map<String, Integer> SEED_PORTS = Map.of("80/tcp", 31001, "9090/tcp", 31005, "81/tcp", 31002,
            "82/udp", 31003, "82/tcp", 31004);

    private static ServicePlan plan(Service s) {
        return Planner.plan(SeedExample.project(s), PlanSettings.defaults()).services().get(0);
    }

    private static Resource cpus() {
        return Resource.newBuilder().setName("cpus").setType(Value.Type.SCALAR)
                .setScalar(Value.Scalar.newBuilder().setValue(0.01)).build();
    }

    @Test
    void idsResourcesAndChosenHostPortsOfTheSeedExample() {
        TaskInfo t = TaskFactory.instantiate(plan(SeedExample.app().build()), ID, AGENT, List.of(cpus()), SEED_PORTS, Map.of());
        assertThat(t.getTaskId()).isEqualTo(ID);
        assertThat(t.getAgentId()).isEqualTo(AGENT);
        assertThat(t.getResourcesList()).containsExactly(cpus());
        assertThat(t.getExecutor().getExecutorId().getValue()).isEqualTo(ID.getValue());
        assertThat(t.getExecutor().getContainer().getDocker().getPortMappingsList())
                .extracting(DockerInfo.PortMapping::getHostPort, DockerInfo.PortMapping::getContainerPort)
                .containsExactly(tuple(31001, 80), tuple(31005, 9090), tuple(31002, 81), tuple(31003, 82),
                        tuple(31004, 82));
        assertThat(t.getDiscovery().getPorts().getPortsList()).extracting(Port::getName, Port::getNumber, Port::getProtocol)
                .containsExactly(tuple("mc_test_app1_80", 31001, "tcp"), tuple("mc_test_app1_9090", 31005, "tcp"),
                        tuple("mc_test_app1_81", 31002, "tcp"), tuple("mc_test_app1_82", 31003, "udp"),
                        tuple("mc_test_app1_82", 31004, "http"), tuple("mc_test_app1_82", 31004, "https"),
                        tuple("mc_test_app1_82", 31004, "h2c"), tuple("mc_test_app1_82", 31004, "wss"));
    }

    @Test
    void placeholdersInTaskLabelsAndDockerLabels() {
        Service s = SeedExample.app()
                .label("traefik.http.routers.__mesos_taskid__.service", "__mesos_portname__")
                .label("instance", "__mesos_taskid__").build();
        TaskInfo t = TaskFactory.instantiate(plan(s), ID, AGENT, List.of(), SEED_PORTS, Map.of());
        assertThat(t.getLabels().getLabelsList()).extracting(Label::getKey, Label::getValue).contains(
                tuple("traefik.http.routers.test_app_1234-abcd.service", "mc_test_app1_80"),
                tuple("instance", "test_app.1234-abcd"));
        assertThat(t.getExecutor().getContainer().getDocker().getParametersList())
                .extracting(Parameter::getKey, Parameter::getValue).contains(
                        tuple("label", "traefik.http.routers.test_app_1234-abcd.service=mc_test_app1_80"),
                        tuple("label", "instance=test_app.1234-abcd"));
    }

    /** Without a custom executor the Docker labels are the task's container's, and get the same treatment. */
    @Test
    void placeholdersInTheDockerLabelsOfATaskWithoutExecutor() {
        Service s = SeedExample.app().mesos(MesosOptions.NONE).label("instance", "__mesos_taskid__").build();
        TaskInfo t = TaskFactory.instantiate(plan(s), ID, AGENT, List.of(), SEED_PORTS, Map.of());
        assertThat(t.hasExecutor()).isFalse();
        assertThat(t.getContainer().getDocker().getParametersList()).extracting(Parameter::getKey, Parameter::getValue)
                .contains(tuple("label", "instance=test_app.1234-abcd"));
        Service plain = SeedExample.app().mesos(MesosOptions.NONE).label("instance", "web").build();
        TaskInfo p = TaskFactory.instantiate(plan(plain), ID, AGENT, List.of(), SEED_PORTS, Map.of());
        assertThat(p.getContainer().getDocker().getParametersList()).extracting(Parameter::getKey, Parameter::getValue)
                .contains(tuple("label", "instance=web"));
        assertThat(p.getTaskId()).isEqualTo(ID);
    }

    @Test
    void secretsAreInjectedOnlyAtInstantiation() {
        Service s = SeedExample.app().mesos(MesosOptions.NONE)
                .environment(Map.of("DB_PASSWORD", new EnvValue.Vault(new VaultRef("secret/data/m3s/test", "test1"))))
                .env("PLAIN", "x").build();
        ServicePlan p = plan(s);
        assertThat(p.secretEnv()).containsOnlyKeys("DB_PASSWORD");
        assertThat(p.template().toString()).doesNotContain("DB_PASSWORD");
        TaskInfo t = TaskFactory.instantiate(p, ID, AGENT, List.of(), SEED_PORTS, Map.of("DB_PASSWORD", "s3cret"));
        assertThat(t.getCommand().getEnvironment().getVariablesList()).extracting(v -> v.getName(), v -> v.getValue())
                .containsExactly(tuple("PLAIN", "x"), tuple("DB_PASSWORD", "s3cret"));
        assertThatThrownBy(() -> TaskFactory.instantiate(p, ID, AGENT, List.of(), SEED_PORTS, Map.of()))
                .hasMessageContaining("DB_PASSWORD");
    }

    @Test
    void cniPortMappingsOfAUcrTaskGetTheirHostPorts() {
        Service s = SeedExample.app().mesos(MesosOptions.NONE).containerType(ContainerType.MESOS)
                .networkMode(NetworkMode.USER).ports(List.of(SeedExample.tcp(80, null))).build();
        TaskInfo t = TaskFactory.instantiate(plan(s), ID, AGENT, List.of(), Map.of("80/tcp", 31999), Map.of());
        NetworkInfo n = t.getContainer().getNetworkInfos(0);
        assertThat(n.getName()).isEqualTo("weave");
        assertThat(n.getPortMappingsList()).extracting(NetworkInfo.PortMapping::getHostPort,
                NetworkInfo.PortMapping::getContainerPort).containsExactly(tuple(31999, 80));
        assertThat(t.getDiscovery().getPorts().getPorts(0).getNumber()).isEqualTo(31999);
    }

    @Test
    void secretFilesBecomeUcrSecretVolumesFilledAtLaunch() {
        Service s = SeedExample.app().mesos(MesosOptions.NONE).containerType(ContainerType.MESOS)
                .secrets(List.of(new SecretMount("db", "/run/secrets/db", Optional.empty(), Optional.empty(), Optional.empty())))
                .build();
        var secrets = Map.of("db", new SecretDef("db", Optional.empty(), Optional.empty(),
                Optional.of(new VaultRef("secret/data/db", "password")), false, Optional.empty()));
        var base = SeedExample.project(s);
        var project = new ComposeProject("test", base.services(), base.networks(), base.volumes(), secrets, Map.of());
        ServicePlan p = Planner.plan(project, PlanSettings.defaults()).services().get(0);
        assertThat(p.secretEnv()).containsEntry("/run/secrets/db", new VaultRef("secret/data/db", "password"));
        Volume empty = p.template().getContainer().getVolumesList().stream()
                .filter(v -> v.getSource().getType() == Volume.Source.Type.SECRET).findFirst().orElseThrow();
        assertThat(empty.getContainerPath()).isEqualTo("/run/secrets/db");
        assertThat(empty.getMode()).isEqualTo(Volume.Mode.RO);
        assertThat(empty.getSource().getSecret().getValue().getData().isEmpty()).isTrue();

        TaskInfo t = TaskFactory.instantiate(p, ID, AGENT, List.of(), SEED_PORTS, Map.of("/run/secrets/db", "pw"));
        assertThat(t.getContainer().getVolumesList()).filteredOn(v -> v.getSource().getType() == Volume.Source.Type.SECRET)
                .singleElement().satisfies(v -> assertThat(v.getSource().getSecret().getValue().getData().toStringUtf8())
                        .isEqualTo("pw"));
        assertThat(t.getCommand().getEnvironment().getVariablesList()).extracting(v -> v.getName())
                .doesNotContain("/run/secrets/db");

        var docker = new ComposeProject("test", Map.of("app", s.toBuilder().containerType(ContainerType.DOCKER).build()),
                base.networks(), base.volumes(), secrets, Map.of());
        ProjectPlan dp = Planner.plan(docker, PlanSettings.defaults());
        assertThat(dp.services().get(0).secretEnv()).isEmpty();
        assertThat(dp.warnings()).extracting(d -> d.field()).containsExactlyInAnyOrder("ports", "secrets");
    }

    @Test
    void aMissingHostPortIsRefusedByKey() {
        ServicePlan p = plan(SeedExample.app().build());
        assertThatThrownBy(() -> TaskFactory.instantiate(p, ID, AGENT, List.of(), Map.of("80/tcp", 31001), Map.of()))
                .hasMessageContaining("9090/tcp");
    }

    @Test
    void newTaskIdsAreProjectServiceAndATimeOrderedUuidThatAscendAndDoNotRepeat() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(TaskFactory.newTaskId("shop", "web").getValue());
        }
        assertThat(ids).allSatisfy(id -> {
            assertThat(id).matches("shop_web\\.[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
            UUID uuid = UUID.fromString(id.substring("shop_web.".length()));
            assertThat(uuid.version()).isEqualTo(7);
            assertThat(uuid.variant()).isEqualTo(2);
        });
        assertThat(ids).doesNotHaveDuplicates().isSorted();
        long millis = UUID.fromString(ids.getFirst().substring(9)).getMostSignificantBits() >>> 16;
        assertThat(millis).isBetween(System.currentTimeMillis() - 60_000, System.currentTimeMillis() + 1_000);
    }
}
