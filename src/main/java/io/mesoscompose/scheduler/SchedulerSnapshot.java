package io.mesoscompose.scheduler;

import io.mesoscompose.plan.ProjectPlan;
import io.mesoscompose.state.ProjectRecord;
import io.mesoscompose.state.TaskRecord;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An immutable view of the scheduler after one loop step: what the API reads, without touching the loop.
 *
 * <p>Tasks and waiting replicas are kept per service; the tasks of a service in groups that the next snapshot
 * shares when none of their tasks changed ({@link ServiceTasks}), so a reader can keep what it derived from an
 * unchanged group, and a loop step publishing a snapshot does not copy 100,000 tasks.
 *
 * @param services               the tasks of each service that has any
 * @param waiting                per service, the replicas waiting for an offer and why
 * @param awaitingReconciliation tasks whose state the master has not confirmed since the last subscription
 */
public record SchedulerSnapshot(
        Optional<String> frameworkId,
        boolean subscribed,
        Map<String, ProjectRecord> projects,
        Map<String, ProjectPlan> plans,
        Map<ServiceKey, ServiceTasks> services,
        Map<ServiceKey, Map<Slot, String>> waiting,
        int awaitingReconciliation) {

    public static final SchedulerSnapshot EMPTY =
            new SchedulerSnapshot(Optional.empty(), false, Map.of(), Map.of(), Map.of(), Map.of(), 0);

    public SchedulerSnapshot {
        projects = Map.copyOf(projects);
        plans = Map.copyOf(plans);
        services = Map.copyOf(services);
        waiting = Map.copyOf(waiting);
    }

    /** A snapshot of these tasks, grouped here (for snapshots not made by the loop: a standby's). */
    public static SchedulerSnapshot of(Optional<String> frameworkId, boolean subscribed,
                                       Map<String, ProjectRecord> projects, Map<String, ProjectPlan> plans,
                                       List<TaskRecord> tasks) {
        PublishedTasks grouped = new PublishedTasks();
        Map<String, TaskRecord> byId = new HashMap<>();
        tasks.forEach(t -> byId.put(t.taskId(), t));
        return new SchedulerSnapshot(frameworkId, subscribed, projects, plans,
                grouped.publish(tasks, id -> Optional.ofNullable(byId.get(id))), Map.of(), 0);
    }

    /** Every task, in one list made now (a test's or a rare reader's way: the API reads {@link #services}). */
    public List<TaskRecord> tasks() {
        return services.values().stream().flatMap(ServiceTasks::stream).toList();
    }

    public List<TaskRecord> tasksOf(String project) {
        return services.values().stream().filter(s -> s.service().project().equals(project))
                .flatMap(ServiceTasks::stream).toList();
    }

    /** One task by its ID: a look through every task, for single operations (kill, restart, log reads). */
    public Optional<TaskRecord> task(String taskId) {
        return services.values().stream().flatMap(ServiceTasks::stream).filter(t -> t.taskId().equals(taskId))
                .findFirst();
    }

    /** Every waiting replica and why, in one map made now. */
    public Map<Slot, String> pending() {
        Map<Slot, String> all = new HashMap<>();
        waiting.values().forEach(all::putAll);
        return all;
    }
}
