package io.mesoscompose.scheduler;

import static io.mesoscompose.scheduler.Fixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.state.ProjectRecord;
import io.mesoscompose.state.StateChange;
import io.mesoscompose.state.TaskRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HousekeepingTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void keepsOnlyTheLastTerminalTasksOfASlotAndNeverALiveOne() {
        List<TaskRecord> tasks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            tasks.add(task("f" + i, 0, "fp", "TASK_FAILED", TaskRecord.Desired.RUN, i, T.plusSeconds(i)));
        }
        tasks.add(task("live", 0, "fp", "TASK_RUNNING", TaskRecord.Desired.RUN, 6, T.plusSeconds(9)));
        var changes = Housekeeping.oldTasks(tasks);
        assertThat(changes).containsExactlyInAnyOrder(
                new StateChange.DeleteTask("f0"), new StateChange.DeleteTask("f1"), new StateChange.DeleteTask("f2"));
    }

    @Test
    void onlyAKilledProjectWithoutLiveTasksMayBeForgottenAndOnlyAKilledOneIsAskedForThem() {
        var killed = new ProjectRecord("web", 1, List.of(), Map.of(), ProjectRecord.Desired.KILLED, T);
        var running = new ProjectRecord("web", 1, List.of(), Map.of(), ProjectRecord.Desired.RUNNING, T);
        assertThat(Housekeeping.forgettable(killed, () -> true)).isFalse();
        assertThat(Housekeeping.forgettable(killed, () -> false)).isTrue();
        assertThat(Housekeeping.forgettable(running, () -> {
            throw new AssertionError("a running project's tasks were looked at");
        })).isFalse();
    }

    @Test
    void aKilledProjectWithAllItsTasksInOneShareIsForgottenWithThem() {
        var killed = new ProjectRecord("web", 1, List.of(), Map.of(), ProjectRecord.Desired.KILLED, T);
        var ended = task("a", 0, "fp", "TASK_KILLED", TaskRecord.Desired.KILL, 0, T);
        assertThat(Housekeeping.forget(killed, List.of(ended), 10))
                .containsExactly(new StateChange.DeleteTask("a"), new StateChange.DeleteProject("web"));
    }

    @Test
    void aKilledProjectsTasksAreForgottenAShareAtATimeAndTheProjectWithTheLast() {
        var killed = new ProjectRecord("web", 1, List.of(), Map.of(), ProjectRecord.Desired.KILLED, T);
        List<TaskRecord> ended = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ended.add(task("t" + i, i, "fp", "TASK_KILLED", TaskRecord.Desired.KILL, 0, T));
        }
        assertThat(Housekeeping.forget(killed, ended, 2))
                .containsExactly(new StateChange.DeleteTask("t0"), new StateChange.DeleteTask("t1"));
        assertThat(Housekeeping.forget(killed, ended.subList(2, 3), 2))
                .containsExactly(new StateChange.DeleteTask("t2"), new StateChange.DeleteProject("web"));
    }
}
