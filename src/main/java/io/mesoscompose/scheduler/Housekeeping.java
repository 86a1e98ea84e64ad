package io.mesoscompose.scheduler;

import io.mesoscompose.state.ProjectRecord;
import io.mesoscompose.state.StateChange;
import io.mesoscompose.state.TaskRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the store can forget: old terminal tasks beyond the last few of each slot (a crash-looping service would
 * otherwise grow the store without end), and killed projects whose tasks are all gone. Pure: returns the changes.
 */
final class Housekeeping {

    /** Terminal tasks kept per slot, for the API's history and a job's final state. */
    static final int KEEP_PER_SLOT = 3;

    private Housekeeping() {}

    static List<StateChange> changes(Collection<ProjectRecord> projects, Collection<TaskRecord> tasks) {
        List<StateChange> out = new ArrayList<>();
        Map<Slot, List<TaskRecord>> bySlot = tasks.stream()
                .collect(Collectors.groupingBy(t -> new Slot(t.project(), t.service(), t.replica())));
        for (List<TaskRecord> slotTasks : bySlot.values()) {
            slotTasks.stream().filter(t -> TaskStates.terminal(t.state()))
                    .sorted(Comparator.comparing(TaskRecord::createdAt).reversed())
                    .skip(KEEP_PER_SLOT)
                    .forEach(t -> out.add(new StateChange.DeleteTask(t.taskId())));
        }
        for (ProjectRecord p : projects) {
            if (p.desired() != ProjectRecord.Desired.KILLED) {
                continue;
            }
            List<TaskRecord> of = tasks.stream().filter(t -> t.project().equals(p.name())).toList();
            if (of.stream().allMatch(t -> TaskStates.terminal(t.state()))) {
                of.forEach(t -> out.add(new StateChange.DeleteTask(t.taskId())));
                out.add(new StateChange.DeleteProject(p.name()));
            }
        }
        return out.stream().distinct().toList();
    }
}
