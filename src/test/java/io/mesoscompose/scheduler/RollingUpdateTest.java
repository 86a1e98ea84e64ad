package io.mesoscompose.scheduler;

import static io.mesoscompose.scheduler.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.compose.model.Deploy;
import io.mesoscompose.compose.model.RestartPolicy;
import io.mesoscompose.plan.ServicePlan;
import io.mesoscompose.state.TaskRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RollingUpdateTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    private static ServicePlan v2(int replicas, int parallelism) {
        return v2(replicas, parallelism, Deploy.UpdateConfig.Order.STOP_FIRST);
    }

    private static ServicePlan v2(int replicas, int parallelism, Deploy.UpdateConfig.Order order) {
        ServicePlan p = plan("web", "api", replicas, ServicePlan.Lifecycle.SERVICE, RestartPolicy.of(RestartPolicy.Condition.ALWAYS),
                1, 64, List.of(), List.of(), List.of(), "v2");
        var update = new Deploy.UpdateConfig(parallelism, Duration.ZERO, order,
                Deploy.UpdateConfig.FailureAction.PAUSE, Duration.ZERO, 0);
        return new ServicePlan(p.project(), p.service(), p.taskName(), replicas, p.lifecycle(), p.restart(), p.constraints(),
                p.dependsOn(), Optional.of(update), p.needs(), p.hostPorts(), p.template(), p.secretEnv(), p.fingerprint());
    }

    private static TaskRecord old(int replica) {
        return task("old" + replica, replica, "v1", "TASK_RUNNING", TaskRecord.Desired.RUN, 0, T);
    }

    @Test
    void stopsAtMostParallelismOldReplicas() {
        var tasks = List.of(old(0), old(1), old(2), old(3));
        assertThat(RollingUpdate.step(v2(4, 2), tasks).stop()).extracting(TaskRecord::taskId).containsExactly("old0", "old1");
        assertThat(RollingUpdate.step(v2(4, 0), tasks).stop()).hasSize(4);
    }

    @Test
    void replicasInTransitionUseTheBudget() {
        var stopping = task("old0", 0, "v1", "TASK_RUNNING", TaskRecord.Desired.KILL, 0, T);
        var starting = task("new1", 1, "v2", "TASK_STAGING", TaskRecord.Desired.RUN, 0, T.plusSeconds(1));
        var replaced = task("old1", 1, "v1", "TASK_KILLED", TaskRecord.Desired.KILL, 0, T);
        assertThat(RollingUpdate.step(v2(4, 2), List.of(stopping, replaced, starting, old(2), old(3))).stop()).isEmpty();
        var upNow = task("new1", 1, "v2", "TASK_RUNNING", TaskRecord.Desired.RUN, 0, T.plusSeconds(1));
        assertThat(RollingUpdate.step(v2(4, 2), List.of(stopping, replaced, upNow, old(2), old(3))).stop())
                .extracting(TaskRecord::taskId).containsExactly("old2");
    }

    @Test
    void startFirstLaunchesBesideTheOldTaskAndStopsItOnceTheNewOneRuns() {
        var plan = v2(2, 1, Deploy.UpdateConfig.Order.START_FIRST);
        var first = RollingUpdate.step(plan, List.of(old(0), old(1)));
        assertThat(first.stop()).isEmpty();
        assertThat(first.startEarly()).containsExactly(new Slot("web", "api", 0));
        var starting = task("new0", 0, "v2", "TASK_STARTING", TaskRecord.Desired.RUN, 0, T.plusSeconds(1));
        var during = RollingUpdate.step(plan, List.of(old(0), old(1), starting));
        assertThat(during.stop()).isEmpty();
        assertThat(during.startEarly()).isEmpty();
        var running = task("new0", 0, "v2", "TASK_RUNNING", TaskRecord.Desired.RUN, 0, T.plusSeconds(1));
        var after = RollingUpdate.step(plan, List.of(old(0), old(1), running));
        assertThat(after.stop()).extracting(TaskRecord::taskId).containsExactly("old0");
        assertThat(after.startEarly()).containsExactly(new Slot("web", "api", 1));
    }

    @Test
    void aFailedNewTaskPausesTheRollOut() {
        var failed = task("new0", 0, "v2", "TASK_FAILED", TaskRecord.Desired.RUN, 0, T.plusSeconds(1));
        assertThat(RollingUpdate.step(v2(3, 1), List.of(failed, old(1), old(2))).stop()).isEmpty();
        var restarted = task("new0b", 0, "v2", "TASK_RUNNING", TaskRecord.Desired.RUN, 1, T.plusSeconds(5));
        assertThat(RollingUpdate.step(v2(3, 1), List.of(failed, restarted, old(1), old(2))).stop()).extracting(TaskRecord::taskId)
                .containsExactly("old1");
    }

    @Test
    void unchangedServiceStopsNothing() {
        var current = task("x", 0, "v2", "TASK_RUNNING", TaskRecord.Desired.RUN, 0, T);
        assertThat(RollingUpdate.step(v2(1, 1), List.of(current)).stop()).isEmpty();
    }
}
