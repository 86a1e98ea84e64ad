package io.mesoscompose.simulator;

import static io.mesoscompose.simulator.WireHarness.task;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.mesos.v1.Protos.ContainerInfo;
import org.apache.mesos.v1.Protos.HealthCheck;
import org.apache.mesos.v1.Protos.Label;
import org.apache.mesos.v1.Protos.Labels;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * By default the simulated agents behave like a healthy cluster: tasks run, health checks pass (reported as an
 * executor does, src/checks/health_checker.cpp), and a task's lifecycle can be scripted with its labels.
 */
class HealthyClusterTest {

    WireHarness h;
    Offer offer;

    @BeforeEach
    void start() throws Exception {
        h = WireHarness.start(WireHarness.config(), OfferConformanceTest.AWARE);
        offer = h.offer();
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    static HealthCheck.Builder tcp(double interval) {
        return HealthCheck.newBuilder().setType(HealthCheck.Type.TCP).setDelaySeconds(0).setIntervalSeconds(interval)
                .setGracePeriodSeconds(0).setConsecutiveFailures(2)
                .setTcp(HealthCheck.TCPCheckInfo.newBuilder().setPort(8080));
    }

    static TaskInfo.Builder labelled(TaskInfo.Builder t, String key, String value) {
        Labels.Builder labels = t.getLabels().toBuilder().addLabels(Label.newBuilder().setKey(key).setValue(value));
        return t.setLabels(labels);
    }

    List<TaskStatus> run(TaskInfo task) throws Exception {
        h.scheduler.call(WireHarness.accept(offer, WireHarness.launch(task)));
        return h.updatesUntil(task.getTaskId().getValue(), s -> TaskRunner.terminal(s.getState()) || s.hasHealthy());
    }

    @Test
    void aTaskWithAHealthCheckBecomesHealthyAtItsFirstCheckAndStaysQuiet() throws Exception {
        List<TaskStatus> seen = run(task("web", offer).setHealthCheck(tcp(0.05)).build());
        assertThat(seen).extracting(TaskStatus::getState).containsExactly(TaskState.TASK_STARTING,
                TaskState.TASK_RUNNING, TaskState.TASK_RUNNING);
        assertThat(seen.getLast().getHealthy()).isTrue();
        assertThat(seen.getLast().getReason()).isEqualTo(TaskStatus.Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED);
        Thread.sleep(300); // six more passing checks: a healthy task sends no more updates
        assertThat(h.master.runningTasks()).extracting(TaskView::id).containsExactly("web");
    }

    @Test
    void aOneShotTaskScriptedToExitFinishes() throws Exception {
        List<TaskStatus> seen = run(labelled(task("job", offer), TaskScripts.EXIT, "0 after 100ms").build());
        assertThat(seen.getLast().getState()).isEqualTo(TaskState.TASK_FINISHED);
        assertThat(seen.getLast().getMessage()).isEqualTo("Command exited with status 0");
    }

    @Test
    void aDockerTaskScriptedToExitWithACodeFails() throws Exception {
        TaskInfo t = labelled(task("job", offer).setContainer(AgentConformanceTest.docker("busybox")),
                TaskScripts.EXIT, "3 after 50ms").build();
        List<TaskStatus> seen = run(t);
        assertThat(seen.getLast().getState()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(seen.getLast().getMessage()).isEqualTo("Container exited with status 3");
    }

    @Test
    void aTaskScriptedToFailToStartFails() throws Exception {
        List<TaskStatus> seen = run(labelled(task("t", offer), TaskScripts.FAIL_TO_START, "image not found").build());
        assertThat(seen).extracting(TaskStatus::getState).containsExactly(TaskState.TASK_STARTING,
                TaskState.TASK_FAILED);
        assertThat(seen.getLast().getMessage()).isEqualTo("image not found");
    }

    @Test
    void aTaskScriptedToTurnUnhealthyIsKilledAfterItsConsecutiveFailures() throws Exception {
        TaskInfo t = labelled(task("t", offer).setHealthCheck(tcp(0.05)), TaskScripts.UNHEALTHY_AFTER, "120ms")
                .build();
        h.scheduler.call(WireHarness.accept(offer, WireHarness.launch(t)));
        List<TaskStatus> seen = h.updatesUntil("t", s -> TaskRunner.terminal(s.getState()));
        assertThat(seen).filteredOn(TaskStatus::hasHealthy).extracting(TaskStatus::getHealthy)
                .containsExactly(true, false, false, false);
        assertThat(seen.getLast().getState()).isEqualTo(TaskState.TASK_KILLED);
    }

    @Test
    void anUnreadableScriptLabelFailsTheTaskNamingTheLabel() throws Exception {
        List<TaskStatus> seen = run(labelled(task("t", offer), TaskScripts.EXIT, "soon").build());
        assertThat(seen.getLast().getState()).isEqualTo(TaskState.TASK_FAILED);
        assertThat(seen.getLast().getMessage()).isEqualTo("simulator: label mesos-compose.sim.exit='soon': expected "
                + "'<exit code> after <duration>', e.g. '0 after 5s'");
    }

    @Test
    void aMesosContainerWithoutHealthCheckJustRuns() throws Exception {
        TaskInfo t = task("t", offer).setContainer(ContainerInfo.newBuilder().setType(ContainerInfo.Type.MESOS)).build();
        h.scheduler.call(WireHarness.accept(offer, WireHarness.launch(t)));
        assertThat(h.updatesUntil("t", s -> s.getState() == TaskState.TASK_RUNNING)).hasSize(2);
    }
}
