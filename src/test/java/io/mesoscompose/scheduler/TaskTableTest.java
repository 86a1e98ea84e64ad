package io.mesoscompose.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.state.TaskRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TaskTableTest {

    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");
    private static final ServiceKey API = new ServiceKey("web", "api");

    private static TaskRecord task(String id, int replica, String state) {
        return Fixtures.task(id, replica, "fp1", state, TaskRecord.Desired.RUN, 0, AT);
    }

    /** What housekeeping looks at: the slots in which a task ended, not every slot of their service. */
    @Test
    void theSlotsInWhichATaskEndedOrWasRemovedAreTakenOnce() {
        TaskTable table = new TaskTable();
        for (int replica = 0; replica < 100; replica++) {
            table.put(task("t" + replica, replica, "TASK_RUNNING"));
        }
        assertThat(table.takeEnded()).isEmpty();

        table.put(task("t7", 7, "TASK_FAILED"));
        table.put(task("t7", 7, "TASK_FAILED")); // the same end again
        table.remove("t42");

        assertThat(table.takeEnded()).containsExactlyInAnyOrder(new Slot("web", "api", 7), new Slot("web", "api", 42));
        assertThat(table.takeEnded()).isEmpty();
    }

    @Test
    void whatWasTakenStaysAsItWasWhileTasksChangeAfter() {
        TaskTable table = new TaskTable();
        table.put(task("a", 0, "TASK_RUNNING"));
        var changed = table.takeChanged();
        var slots = table.takeChangedSlots();

        table.put(task("b", 1, "TASK_FAILED"));
        table.put(new TaskRecord("c", "shop", "db", 0, 1, "fp1", Optional.empty(), Optional.empty(),
                "TASK_STAGING", TaskRecord.Desired.RUN, Map.of(), Optional.empty(),
                Optional.empty(), Optional.empty(), 0, AT, AT, List.of()));

        assertThat(changed).containsExactly(API);
        assertThat(slots).containsExactly(new Slot("web", "api", 0));
        assertThat(table.takeChangedSlots()).containsExactlyInAnyOrder(new Slot("web", "api", 1),
                new Slot("shop", "db", 0));
    }

    /**
     * A live task's next live state cannot change what its slot needs, so PendingSlots is not told of it (two of the
     * three changes of every launched task); the rolling updates still are (they wait for new tasks to run), and a
     * task's end, its move to another agent, or a change between two ends is told to both.
     */
    @Test
    void aLiveTasksNextLiveStateIsNotAChangeOfWhatItsSlotNeeds() {
        TaskTable table = new TaskTable();
        table.put(task("a", 0, "TASK_STAGING"));
        table.put(task("b", 1, "TASK_FAILED"));
        assertThat(table.takeChangedSlots()).containsExactlyInAnyOrder(new Slot("web", "api", 0),
                new Slot("web", "api", 1));
        table.takeChangedSlotsForUpdates();

        table.put(task("a", 0, "TASK_STARTING"));
        table.put(task("a", 0, "TASK_RUNNING"));
        assertThat(table.takeChangedSlots()).isEmpty();
        assertThat(table.takeChangedSlotsForUpdates()).containsExactly(new Slot("web", "api", 0));
        assertThat(table.takeChanged()).containsExactly(API);

        table.put(task("b", 1, "TASK_FINISHED")); // one end, then another
        assertThat(table.takeChangedSlots()).containsExactly(new Slot("web", "api", 1));
        table.put(Fixtures.task("a", 0, "fp1", "TASK_RUNNING", TaskRecord.Desired.KILL, 0, AT));
        assertThat(table.takeChangedSlots()).containsExactly(new Slot("web", "api", 0));
        table.put(Fixtures.task("a", 0, "fp1", "TASK_FAILED", TaskRecord.Desired.KILL, 0, AT));
        assertThat(table.takeChangedSlots()).containsExactly(new Slot("web", "api", 0));
    }

    /** PendingSlots and the rolling updates each take the changed slots: one taking them leaves the other's. */
    @Test
    void theRollingUpdatesTakeTheChangedSlotsApartFromThePendingSlots() {
        TaskTable table = new TaskTable();
        table.put(task("a", 0, "TASK_RUNNING"));
        table.remove("a");
        assertThat(table.takeChangedSlots()).containsExactly(new Slot("web", "api", 0));

        table.put(task("b", 1, "TASK_RUNNING"));
        assertThat(table.takeChangedSlotsForUpdates()).containsExactlyInAnyOrder(new Slot("web", "api", 0),
                new Slot("web", "api", 1));
        assertThat(table.takeChangedSlotsForUpdates()).isEmpty();
        assertThat(table.takeChangedSlots()).containsExactly(new Slot("web", "api", 1));
    }

    @Test
    void aServiceHasLiveTasksUntilTheLastHasEnded() {
        TaskTable table = new TaskTable();
        table.put(task("a", 0, "TASK_STAGING"));
        table.put(task("b", 1, "TASK_RUNNING"));
        table.put(task("a", 0, "TASK_KILLED"));
        assertThat(table.hasLive(API)).isTrue();

        table.put(task("b", 1, "TASK_KILLED"));

        assertThat(table.hasLive(API)).isFalse();
        assertThat(table.hasLive(new ServiceKey("web", "db"))).isFalse();
    }
}
