package io.mesoscompose.scheduler;

import static io.mesoscompose.scheduler.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.plan.ProjectPlan;
import io.mesoscompose.state.TaskRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgressTest {

    @Test
    void countsRunningAndPendingAndReadsLikeAnOperatorLine() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        var plan = new ProjectPlan("web", List.of(service("web", "api", 3, 4, 128)), List.of());
        var tasks = List.of(task("a", 0, "fp1", "TASK_RUNNING", TaskRecord.Desired.RUN, 0, t),
                task("b", 1, "fp1", "TASK_RUNNING", TaskRecord.Desired.RUN, 0, t));
        var progress = Progress.of(List.of(plan), tasks, Map.of(new Slot("web", "api", 2), "no offer with 4 cpus (largest 2)"));
        assertThat(progress).singleElement().satisfies(p -> assertThat(Progress.describe(p, 2))
                .isEqualTo("project web v2: service api 2/3 running, 1 pending: no offer with 4 cpus (largest 2)"));
    }

    @Test
    void launchedTasksNotRunningYetCountAsStartingAndEndedOnesNotAtAll() {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        var plan = new ProjectPlan("web", List.of(service("web", "api", 5, 1, 128)), List.of());
        var tasks = List.of(task("a", 0, "fp1", "TASK_RUNNING", TaskRecord.Desired.RUN, 0, t),
                task("b", 1, "fp1", "TASK_STAGING", TaskRecord.Desired.RUN, 0, t),
                task("c", 2, "fp1", "TASK_STARTING", TaskRecord.Desired.RUN, 0, t),
                task("d", 3, "fp1", "TASK_FAILED", TaskRecord.Desired.RUN, 0, t));
        var progress = Progress.of(List.of(plan), tasks, Map.of(new Slot("web", "api", 4), "waiting for an offer"));
        assertThat(progress).singleElement().satisfies(p -> assertThat(Progress.describe(p, 1))
                .isEqualTo("project web v1: service api 1/5 running, 2 starting, 1 pending: waiting for an offer"));
    }
}
