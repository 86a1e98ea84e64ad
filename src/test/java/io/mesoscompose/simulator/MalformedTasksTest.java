package io.mesoscompose.simulator;

import static io.mesoscompose.simulator.WireHarness.task;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.ContainerInfo;
import org.apache.mesos.v1.Protos.DurationInfo;
import org.apache.mesos.v1.Protos.Environment;
import org.apache.mesos.v1.Protos.HealthCheck;
import org.apache.mesos.v1.Protos.Image;
import org.apache.mesos.v1.Protos.KillPolicy;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Parameter;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.Volume;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.Test;

/**
 * Thirteen malformed tasks sent in one ACCEPT (one LAUNCH each): a lenient master (the simulator as it was) runs
 * them all; the strict default answers each as a real master or agent would, and none runs.
 */
class MalformedTasksTest {

    /** Task ID → the malformed TaskInfo; the answer each gets from the strict simulator is in {@link #ANSWERS}. */
    static Map<String, TaskInfo> malformed(Offer o) {
        Map<String, TaskInfo> m = new LinkedHashMap<>();
        m.put("web/1", task("web/1", o).build());
        m.put("no-command", task("no-command", o).clearCommand().build());
        TaskInfo.Builder env = task("env", o);
        env.getCommandBuilder().setEnvironment(Environment.newBuilder()
                .addVariables(Environment.Variable.newBuilder().setName("DB_HOST")));
        m.put("env", env.build());
        m.put("kill-grace", task("kill-grace", o).setKillPolicy(KillPolicy.newBuilder()
                .setGracePeriod(DurationInfo.newBuilder().setNanoseconds(-1_000_000_000L))).build());
        m.put("check-type", task("check-type", o).setHealthCheck(HealthCheck.newBuilder().setIntervalSeconds(10))
                .build());
        m.put("check-scheme", task("check-scheme", o).setHealthCheck(HealthCheck.newBuilder()
                .setType(HealthCheck.Type.HTTP).setHttp(HealthCheck.HTTPCheckInfo.newBuilder().setPort(80)
                        .setScheme("h2c"))).build());
        m.put("check-path", task("check-path", o).setHealthCheck(HealthCheck.newBuilder()
                .setType(HealthCheck.Type.HTTP).setHttp(HealthCheck.HTTPCheckInfo.newBuilder().setPort(80)
                        .setPath("health"))).build());
        m.put("docker-info", task("docker-info", o).setContainer(ContainerInfo.newBuilder()
                .setType(ContainerInfo.Type.DOCKER)).build());
        m.put("docker-name", task("docker-name", o).setContainer(AgentConformanceTest.docker("nginx").setDocker(
                ContainerInfo.DockerInfo.newBuilder().setImage("nginx")
                        .addParameters(Parameter.newBuilder().setKey("name").setValue("web")))).build());
        m.put("volume", task("volume", o).setContainer(ContainerInfo.newBuilder().setType(ContainerInfo.Type.MESOS)
                .addVolumes(Volume.newBuilder().setContainerPath("/d").setMode(Volume.Mode.RW).setHostPath("/srv")
                        .setImage(Image.newBuilder().setType(Image.Type.DOCKER)
                                .setDocker(Image.Docker.newBuilder().setName("busybox"))))).build());
        TaskInfo.Builder user = task("user", o);
        user.getCommandBuilder().setUser("1000:1000");
        m.put("user", user.build());
        TaskInfo.Builder fetch = task("fetch", o);
        fetch.getCommandBuilder().addUris(CommandInfo.URI.newBuilder().setValue("https://example.com"));
        m.put("fetch", fetch.build());
        m.put("drivers", task("drivers", o).setContainer(AgentConformanceTest.docker("postgres")
                .addVolumes(AgentConformanceTest.dockerVolume("data", "rexray", "/data"))
                .addVolumes(AgentConformanceTest.dockerVolume("logs", "local", "/logs"))).build());
        return m;
    }

    /** Task ID → final state and message of the strict simulator, each copied from Mesos' source. */
    static final Map<String, String> ANSWERS = Map.ofEntries(
            Map.entry("web/1", "TASK_ERROR 'web/1' contains invalid characters"),
            Map.entry("no-command", "TASK_ERROR Task should have at least one (but not both) of CommandInfo or "
                    + "ExecutorInfo present"),
            Map.entry("env", "TASK_ERROR Task's `CommandInfo` is invalid: Environment variable 'DB_HOST' of type "
                    + "'VALUE' must have a value set"),
            Map.entry("kill-grace", "TASK_ERROR Task's 'kill_policy.grace_period' must be non-negative"),
            Map.entry("check-type", "TASK_ERROR Task uses invalid health check: HealthCheck must specify 'type'"),
            Map.entry("check-scheme", "TASK_ERROR Task uses invalid health check: Unsupported HTTP health check "
                    + "scheme: 'h2c'"),
            Map.entry("check-path", "TASK_ERROR Task uses invalid health check: The path 'health' of HTTP health "
                    + "check must start with '/'"),
            Map.entry("docker-info", "TASK_ERROR Task's `ContainerInfo` is invalid: DockerInfo 'docker' is not set "
                    + "for DOCKER typed ContainerInfo"),
            Map.entry("docker-name", "TASK_ERROR Task's `ContainerInfo` is invalid: Parameter in DockerInfo must not "
                    + "be 'name'"),
            Map.entry("volume", "TASK_ERROR Task's `ContainerInfo` is invalid: Invalid volume: Only one of them should "
                    + "be set: 'host_path', 'image' and 'source'"),
            Map.entry("user", "TASK_LOST Failed to create executor directory '*': Failed to chown directory to "
                    + "'1000:1000': No such user '1000:1000'"),
            Map.entry("fetch", "TASK_FAILED Failed to launch container: Could not fetch: Malformed URI (missing path): "
                    + "https://example.com"),
            Map.entry("drivers", "TASK_FAILED Failed to create docker run options: Only one volume driver is "
                    + "supported"));

    /** Launches the thirteen in one ACCEPT and returns each task's first terminal or RUNNING update. */
    static Map<String, TaskStatus> send(WireHarness h) throws Exception {
        Offer o = h.offer();
        Map<String, TaskInfo> tasks = malformed(o);
        Call.Accept.Builder accept = Call.Accept.newBuilder().addOfferIds(o.getId());
        tasks.values().forEach(t -> accept.addOperations(WireHarness.launch(t)));
        assertThat(h.scheduler.call(Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(accept).build()))
                .isEqualTo(202);
        Map<String, TaskStatus> outcome = new LinkedHashMap<>();
        for (String id : tasks.keySet()) {
            outcome.put(id, h.updatesUntil(id, s -> s.getState() == TaskState.TASK_RUNNING
                    || TaskRunner.terminal(s.getState())).getLast());
        }
        return outcome;
    }

    @Test
    void aLenientMasterRunsAllThirteen() throws Exception {
        try (WireHarness h = WireHarness.start(WireHarness.config().strict(false), TestScheduler.framework("old"))) {
            assertThat(send(h).values()).extracting(TaskStatus::getState).containsOnly(TaskState.TASK_RUNNING)
                    .hasSize(13);
        }
    }

    @Test
    void theStrictMasterGivesEachTheRealAnswerAndNoneRuns() throws Exception {
        try (WireHarness h = WireHarness.start()) {
            List<String> wrong = new ArrayList<>();
            send(h).forEach((id, s) -> {
                String answer = s.getState() + " " + s.getMessage().replaceAll("'/var/lib/mesos/[^']*'", "'*'");
                if (!answer.equals(ANSWERS.get(id))) {
                    wrong.add(id + ": got " + answer + ", expected " + ANSWERS.get(id));
                }
            });
            assertThat(wrong).isEmpty();
            assertThat(h.master.runningTasks()).isEmpty();
            assertThat(ANSWERS).hasSize(13);
        }
    }
}
