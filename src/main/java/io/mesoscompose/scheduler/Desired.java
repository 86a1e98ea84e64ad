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
 * Desired against actual, from the plans and the task records: what each slot needs ({@link #need}) and every slot's
 * need at once ({@link #pending}). Pure: the same inputs give the same answer.
 */
final class Desired {

    private Desired() {}

    /** Replicas ready to launch now, and the reason for each slot that waits (dependency, back-off, gave up). */
    record Pending(List<OfferMatcher.Pending> ready, Map<Slot, String> waiting) {}

    /** What one slot needs now. */
    sealed interface Need {
        /** Nothing: a task serves it, or its service is done with it. */
        record None() implements Need {}

        record Ready(OfferMatcher.Pending pending) implements Need {}

        /** It waits, for {@code why}; a back-off ends at {@code until}. */
        record Wait(String why, Optional<Instant> until) implements Need {}
    }

    private static final Need NONE = new Need.None();

    /** Which of a slot's tasks is its current one: the latest created; same instant (coarse clocks): the live one. */
    private static final Comparator<TaskRecord> LATEST = Comparator.comparing(TaskRecord::createdAt)
            .thenComparing(t -> !TaskStates.terminal(t.state()))
            .thenComparingInt(TaskRecord::attempt);

    /** Whether a {@code depends_on} condition holds for a service of the project. */
    interface Met {
        boolean test(ServiceKey service, Dependency.Condition condition);
    }

    /**
     * The replicas to launch now and those that wait, from the tasks of each service: the cost is the services'
     * replicas plus their tasks. {@link PendingSlots} keeps the same answer up to date slot by slot; this is the
     * definition it is tested against.
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
        Met met = (key, condition) -> met(tasksOf.apply(key), condition);
        for (ProjectPlan project : plans) {
            for (ServicePlan service : project.services()) {
                Optional<String> blocked = unmetDependency(project, service, met);
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
                        continue; // a live task serves the slot (see need)
                    }
                    Slot slot = new Slot(project.project(), service.service(), i);
                    switch (need(service, slot, Optional.ofNullable(latest[i]), live[i], startEarly.contains(slot),
                            blocked, now, backoff, lostTasks)) {
                        case Need.None n -> { }
                        case Need.Ready r -> ready.add(r.pending());
                        case Need.Wait w -> waiting.put(slot, w.why());
                    }
                }
            }
        }
        return new Pending(ready, waiting);
    }

    /**
     * What one slot needs, from its latest task and whether any of its tasks is live.
     *
     * @param early   a start-first update lets the slot launch its new task beside the old one
     * @param blocked the service's first unmet {@code depends_on} condition, in words
     */
    static Need need(ServicePlan service, Slot slot, Optional<TaskRecord> latest, boolean live, boolean early,
                     Optional<String> blocked, Instant now, RestartRules.Backoff backoff,
                     RestartRules.LostTasks lostTasks) {
        if (live && !early) {
            return NONE; // a live task serves the slot, whatever the restart rules say; an update replaces it
        }
        return switch (RestartRules.next(service, latest, backoff, lostTasks)) {
            case RestartRules.Next.Occupied o when !o.task().fingerprint().equals(service.fingerprint()) ->
                    new Need.Ready(new OfferMatcher.Pending(slot, service, 0));
            case RestartRules.Next.Occupied o -> NONE;
            case RestartRules.Next.Done d -> NONE;
            case RestartRules.Next.Launch l when blocked.isPresent() -> new Need.Wait(blocked.get(), Optional.empty());
            case RestartRules.Next.Launch l when l.notBefore().isAfter(now) ->
                    new Need.Wait("restart back-off until " + l.notBefore(), Optional.of(l.notBefore()));
            case RestartRules.Next.Launch l -> new Need.Ready(new OfferMatcher.Pending(slot, service, l.attempt()));
        };
    }

    /** The slot's current task ({@link #LATEST}) among its tasks. */
    static Optional<TaskRecord> latest(Collection<TaskRecord> slotTasks) {
        TaskRecord latest = null;
        for (TaskRecord t : slotTasks) {
            if (latest == null || LATEST.compare(t, latest) > 0) {
                latest = t;
            }
        }
        return Optional.ofNullable(latest);
    }

    /** The first depends_on condition not met yet, in words. */
    static Optional<String> unmetDependency(ProjectPlan project, ServicePlan service, Met met) {
        for (Dependency dep : service.dependsOn()) {
            boolean known = project.services().stream().anyMatch(s -> s.service().equals(dep.service()));
            if ((known || dep.required()) && !met.test(new ServiceKey(project.project(), dep.service()), dep.condition())) {
                return Optional.of("waiting for " + dep.service() + " to be " + dep.condition().name().toLowerCase().replace('_', ' '));
            }
        }
        return Optional.empty();
    }

    /** Whether a condition holds for a service with these tasks. */
    static boolean met(Collection<TaskRecord> of, Dependency.Condition condition) {
        return switch (condition) {
            case STARTED -> of.stream().anyMatch(t -> TaskStates.running(t.state()));
            case HEALTHY -> of.stream().anyMatch(t -> TaskStates.running(t.state()) && t.healthy().orElse(false));
            case COMPLETED_SUCCESSFULLY -> of.stream().anyMatch(t -> TaskStates.succeeded(t.state(), t.exitCode()));
        };
    }

    /**
     * The replicas the plans want of a service: its tasks in replicas at or above it are unwanted (scaled away), and
     * all of them when the service or its project is gone (0).
     */
    static int replicas(Map<String, ProjectPlan> plans, String project, String service) {
        ProjectPlan p = plans.get(project);
        if (p != null) {
            for (ServicePlan s : p.services()) {
                if (s.service().equals(service)) {
                    return s.replicas();
                }
            }
        }
        return 0;
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
