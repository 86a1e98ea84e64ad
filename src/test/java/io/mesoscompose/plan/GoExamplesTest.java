package io.mesoscompose.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.mesoscompose.compose.ComposeLoader;
import io.mesoscompose.compose.Diagnostic;
import io.mesoscompose.compose.LoadRequest;
import io.mesoscompose.compose.LoadResult;
import io.mesoscompose.compose.SourceFile;
import io.mesoscompose.testsupport.ComposeExamples;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.ContainerInfo;
import org.apache.mesos.v1.Protos.ContainerInfo.DockerInfo;
import org.apache.mesos.v1.Protos.NetworkInfo;
import org.apache.mesos.v1.Protos.Parameter;
import org.apache.mesos.v1.Protos.Port;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.junit.jupiter.api.Test;

/**
 * Golden tests of the Go mesos-compose's own example files (test resources {@code compose-examples/go}, the 18 of
 * its docs/example that the Go project itself loads): each is accepted and planned with the Go project's meaning
 * (api/compose.go, scheduler/prepare.go, types/types.go, docs/src/*.md).
 */
class GoExamplesTest {

    static final List<String> FILES = List.of("command-launcher.yaml", "executor.yaml", "fetch.yaml",
            "firecracker.yaml", "graylog.yaml", "mesos-compose.yml", "mesos.yaml", "mysql.yaml",
            "networkmode-bridge.yaml", "networkmode-host.yaml", "networkmode-user.yaml", "opensearch-single.yaml",
            "runcvm.yaml", "test-h2c.yaml", "test-http.yaml", "test-mesos-attribute.yaml", "traefik.yaml",
            "vault.yaml");

    static LoadResult load(String file) {
        return load(file, ComposeExamples.text("go/" + file));
    }

    static LoadResult load(String file, String text) {
        return ComposeLoader.load(new LoadRequest(List.of(new SourceFile(file, text)), Optional.of("test"), Map.of(),
                f -> Optional.empty()));
    }

    /** The plan of an accepted file; fails with the diagnostics when it is refused. */
    static ProjectPlan plan(String file) {
        return plan(load(file));
    }

    static ProjectPlan plan(LoadResult r) {
        assertThat(r.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::toString)).isEmpty();
        ProjectPlan plan = Planner.plan(r.project().orElseThrow(), PlanSettings.defaults());
        assertThat(plan.warnings().stream().filter(Diagnostic::isError).map(Diagnostic::toString)).isEmpty();
        return plan;
    }

    static ServicePlan service(ProjectPlan plan, String name) {
        return plan.services().stream().filter(s -> s.service().equals(name)).findFirst().orElseThrow();
    }

    static List<String> warnings(ProjectPlan plan, LoadResult r) {
        return Stream.concat(r.diagnostics().stream(), plan.warnings().stream()).map(Diagnostic::message).toList();
    }

    static List<Parameter> dockerParameters(ContainerInfo c) {
        return c.getDocker().getParametersList();
    }

    @Test
    void everyGoExampleIsCovered() throws IOException {
        try (Stream<java.nio.file.Path> files = Files.list(ComposeExamples.dir().resolve("go"))) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml") || n.endsWith(".yml")))
                    .containsExactlyInAnyOrderElementsOf(FILES);
        }
    }

    @Test
    void everyGoExampleIsAccepted() {
        for (String file : FILES) {
            LoadResult r = load(file);
            List<String> errors = r.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::toString).toList();
            assertThat(errors).as(file).isEmpty();
            assertThat(r.project()).as(file).isPresent();
            plan(r);
        }
    }

    @Test
    void commandLauncherRunsItsCommandWithoutImageOrContainer() {
        // container_type: none, no image: the Mesos command executor runs "sleep 1000" on the agent, split into
        // words as compose-go splits a string command (no shell): value is the program, arguments its argv.
        ServicePlan test = service(plan("command-launcher.yaml"), "test");
        TaskInfo t = test.template();
        assertThat(t.hasContainer()).isFalse();
        assertThat(t.hasExecutor()).isFalse();
        assertThat(t.getCommand().getShell()).isFalse();
        assertThat(t.getCommand().getValue()).isEqualTo("sleep");
        assertThat(t.getCommand().getArgumentsList()).containsExactly("sleep", "1000");
        assertThat(test.lifecycle()).isEqualTo(ServicePlan.Lifecycle.SERVICE);
    }

    @Test
    void executorYamlFetchesItsCustomExecutor() {
        // mesos.executor: command runs the executor, uri downloads it into the sandbox first.
        ServicePlan test1 = service(plan("executor.yaml"), "test1");
        CommandInfo command = test1.template().getExecutor().getCommand();
        assertThat(command.getValue()).isEqualTo("exec /mnt/mesos/sandbox/mesos-firecracker-executor sleep 1");
        assertThat(command.getUrisList()).extracting(CommandInfo.URI::getValue)
                .containsExactly("http://devtest.lab.local:8881/mesos-firecracker-executor");
        assertThat(test1.lifecycle()).isEqualTo(ServicePlan.Lifecycle.JOB);
    }

    @Test
    void fetchDownloadsIntoTheSandboxOfABridgedTask() {
        ServicePlan test1 = service(plan("fetch.yaml"), "test1");
        CommandInfo command = test1.template().getCommand();
        assertThat(command.getUrisList()).singleElement().satisfies(u -> {
            assertThat(u.getValue()).isEqualTo("https://downloads.mesosphere.com:8443/Dockerfile");
            assertThat(u.getExecutable()).isFalse();
        });
        ContainerInfo c = test1.template().getContainer();
        assertThat(c.getDocker().getNetwork()).isEqualTo(DockerInfo.Network.BRIDGE);
        assertThat(c.getHostname()).isEqualTo("test.weave.local");
        assertThat(test1.template().getDiscovery().getPorts().getPortsList())
                .extracting(Port::getName, Port::getNumber, Port::getProtocol)
                .containsExactly(tuple("mc_test_test1_8888", 0, "http"));
    }

    @Test
    void firecrackerRunsItsCustomExecutorWithEveryFetchedFile() {
        ServicePlan test1 = service(plan("firecracker.yaml"), "test1");
        var e = test1.template().getExecutor();
        assertThat(e.getCommand().getValue()).startsWith("exec /usr/bin/mesos-firecracker-executor");
        assertThat(e.getCommand().getUrisList()).hasSize(3);
        assertThat(e.getContainer().getDocker().getPrivileged()).isTrue();
        assertThat(test1.lifecycle()).isEqualTo(ServicePlan.Lifecycle.JOB);
    }

    @Test
    void graylogIsAcceptedWithTheMissingDependencyDropped() {
        LoadResult r = load("graylog.yaml");
        ProjectPlan plan = plan(r);
        assertThat(plan.services()).extracting(ServicePlan::service)
                .containsExactlyInAnyOrder("mongo", "opensearch", "graylog");
        assertThat(service(plan, "graylog").dependsOn()).extracting(d -> d.service()).containsExactly("mongo");
        assertThat(warnings(plan, r)).contains(
                "ignored: depends on \"elasticsearch\", which is not a service of this project");
        // network: graylog, declared with name mesos-net: a Docker user network, which must exist on the agents.
        ContainerInfo mongo = service(plan, "mongo").template().getContainer();
        assertThat(mongo.getDocker().getNetwork()).isEqualTo(DockerInfo.Network.USER);
        assertThat(mongo.getNetworkInfosList()).extracting(NetworkInfo::getName).containsExactly("mesos-net");
        assertThat(warnings(plan, r)).anySatisfy(w -> assertThat(w).startsWith("joins the Docker network \"mesos-net\""
                + " (networks.graylog.name): it must exist on every agent"));
        assertThat(service(plan, "graylog").hostPorts()).extracting(ServicePlan.HostPortRequest::key)
                .containsExactly("9000/tcp", "514/tcp", "514/udp", "12201/tcp", "12201/udp");
    }

    @Test
    void allParametersExample() {
        // docs/example/mesos-compose.yml, "an example of all supported parameters".
        LoadResult r = load("mesos-compose.yml");
        ProjectPlan plan = plan(r);
        ServicePlan app = service(plan, "app");
        ContainerInfo c = app.template().getExecutor().getContainer();
        // network_mode BRIDGE is explicit; network: default beside networks: default (aliases) is no conflict.
        assertThat(c.getDocker().getNetwork()).isEqualTo(DockerInfo.Network.BRIDGE);
        assertThat(warnings(plan, r)).noneSatisfy(w -> assertThat(w).contains("both network"));
        // gpus {driver: nvidia, device: 1} and deploy.runtime runcvm become the docker parameters the Go project sets.
        assertThat(dockerParameters(c)).extracting(Parameter::getKey, Parameter::getValue).contains(
                tuple("gpus", "device=1"), tuple("runtime", "runcvm"), tuple("memory-swap", "0"),
                tuple("cpu-shares", "0"));
        assertThat(app.needs().gpus()).isEqualTo(1);
        assertThat(app.hostPorts()).allSatisfy(p -> assertThat(p.fixed()).isEmpty());
        // Its Mesos-style health check (the TaskInfo work of issue 14).
        assertThat(app.template().getHealthCheck().getCommand().getValue()).isEqualTo("mysqladmin ping -h localhost");
    }

    @Test
    void mesosContainerizerJoinsTheDeclaredDefaultNetwork() {
        // The service names no network; the top-level declares default (name weave): it joins it, in user mode.
        LoadResult r = load("mesos.yaml");
        ProjectPlan plan = plan(r);
        ContainerInfo c = service(plan, "test1").template().getContainer();
        assertThat(c.getType()).isEqualTo(ContainerInfo.Type.MESOS);
        assertThat(c.getNetworkInfosList()).extracting(NetworkInfo::getName).containsExactly("weave");
        assertThat(warnings(plan, r)).anySatisfy(w -> assertThat(w).startsWith("joins the CNI network \"weave\""));
    }

    @Test
    void mysqlIsBridgedWithItsPortPickedAndItsCommandHealthCheck() {
        ServicePlan test1 = service(plan("mysql.yaml"), "test1");
        assertThat(test1.template().getContainer().getDocker().getNetwork()).isEqualTo(DockerInfo.Network.BRIDGE);
        assertThat(test1.hostPorts()).extracting(ServicePlan.HostPortRequest::key).containsExactly("3306/tcp");
        assertThat(test1.template().getHealthCheck().getCommand().getValue()).isEqualTo("mysqladmin ping -h localhost");
        assertThat(test1.needs().memMb()).isEqualTo(200);
    }

    @Test
    void networkModeExamples() {
        ServicePlan bridge = service(plan("networkmode-bridge.yaml"), "redis-bridge");
        assertThat(bridge.template().getContainer().getDocker().getNetwork()).isEqualTo(DockerInfo.Network.BRIDGE);
        assertThat(bridge.hostPorts()).singleElement().satisfies(p -> assertThat(p.fixed()).isEmpty());

        ServicePlan host = service(plan("networkmode-host.yaml"), "redis-host");
        assertThat(host.template().getContainer().getDocker().getNetwork()).isEqualTo(DockerInfo.Network.HOST);
        assertThat(host.template().getContainer().hasHostname()).isFalse();

        LoadResult r = load("networkmode-user.yaml");
        ProjectPlan userPlan = plan(r);
        ContainerInfo user = service(userPlan, "redis-user").template().getContainer();
        assertThat(user.getDocker().getNetwork()).isEqualTo(DockerInfo.Network.USER);
        assertThat(user.getNetworkInfosList()).extracting(NetworkInfo::getName).containsExactly("mesos-net");
        assertThat(warnings(userPlan, r)).anySatisfy(w -> assertThat(w).contains("\"mesos-net\"")
                .contains("must exist on every agent"));
    }

    @Test
    void opensearchSingleNodeAndDashboards() {
        ProjectPlan plan = plan("opensearch-single.yaml");
        ServicePlan node = service(plan, "opensearch-node1");
        assertThat(node.template().getContainer().getHostname()).isEqualTo("opensearch-node1.mc.mesos");
        assertThat(dockerParameters(node.template().getContainer())).extracting(Parameter::getValue)
                .contains("memlock=-1:-1", "nofile=65536:65536");
        assertThat(node.hostPorts()).extracting(ServicePlan.HostPortRequest::key).containsExactly("9200/tcp", "9600/tcp");
        assertThat(service(plan, "opensearch-dashboards").template().getContainer().getNetworkInfosList())
                .extracting(NetworkInfo::getName).containsExactly("mesos-net");
    }

    @Test
    void runcvmRunsWithItsDockerRuntime() {
        ServicePlan test1 = service(plan("runcvm.yaml"), "test1");
        assertThat(dockerParameters(test1.template().getContainer())).extracting(Parameter::getKey, Parameter::getValue)
                .containsSubsequence(tuple("runtime", "runcvm"), tuple("memory-swap", "0"), tuple("cpu-shares", "0"));
        assertThat(test1.constraints()).extracting(c -> c.source()).containsExactly("runcvm: True");
    }

    @Test
    void traefikRoutesReachTheDiscoveryPortsOfH2cAndHttpServices() {
        ServicePlan h2c = service(plan("test-h2c.yaml"), "test1");
        assertThat(h2c.template().getDiscovery().getPorts().getPortsList())
                .extracting(Port::getName, Port::getProtocol).containsExactly(tuple("mc_test_test1_8888", "h2c"));
        ServicePlan http = service(plan("test-http.yaml"), "test1");
        assertThat(http.replicas()).isEqualTo(2);
        assertThat(http.template().getDiscovery().getPorts().getPortsList())
                .extracting(Port::getName, Port::getProtocol).containsExactly(tuple("mc_test_test1_8888", "http"));
        assertThat(http.template().getLabels().getLabelsList()).anySatisfy(l -> {
            assertThat(l.getKey()).isEqualTo("traefik.http.routers.__mesos_taskid__.service");
            assertThat(l.getValue()).isEqualTo("__mesos_portname__");
        });
    }

    @Test
    void networkDefaultWithoutDeclarationIsTheGoDefaultUserNetworkNamedDefault() {
        // test-mesos-attribute.yaml: network: default, no top-level networks. The Go project runs it in user mode
        // on the Docker network "default"; the plan does the same and says the network must exist.
        LoadResult r = load("test-mesos-attribute.yaml");
        ProjectPlan plan = plan(r);
        ServicePlan test1 = service(plan, "test1");
        ContainerInfo c = test1.template().getContainer();
        assertThat(c.getDocker().getNetwork()).isEqualTo(DockerInfo.Network.USER);
        assertThat(c.getNetworkInfosList()).extracting(NetworkInfo::getName).containsExactly("default");
        assertThat(warnings(plan, r)).anySatisfy(w -> assertThat(w).startsWith("joins the Docker network \"default\""
                + " (network: default, the Go mesos-compose's default network): it must exist on every agent"));
        assertThat(test1.constraints()).extracting(con -> con.source()).containsExactly("gpu: True");
    }

    @Test
    void traefikRunsInTheHostNetwork() {
        ServicePlan traefik = service(plan("traefik.yaml"), "traefik");
        assertThat(traefik.template().getContainer().getDocker().getNetwork()).isEqualTo(DockerInfo.Network.HOST);
        assertThat(traefik.needs().memMb()).isEqualTo(500);
    }

    @Test
    void vaultServersShareTheirTaskNameUnderThePrefix() {
        ProjectPlan plan = plan("vault.yaml");
        assertThat(plan.services()).extracting(ServicePlan::taskName)
                .containsExactly("mc:vault:vault-server", "mc:vault:vault-server");
        assertThat(service(plan, "vault-server1").template().getContainer().getDocker().getNetwork())
                .isEqualTo(DockerInfo.Network.BRIDGE);
    }
}
