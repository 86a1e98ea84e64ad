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
import java.util.stream.Collectors;

/**
 * Desired against actual, computed fresh from the plans and the task records. Pure: the same inputs give the same
 * answer, so the loop can call it after every event.
 */
final class Desired {

    private Desired() {}

    /** Replicas ready to launch now, and the reason for each slot that waits (dependency, back-off, gave up). */
    record Pending(List<OfferMatcher.Pending> ready, Map<Slot, String> waiting, Instant nextWake) {}

    static Map<Slot, TaskRecord> latestBySlot(Collection<TaskRecord> tasks) {
        Map<Slot, TaskRecord> latest = new HashMap<>();
        // Same creation instant (coarse clocks): the live task is the slot's current one.
        Comparator<TaskRecord> order = Comparator.comparing(TaskRecord::createdAt)
                .thenComparing(t -> !TaskStates.terminal(t.state()))
                .thenComparingInt(TaskRecord::attempt);
        for (TaskRecord t : tasks) {
            latest.merge(new Slot(t.project(), t.service(), t.replica()), t, (a, b) -> order.compare(a, b) >= 0 ? a : b);
        }
        return latest;
    }

    /**
     * @param startEarly slots a start-first update lets launch their new task beside the old one ({@link RollingUpdate});
     *                   elsewhere a slot whose older task still runs is left to the update, so no more tasks run at
     *                   once than it allows
     */
    static Pending pending(Collection<ProjectPlan> plans, Collection<TaskRecord> tasks, Instant now, RestartRules.Backoff backoff,
                           Set<Slot> startEarly) {
        return pending(plans, tasks, now, backoff, startEarly, RestartRules.LostTasks.RESTART_POLICY);
    }

    /** @param lostTasks what a task lost with its agent means for its slot ({@link RestartRules.LostTasks}) */
    static Pending pending(Collection<ProjectPlan> plans, Collection<TaskRecord> tasks, Instant now, RestartRules.Backoff backoff,
                           Set<Slot> startEarly, RestartRules.LostTasks lostTasks) {
        Map<Slot, TaskRecord> latest = latestBySlot(tasks);
        Map<Slot, Long> live = tasks.stream().filter(t -> !TaskStates.terminal(t.state()))
                .collect(Collectors.groupingBy(t -> new Slot(t.project(), t.service(), t.replica()), Collectors.counting()));
        List<OfferMatcher.Pending> ready = new ArrayList<>();
        Map<Slot, String> waiting = new HashMap<>();
        Instant wake = Instant.MAX;
        for (ProjectPlan project : plans) {
            for (ServicePlan service : project.services()) {
                Optional<String> blocked = unmetDependency(project, service, tasks);
                for (int i = 0; i < service.replicas(); i++) {
                    Slot slot = new Slot(project.project(), service.service(), i);
                    boolean early = startEarly.contains(slot);
                    switch (RestartRules.next(service, Optional.ofNullable(latest.get(slot)), backoff, lostTasks)) {
                        case RestartRules.Next.Occupied o when early && !o.task().fingerprint().equals(service.fingerprint()) ->
                                ready.add(new OfferMatcher.Pending(slot, service, 0));
                        case RestartRules.Next.Occupied o -> { }
                        case RestartRules.Next.Done d -> { }
                        case RestartRules.Next.Launch l when live.containsKey(slot) && !early -> { } // the old task serves it
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
    static Optional<String> unmetDependency(ProjectPlan project, ServicePlan service, Collection<TaskRecord> tasks) {
        for (Dependency dep : service.dependsOn()) {
            List<TaskRecord> of = tasks.stream()
                    .filter(t -> t.project().equals(project.project()) && t.service().equals(dep.service())).toList();
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

    /** Live replicas per agent and service key, for {@code unique}. */
    static Map<String, Map<String, Integer>> perAgent(Collection<TaskRecord> tasks) {
        Map<String, Map<String, Integer>> counts = new HashMap<>();
        for (TaskRecord t : tasks) {
            if (!TaskStates.terminal(t.state()) && t.agentId().isPresent()) {
                counts.computeIfAbsent(t.agentId().get(), a -> new HashMap<>())
                        .merge(t.project() + "/" + t.service(), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** Every task that may still exist, for explicit reconciliation (with its agent when known). */
    static List<org.apache.mesos.v1.scheduler.Protos.Call.Reconcile.Task> reconcileList(Collection<TaskRecord> tasks) {
        return tasks.stream().filter(t -> !TaskStates.terminal(t.state())).map(t -> {
            var b = org.apache.mesos.v1.scheduler.Protos.Call.Reconcile.Task.newBuilder()
                    .setTaskId(org.apache.mesos.v1.Protos.TaskID.newBuilder().setValue(t.taskId()));
            t.agentId().ifPresent(a -> b.setAgentId(org.apache.mesos.v1.Protos.AgentID.newBuilder().setValue(a)));
            return b.build();
        }).toList();
    }
}
