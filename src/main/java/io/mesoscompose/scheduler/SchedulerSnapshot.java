package io.mesoscompose.scheduler;

import io.mesoscompose.plan.ProjectPlan;
import io.mesoscompose.state.ProjectRecord;
import io.mesoscompose.state.TaskRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable view of the scheduler after one loop step: what the API reads, without touching the loop.
 *
 * @param awaitingReconciliation tasks whose state the master has not confirmed since the last subscription
 */
public record SchedulerSnapshot(
        Optional<String> frameworkId,
        boolean subscribed,
        Map<String, ProjectRecord> projects,
        Map<String, ProjectPlan> plans,
        List<TaskRecord> tasks,
        Map<Slot, String> pending,
        int awaitingReconciliation) {

    public static final SchedulerSnapshot EMPTY =
            new SchedulerSnapshot(Optional.empty(), false, Map.of(), Map.of(), List.of(), Map.of(), 0);

    public SchedulerSnapshot {
        projects = Map.copyOf(projects);
        plans = Map.copyOf(plans);
        tasks = List.copyOf(tasks);
        pending = Map.copyOf(pending);
    }

    public List<TaskRecord> tasksOf(String project) {
        return tasks.stream().filter(t -> t.project().equals(project)).toList();
    }
}
