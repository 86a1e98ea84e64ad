package io.mesoscompose.framework;

import static io.mesoscompose.framework.FrameworkHarness.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesoscompose.json.Json;
import io.mesoscompose.simulator.MesosMasterSimulator;
import io.mesoscompose.simulator.SimAgent;
import io.mesoscompose.simulator.SimulatorConfig;
import io.mesoscompose.simulator.TaskScript;
import io.mesoscompose.testsupport.ComposeExamples;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.mesos.v1.Protos.ContainerInfo.DockerInfo;
import org.apache.mesos.v1.Protos.Port;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.Value;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Go mesos-compose's behaviours a user of it relies on, end to end against the simulator with its default
 * agents ({@code SimulatorConfig.generateAgents(3, 1)}: ports 31000-31999, 32000-32999, 33000-33999): host ports
 * picked from {@code PORTRANGE_FROM..PORTRANGE_TO} and published in DiscoveryInfo where Traefik reads them,
 * replicas not launched yet listed with their reason, and the framework ID kept while the master knows it.
 */
class GoDropInEndToEndTest {

    @TempDir
    Path stateDir;
    MesosMasterSimulator master;
    FrameworkHarness harness;
    /** Every TaskInfo the master accepted, as the agent (and Traefik, through the master's state) sees it. */
    final List<TaskInfo> launched = new CopyOnWriteArrayList<>();

    void start(List<SimAgent> agents) throws Exception {
        master = MesosMasterSimulator.start(SimulatorConfig.builder().agents(agents)
                .heartbeatInterval(Duration.ofSeconds(1)).offerInterval(Duration.ofMillis(100))
                .scriptFor(task -> {
                    launched.add(task);
                    return TaskScript.runForever();
                }).build());
        harness = new FrameworkHarness(master, stateDir, Map.of()).start();
    }

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
        if (master != null) {
            master.close();
        }
    }

    /** The default agents, the first one named and labelled as the seed's constraints ask (localhost, linux, arm). */
    static List<SimAgent> defaultAgentsWithOneLocalhost() {
        List<SimAgent> agents = new ArrayList<>(SimulatorConfig.generateAgents(3, 1));
        SimAgent a = agents.get(0);
        agents.set(0, new SimAgent(a.id(), "localhost", a.cpus(), a.memMb(), a.diskMb(), a.portsBegin(), a.portsEnd(),
                a.role(), Map.of("hostname", "localhost", "os", "linux", "arch", "arm")));
        return agents;
    }

    /** The v0 task list, as the Mesos CLI's {@code compose list} reads it. */
    JsonNode v0Tasks() {
        try {
            return Json.MAPPER.readTree(harness.send("GET", "/api/compose/v0/tasks", null).body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theSeedExampleRunsOnDefaultAgentsWithItsHostPortsInTheDiscoveryInfo() throws Exception {
        start(defaultAgentsWithOneLocalhost());
        var answer = harness.send("PUT", "/api/compose/v0/test", ComposeExamples.text("seed-example.yaml"));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(answer.body()).contains("host ports 8080, 8081, 8082 are not reserved");

        await("the seed's task runs", () -> master.runningTasks().size() == 1);
        TaskInfo task = launched.get(0);
        assertThat(task.getAgentId().getValue()).isEqualTo("sim-agent-0");
        List<Port> ports = task.getDiscovery().getPorts().getPortsList();
        assertThat(task.getDiscovery().getName()).isEqualTo("mc.test.app1");
        assertThat(ports).extracting(Port::getName, Port::getProtocol).containsExactly(
                tuple("mc_test_app1_80", "tcp"), tuple("mc_test_app1_9090", "tcp"), tuple("mc_test_app1_81", "tcp"),
                tuple("mc_test_app1_82", "udp"), tuple("mc_test_app1_82", "http"), tuple("mc_test_app1_82", "https"),
                tuple("mc_test_app1_82", "h2c"), tuple("mc_test_app1_82", "wss"));
        // Every published port has a real host port of the port range, the one Docker maps and Mesos reserved.
        assertThat(ports).allSatisfy(p -> assertThat(p.getNumber()).isBetween(31000, 31999));
        Map<String, Integer> byContainerPort = new HashMap<>();
        for (DockerInfo.PortMapping m : task.getExecutor().getContainer().getDocker().getPortMappingsList()) {
            byContainerPort.put(m.getContainerPort() + "/" + m.getProtocol(), m.getHostPort());
        }
        assertThat(ports.get(0).getNumber()).isEqualTo(byContainerPort.get("80/tcp"));
        assertThat(ports.get(3).getNumber()).isEqualTo(byContainerPort.get("82/udp"));
        assertThat(ports.get(4).getNumber()).isEqualTo(byContainerPort.get("82/tcp"));
        Set<Long> reserved = task.getResourcesList().stream().filter(r -> r.getName().equals("ports"))
                .flatMap(r -> r.getRanges().getRangeList().stream()).map(Value.Range::getBegin)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(reserved).containsExactlyInAnyOrderElementsOf(
                byContainerPort.values().stream().map(Integer::longValue).collect(Collectors.toSet()));
        assertThat(reserved).hasSize(5);
        assertThat(task.getResourcesList()).extracting(Resource::getName).contains("cpus", "mem", "ports");

        await("the v0 list shows it running", () -> v0Tasks().toString().contains("TASK_RUNNING"));
        JsonNode listed = v0Tasks().get(0);
        assertThat(listed.get("host_ports").get("80/tcp").asInt()).isEqualTo(ports.get(0).getNumber());
    }

    @Test
    void theGoProjectsExamplesRunOnTheDefaultAgents() throws Exception {
        // Every loadable docs/example file of the Go project, pushed as the Mesos CLI does, except those that ask for
        // agent attributes or hosts the default agents lack (gpu: True, runcvm: True, node.hostname==localhost).
        // The agents are those of the cluster the files are written for: they have the networks the files join
        // by name (the plan warns that each must exist; a strict simulated agent fails a task joining a missing one).
        SimAgent.Host host = SimAgent.Host.DEFAULT
                .withDockerNetworks(Set.of("bridge", "host", "none", "mesos-net", "weave", "default"))
                .withCniNetworks(Set.of("mesos-bridge", "weave"));
        start(SimulatorConfig.generateAgents(3, 1).stream().map(a -> a.withHost(host)).toList());
        List<String> files = List.of("command-launcher.yaml", "executor.yaml", "fetch.yaml", "firecracker.yaml", "graylog.yaml",
                "mesos.yaml", "mysql.yaml", "networkmode-bridge.yaml", "networkmode-host.yaml", "networkmode-user.yaml",
                "opensearch-single.yaml", "test-h2c.yaml", "test-http.yaml", "traefik.yaml", "vault.yaml");
        for (String file : files) {
            String project = file.replaceFirst("\\.ya?ml$", "");
            var answer = harness.send("PUT", "/api/compose/v0/" + project, ComposeExamples.text("go/" + file));
            assertThat(Json.MAPPER.readTree(answer.body()).get("number").asInt()).as(file + ": " + answer.body())
                    .isZero();
        }
        int replicas = harness.framework.scheduler().snapshot().plans().values().stream()
                .flatMap(p -> p.services().stream()).mapToInt(s -> s.replicas()).sum();
        assertThat(replicas).isEqualTo(20);
        await("every replica runs", () -> master.runningTasks().size() == replicas
                && harness.framework.scheduler().snapshot().tasks().stream()
                        .filter(t -> t.state().equals("TASK_RUNNING")).count() == replicas);
        assertThat(launched).as("each replica launched once").hasSize(replicas);
        assertThat(launched).filteredOn(t -> t.getName().equals("mc:command-launcher:test")).singleElement()
                .satisfies(t -> {
                    assertThat(t.hasContainer()).isFalse();
                    assertThat(t.getCommand().getValue()).isEqualTo("sleep");
                    assertThat(t.getCommand().getArgumentsList()).containsExactly("sleep", "1000");
                });
        assertThat(v0Tasks().toString()).doesNotContain("__NEW");
    }

    @Test
    void aReplicaThatCannotBePlacedIsListedWithTheReason() throws Exception {
        start(SimulatorConfig.generateAgents(3, 1));
        harness.send("PUT", "/api/compose/v0/test", ComposeExamples.text("seed-example.yaml"));
        await("the v0 list shows the replica waiting", () -> v0Tasks().size() == 1
                && v0Tasks().get(0).path("message").asText().contains("node.hostname==localhost"));
        JsonNode pending = v0Tasks().get(0);
        assertThat(pending.get("TaskID").asText()).isEmpty();
        assertThat(pending.get("task_name").asText()).isEqualTo("mc:test:app1");
        assertThat(pending.get("State").asText()).isEqualTo("__NEW");
        assertThat(pending.get("MesosAgent").get("hostname").asText()).isEmpty();
        assertThat(master.tasks()).isEmpty();
    }

    @Test
    void aFixedHostPortNoAgentOffersIsWarnedAndIsThePendingReason() throws Exception {
        start(SimulatorConfig.generateAgents(3, 1));
        String compose = """
                services:
                  web:
                    image: nginx
                    ports:
                      - target: 80
                        published: 8080
                        mode: host
                """;
        var answer = harness.send("PUT", "/api/compose/v0/shop", compose);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.body()).contains("host port 8080 lies outside 31000-32000 (PORTRANGE_FROM..PORTRANGE_TO)");
        await("the reason is listed", () -> v0Tasks().path(0).path("message").asText().startsWith("host port 8080"));
        // The reason reflects the offers of the last matching round (one agent's or several).
        assertThat(v0Tasks().get(0).get("message").asText()).matches("host port 8080 is in no offered port range"
                + " \\(offered: 3[123]000-3[123]999(; 3[123]000-3[123]999)*\\) \\(\\d offers checked\\)");
        assertThat(master.tasks()).isEmpty();
    }

    @Test
    void aProjectNameWithCapitalsIsKeptAsTheGoProjectKeepsIt() throws Exception {
        // The Go project names tasks by the path as given (api/compose.go getTaskName: mc:<project>:<service>);
        // the project, its record and its tasks keep one name, so the v0 routes find them by it.
        start(SimulatorConfig.generateAgents(3, 1));
        var answer = harness.send("PUT", "/api/compose/v0/MyApp", "services:\n  web:\n    image: nginx\n");
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        await("the replica runs", () -> master.runningTasks().size() == 1);
        assertThat(launched).extracting(TaskInfo::getName).containsExactly("mc:MyApp:web");
        await("the v0 list shows it running", () -> v0Tasks().toString().contains("TASK_RUNNING"));
        assertThat(v0Tasks().get(0).get("project").asText()).isEqualTo("MyApp");
        assertThat(v0Tasks().get(0).get("project_version").asLong()).isEqualTo(1);
        assertThat(harness.send("DELETE", "/api/compose/v0/MyApp/web", null).statusCode()).isEqualTo(200);
        await("the service is killed", () -> master.runningTasks().isEmpty());
    }

    @Test
    void theFrameworkIdIsKeptWhileTheMasterKnowsItAndNoTaskIsDuplicated() throws Exception {
        start(SimulatorConfig.generateAgents(3, 1));
        harness.send("PUT", "/api/compose/v0/shop", "services:\n  web:\n    image: nginx\n    deploy: {replicas: 2}\n");
        await("2 replicas run", () -> master.runningTasks().size() == 2);
        await("the framework knows them", () -> harness.framework.scheduler().snapshot().tasks().size() == 2);
        String id = harness.framework.scheduler().snapshot().frameworkId().orElseThrow();

        var answer = harness.send("DELETE", "/api/compose/v0/framework", null);
        assertThat(answer.statusCode()).isEqualTo(406);
        JsonNode body = Json.MAPPER.readTree(answer.body());
        assertThat(body.get("function").asText()).isEqualTo("V0FrameworkRemoveID");
        assertThat(body.get("message").asText()).startsWith("the master knows framework " + id)
                .contains("nothing was changed");

        Thread.sleep(1000); // several offer cycles: a second registration would launch the replicas again
        assertThat(harness.framework.scheduler().snapshot().frameworkId()).contains(id);
        assertThat(master.tasks()).hasSize(2).allSatisfy(t -> assertThat(t.frameworkId()).isEqualTo(id));
    }
}
