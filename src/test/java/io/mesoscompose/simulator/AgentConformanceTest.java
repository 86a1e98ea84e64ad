package io.mesoscompose.simulator;

import static io.mesoscompose.simulator.WireHarness.task;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.ContainerInfo;
import org.apache.mesos.v1.Protos.ContainerInfo.DockerInfo;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.HealthCheck;
import org.apache.mesos.v1.Protos.NetworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.TaskStatus.Reason;
import org.apache.mesos.v1.Protos.TaskStatus.Source;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.Protos.Volume;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a real agent fails after the master accepted a task (src/slave/slave.cpp, src/slave/paths.cpp,
 * src/slave/containerizer/fetcher.cpp, .../isolators/network/cni/cni.cpp, src/docker/docker.cpp and
 * executor.cpp, src/checks/checker_process.cpp), with the updates and texts the agent or executor sends.
 */
class AgentConformanceTest {

    static final FrameworkInfo AWARE = OfferConformanceTest.AWARE;

    WireHarness h;
    Offer offer;

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    void start(FrameworkInfo framework) throws Exception {
        h = WireHarness.start(WireHarness.config(), framework);
        offer = h.offer();
    }

    static ContainerInfo.Builder docker(String image) {
        return ContainerInfo.newBuilder().setType(ContainerInfo.Type.DOCKER)
                .setDocker(DockerInfo.newBuilder().setImage(image).setNetwork(DockerInfo.Network.BRIDGE));
    }

    static Volume dockerVolume(String name, String driver, String path) {
        return Volume.newBuilder().setContainerPath(path).setMode(Volume.Mode.RW).setSource(Volume.Source.newBuilder()
                .setType(Volume.Source.Type.DOCKER_VOLUME)
                .setDockerVolume(Volume.Source.DockerVolume.newBuilder().setName(name).setDriver(driver))).build();
    }

    /** The sandbox the agent makes for a command task: the executor ID is the task ID. */
    String sandboxPrefix(String taskId) {
        return "/var/lib/mesos/agent/slaves/agent-1/frameworks/" + h.scheduler.frameworkId + "/executors/" + taskId
                + "/runs/";
    }

    // Mesos: src/slave/slave.cpp Framework::addExecutor → src/slave/paths.cpp createSandboxDirectory (os::chown)
    @Test
    void aCommandUserTheAgentDoesNotHaveDropsTheTask() throws Exception {
        start(AWARE);
        TaskInfo.Builder t = task("t", offer);
        t.getCommandBuilder().setUser("1000:1000");
        TaskStatus s = h.launch(offer, t.build());
        assertThat(s.getState()).isEqualTo(TaskState.TASK_DROPPED);
        assertThat(s.getReason()).isEqualTo(Reason.REASON_EXECUTOR_TERMINATED);
        assertThat(s.getSource()).isEqualTo(Source.SOURCE_AGENT);
        assertThat(s.hasUuid()).isTrue();
        assertThat(s.getMessage()).startsWith("Failed to create executor directory '" + sandboxPrefix("t"))
                .endsWith("': Failed to chown directory to '1000:1000': No such user '1000:1000'");
    }

    // Mesos: src/slave/slave.cpp sendTaskDroppedUpdate: TASK_LOST for a framework that is not partition-aware
    @Test
    void aMissingUserIsTaskLostForAFrameworkThatIsNotPartitionAware() throws Exception {
        start(TestScheduler.framework("plain").toBuilder().setUser("mesos").build());
        TaskStatus s = h.launch(offer, task("t", offer).build());
        assertThat(s.getState()).isEqualTo(TaskState.TASK_LOST);
        assertThat(s.getMessage()).endsWith("Failed to chown directory to 'mesos': No such user 'mesos'");
    }

    @Test
    void usersTheAgentHasRun() throws Exception {
        h = WireHarness.start(WireHarness.config().agents(List.of(WireHarness.AGENT.withHost(
                SimAgent.Host.DEFAULT.withUsers(Set.of("root", "app"))))), AWARE);
        offer = h.offer();
        TaskInfo.Builder t = task("t", offer);
        t.getCommandBuilder().setUser("app");
        assertThat(h.launch(offer, t.build()).getState()).isEqualTo(TaskState.TASK_STARTING);
    }

    void failedToLaunch(TaskInfo task, String message) throws Exception {
        TaskStatus s = h.launch(offer, task);
        assertThat(s.getState()).as(s.getMessage()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(s.getReason()).isEqualTo(Reason.REASON_CONTAINER_LAUNCH_FAILED);
        assertThat(s.getSource()).isEqualTo(Source.SOURCE_AGENT);
        assertThat(s.getMessage()).isEqualTo(message);
    }

    static TaskInfo withUri(TaskInfo.Builder t, CommandInfo.URI.Builder uri) {
        t.getCommandBuilder().addUris(uri);
        return t.build();
    }

    // Mesos: src/slave/containerizer/fetcher.cpp, Fetcher::basename ("Malformed URI (missing path)")
    @Test
    void aFetchUriWithoutPathFailsTheTask() throws Exception {
        start(AWARE);
        failedToLaunch(withUri(task("t", offer), CommandInfo.URI.newBuilder().setValue("https://example.com")),
                "Failed to launch container: Could not fetch: Malformed URI (missing path): https://example.com");
    }

    // Mesos: src/slave/containerizer/fetcher.cpp, Fetcher::basename ("Illegal characters in URI")
    @Test
    void aFetchUriWithABackslashOrQuoteFailsTheTask() throws Exception {
        start(AWARE);
        failedToLaunch(withUri(task("t", offer), CommandInfo.URI.newBuilder().setValue("https://example.com/it's.tgz")),
                "Failed to launch container: Could not fetch: Illegal characters in URI");
    }

    // Mesos: src/slave/containerizer/fetcher.cpp, Fetcher::validateOutputFile
    @Test
    void anAbsoluteOutputFileFailsTheTask() throws Exception {
        start(AWARE);
        failedToLaunch(withUri(task("t", offer), CommandInfo.URI.newBuilder().setValue("https://example.com/a.tgz")
                .setOutputFile("/etc/a.tgz")),
                "Failed to launch container: Could not fetch: URI output file must be within the sandbox directory");
    }

    // Mesos: src/slave/containerizer/mesos/isolators/network/cni/cni.cpp, getNetworkConfigJSON
    @Test
    void aCniNetworkTheAgentDoesNotHaveFailsTheTask() throws Exception {
        start(AWARE);
        failedToLaunch(task("t", offer).setContainer(ContainerInfo.newBuilder().setType(ContainerInfo.Type.MESOS)
                .addNetworkInfos(NetworkInfo.newBuilder().setName("weave"))).build(),
                "Failed to launch container: Unknown CNI network 'weave'");
    }

    @Test
    void theDefaultCniNetworkOfTheReferenceAgentExists() throws Exception {
        start(AWARE);
        TaskStatus s = h.launch(offer, task("t", offer).setContainer(ContainerInfo.newBuilder()
                .setType(ContainerInfo.Type.MESOS).addNetworkInfos(NetworkInfo.newBuilder().setName("mesos-bridge")))
                .build());
        assertThat(s.getState()).isEqualTo(TaskState.TASK_STARTING);
    }

    // Mesos: src/docker/docker.cpp, Docker::RunOptions::create; src/docker/executor.cpp launchTask
    @Test
    void twoDockerVolumeDriversFailTheTaskInTheExecutor() throws Exception {
        start(AWARE);
        TaskInfo t = task("t", offer).setContainer(docker("postgres")
                .addVolumes(dockerVolume("data", "rexray", "/var/lib/postgresql/data"))
                .addVolumes(dockerVolume("logs", "local", "/var/log"))).build();
        h.scheduler.call(WireHarness.accept(offer, WireHarness.launch(t)));
        List<TaskStatus> seen = h.updatesUntil("t", s -> TaskRunner.terminal(s.getState()));
        assertThat(seen).extracting(TaskStatus::getState).containsExactly(TaskState.TASK_STARTING,
                TaskState.TASK_FAILED);
        assertThat(seen.get(1).getSource()).isEqualTo(Source.SOURCE_EXECUTOR);
        assertThat(seen.get(1).getMessage()).isEqualTo(
                "Failed to create docker run options: Only one volume driver is supported");
    }

    // Mesos: src/docker/docker.cpp, Docker::RunOptions::create ("Port [x] not included in resources")
    @Test
    void aPortMappingOutsideTheTasksPortsFailsTheTask() throws Exception {
        start(AWARE);
        TaskInfo.Builder t = task("t", offer).setContainer(docker("nginx"))
                .addResources(Resource.newBuilder().setName("ports").setType(Value.Type.RANGES)
                        .setRanges(Value.Ranges.newBuilder().addRange(Value.Range.newBuilder().setBegin(31001)
                                .setEnd(31001))));
        t.getContainerBuilder().getDockerBuilder().addPortMappings(DockerInfo.PortMapping.newBuilder()
                .setHostPort(31000).setContainerPort(80));
        h.scheduler.call(WireHarness.accept(offer, WireHarness.launch(t.build())));
        List<TaskStatus> seen = h.updatesUntil("t", s -> TaskRunner.terminal(s.getState()));
        assertThat(seen).extracting(TaskStatus::getState).containsExactly(TaskState.TASK_STARTING,
                TaskState.TASK_FAILED);
        assertThat(seen.get(1).getMessage()).isEqualTo(
                "Failed to create docker run options: Port [31000] not included in resources");
    }

    // docker run --net=<name> on a daemon without that network exits 125 (Docker's daemon error status)
    @Test
    void aDockerNetworkTheAgentDoesNotHaveFailsTheTask() throws Exception {
        start(AWARE);
        TaskInfo.Builder t = task("t", offer).setContainer(docker("nginx"));
        t.getContainerBuilder().getDockerBuilder().setNetwork(DockerInfo.Network.USER);
        t.getContainerBuilder().addNetworkInfos(NetworkInfo.newBuilder().setName("backend"));
        h.scheduler.call(WireHarness.accept(offer, WireHarness.launch(t.build())));
        List<TaskStatus> seen = h.updatesUntil("t", s -> TaskRunner.terminal(s.getState()));
        assertThat(seen).extracting(TaskStatus::getState).containsExactly(TaskState.TASK_STARTING,
                TaskState.TASK_FAILED);
        assertThat(seen.get(1).getMessage()).isEqualTo("Container exited with status 125");
        assertThat(stderr(sandboxPrefix("t"))).contains("docker: Error response from daemon: network backend not found.");
    }

    /** The task's stderr, through the agent's /files/read. */
    String stderr(String sandboxPrefix) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String state = http.send(HttpRequest.newBuilder(URI.create(h.master.url() + "/slave(1)/state")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        int at = state.indexOf(sandboxPrefix);
        String directory = state.substring(at, state.indexOf('"', at));
        return http.send(HttpRequest.newBuilder(URI.create(h.master.url() + "/files/read?offset=0&path="
                + URLEncoder.encode(directory + "/stderr", StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    static HealthCheck.Builder dockerCommandCheck(String value, String... arguments) {
        return HealthCheck.newBuilder().setType(HealthCheck.Type.COMMAND).setDelaySeconds(0).setIntervalSeconds(0.05)
                .setGracePeriodSeconds(0).setConsecutiveFailures(2)
                .setCommand(CommandInfo.newBuilder().setShell(false).setValue(value).addAllArguments(List.of(arguments)));
    }

    // Mesos: src/checks/checker_process.cpp, dockerCommandCheck: `docker exec <container> <value> <arguments...>`
    @Test
    void aDockerCommandCheckRepeatingItsProgramFailsAndTheTaskIsKilled() throws Exception {
        start(AWARE);
        TaskInfo t = task("t", offer).setContainer(docker("nginx"))
                .setHealthCheck(dockerCommandCheck("curl", "curl", "-f", "http://localhost/")).build();
        h.scheduler.call(WireHarness.accept(offer, WireHarness.launch(t)));
        List<TaskStatus> seen = h.updatesUntil("t", s -> TaskRunner.terminal(s.getState()));
        assertThat(seen).filteredOn(TaskStatus::hasHealthy).extracting(TaskStatus::getHealthy)
                .containsExactly(false, false, false);
        TaskStatus killed = seen.get(seen.size() - 1);
        assertThat(killed.getState()).isEqualTo(TaskState.TASK_KILLED);
        assertThat(killed.getHealthy()).isFalse();
        assertThat(stderr(sandboxPrefix("t"))).contains("docker -H unix:///var/run/docker.sock exec mesos-")
                .contains(" curl curl -f http://localhost/` failed");
    }

    @Test
    void aDockerCommandCheckWithItsArgumentsAfterTheProgramPasses() throws Exception {
        start(AWARE);
        TaskInfo t = task("t", offer).setContainer(docker("nginx"))
                .setHealthCheck(dockerCommandCheck("curl", "-f", "http://localhost/")).build();
        h.scheduler.call(WireHarness.accept(offer, WireHarness.launch(t)));
        TaskStatus healthy = h.updatesUntil("t", TaskStatus::hasHealthy).getLast();
        assertThat(healthy.getHealthy()).isTrue();
        assertThat(healthy.getReason()).isEqualTo(Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED);
    }
}
