package io.mesoscompose.scheduler;

import io.mesoscompose.state.ProjectRecord;
import io.mesoscompose.state.StateChange;
import io.mesoscompose.state.TaskRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * What the store can forget: old terminal tasks beyond the last few of each slot (a crash-looping service would
 * otherwise grow the store without end), and killed projects whose tasks are all gone. Pure: returns the changes.
 */
final class Housekeeping {

    /** Terminal tasks kept per slot, for the API's history and a job's final state. */
    static final int KEEP_PER_SLOT = 3;
    /**
     * Task records of a killed project forgotten per loop step at most (one commit): forgetting the 100,000 of a
     * project taken down in one step held the loop for half a second (a commit of 100,000 deletions, the table's
     * indexes, and a snapshot without them).
     */
    static final int FORGET_PER_STEP = 1_000;

    private Housekeeping() {}

    /** The terminal tasks beyond the last {@link #KEEP_PER_SLOT} of each slot, among {@code tasks} (whole slots). */
    static List<StateChange> oldTasks(Collection<TaskRecord> tasks) {
        List<StateChange> out = new ArrayList<>();
        Map<Slot, List<TaskRecord>> bySlot = tasks.stream()
                .collect(Collectors.groupingBy(t -> new Slot(t.project(), t.service(), t.replica())));
        for (List<TaskRecord> slotTasks : bySlot.values()) {
            slotTasks.stream().filter(t -> TaskStates.terminal(t.state()))
                    .sorted(Comparator.comparing(TaskRecord::createdAt).reversed())
                    .skip(KEEP_PER_SLOT)
                    .forEach(t -> out.add(new StateChange.DeleteTask(t.taskId())));
        }
        return out;
    }

    /**
     * Whether a project may be forgotten: it was killed and none of its tasks is live. {@code anyTaskLive} looks at all
     * of its tasks, not a share of them; it is asked only of a killed project.
     */
    static boolean forgettable(ProjectRecord project, BooleanSupplier anyTaskLive) {
        return project.desired() == ProjectRecord.Desired.KILLED && !anyTaskLive.getAsBoolean();
    }

    /**
     * Forgets a {@link #forgettable} project: its task records, at most {@code share} at a time, and the project's
     * own record with the last of them. A crash in between leaves the killed project with fewer tasks, and the next
     * call goes on.
     *
     * @param tasks the project's tasks: all of them, or more than {@code share} of them
     */
    static List<StateChange> forget(ProjectRecord project, List<TaskRecord> tasks, int share) {
        List<StateChange> out = new ArrayList<>();
        tasks.stream().limit(share).forEach(t -> out.add(new StateChange.DeleteTask(t.taskId())));
        if (tasks.size() <= share) {
            out.add(new StateChange.DeleteProject(project.name()));
        }
        return out;
    }
}
