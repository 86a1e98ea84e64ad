package io.mesoscompose.scheduler;

import io.mesoscompose.compose.model.Dependency;
import io.mesoscompose.plan.ProjectPlan;
import io.mesoscompose.plan.ServicePlan;
import io.mesoscompose.state.TaskRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.scheduler.Protos.Call;

/**
 * Desired against actual, computed fresh from the plans and the task records. Pure: the same inputs give the same
 * answer, so the loop can call it after every event.
 */
final class Desired {

    private Desired() {}

    /** Replicas ready to launch now, and the reason for each slot that waits (dependency, back-off, gave up). */
    record Pending(List<OfferMatcher.Pending> ready, Map<Slot, String> waiting, Instant nextWake) {}

    /** Which of a slot's tasks is its current one: the latest created; same instant (coarse clocks): the live one. */
    private static final Comparator<TaskRecord> LATEST = Comparator.comparing(TaskRecord::createdAt)
            .thenComparing(t -> !TaskStates.terminal(t.state()))
            .thenComparingInt(TaskRecord::attempt);

    /**
     * The replicas to launch now and those that wait, from the tasks of each service: the cost is the services'
     * replicas plus their tasks, with no per-task allocation (what the loop calls after every batch).
     *
     * @param tasksOf    the tasks of a service
     * @param startEarly slots a start-first update lets launch their new task beside the old one ({@link RollingUpdate});
     *                   elsewhere a slot whose older task still runs is left to the update, so no more tasks run at
     *                   once than it allows
     * @param lostTasks  what a task lost with its agent means for its slot ({@link RestartRules.LostTasks})
     */
    static Pending pending(Collection<ProjectPlan> plans, Function<ServiceKey, Collection<TaskRecord>> tasksOf,
                           Instant now, RestartRules.Backoff backoff, Set<Slot> startEarly,
                           RestartRules.LostTasks lostTasks) {
        List<OfferMatcher.Pending> ready = new ArrayList<>();
        Map<Slot, String> waiting = new HashMap<>();
        Instant wake = Instant.MAX;
        for (ProjectPlan project : plans) {
            for (ServicePlan service : project.services()) {
                Optional<String> blocked = unmetDependency(project, service, tasksOf);
                int replicas = service.replicas();
                TaskRecord[] latest = new TaskRecord[replicas];
                boolean[] live = new boolean[replicas];
                for (TaskRecord t : tasksOf.apply(new ServiceKey(project.project(), service.service()))) {
                    int i = t.replica();
                    if (i < 0 || i >= replicas) {
                        continue;
                    }
                    live[i] |= !TaskStates.terminal(t.state());
                    if (latest[i] == null || LATEST.compare(t, latest[i]) > 0) {
                        latest[i] = t;
                    }
                }
                for (int i = 0; i < replicas; i++) {
                    if (live[i] && startEarly.isEmpty()) {
                        continue; // a live task serves the slot, whatever the restart rules say (see below)
                    }
                    Slot slot = new Slot(project.project(), service.service(), i);
                    boolean early = !startEarly.isEmpty() && startEarly.contains(slot);
                    boolean occupied = live[i];
                    switch (RestartRules.next(service, Optional.ofNullable(latest[i]), backoff, lostTasks)) {
                        case RestartRules.Next.Occupied o when early && !o.task().fingerprint().equals(service.fingerprint()) ->
                                ready.add(new OfferMatcher.Pending(slot, service, 0));
                        case RestartRules.Next.Occupied o -> { }
                        case RestartRules.Next.Done d -> { }
                        case RestartRules.Next.Launch l when occupied && !early -> { } // the old task serves it
                        case RestartRules.Next.Launch l when blocked.isPresent() -> waiting.put(slot, blocked.get());
                        case RestartRules.Next.Launch l when l.notBefore().isAfter(now) -> {
                            waiting.put(slot, "restart back-off until " + l.notBefore());
                            wake = wake.isBefore(l.notBefore()) ? wake : l.notBefore();
                        }
                        case RestartRules.Next.Launch l -> ready.add(new OfferMatcher.Pending(slot, service, l.attempt()));
                    }
                }
            }
        }
        return new Pending(ready, waiting, wake);
    }

    /** The first depends_on condition not met yet, in words. */
    private static Optional<String> unmetDependency(ProjectPlan project, ServicePlan service,
                                                    Function<ServiceKey, Collection<TaskRecord>> tasksOf) {
        for (Dependency dep : service.dependsOn()) {
            Collection<TaskRecord> of = tasksOf.apply(new ServiceKey(project.project(), dep.service()));
            boolean met = switch (dep.condition()) {
                case STARTED -> of.stream().anyMatch(t -> TaskStates.running(t.state()));
                case HEALTHY -> of.stream().anyMatch(t -> TaskStates.running(t.state()) && t.healthy().orElse(false));
                case COMPLETED_SUCCESSFULLY -> of.stream().anyMatch(t -> TaskStates.succeeded(t.state(), t.exitCode()));
            };
            boolean known = project.services().stream().anyMatch(s -> s.service().equals(dep.service()));
            if (!met && (known || dep.required())) {
                return Optional.of("waiting for " + dep.service() + " to be " + dep.condition().name().toLowerCase().replace('_', ' '));
            }
        }
        return Optional.empty();
    }

    /** Non-terminal tasks no desired slot wants any more: scaled away, service removed, project killed. */
    static List<TaskRecord> unwanted(Map<String, ProjectPlan> plans, Collection<TaskRecord> tasks) {
        List<TaskRecord> out = new ArrayList<>();
        for (TaskRecord t : tasks) {
            if (TaskStates.terminal(t.state())) {
                continue;
            }
            ProjectPlan p = plans.get(t.project());
            Optional<ServicePlan> s = p == null ? Optional.empty()
                    : p.services().stream().filter(x -> x.service().equals(t.service())).findFirst();
            if (s.isEmpty() || t.replica() >= s.get().replicas()) {
                out.add(t);
            }
        }
        return out;
    }

    /** Every task that may still exist, for explicit reconciliation (with its agent when known). */
    static List<Call.Reconcile.Task> reconcileList(Collection<TaskRecord> tasks) {
        return tasks.stream().filter(t -> !TaskStates.terminal(t.state())).map(t -> {
            var b = Call.Reconcile.Task.newBuilder().setTaskId(TaskID.newBuilder().setValue(t.taskId()));
            t.agentId().ifPresent(a -> b.setAgentId(AgentID.newBuilder().setValue(a)));
            return b.build();
        }).toList();
    }
}
