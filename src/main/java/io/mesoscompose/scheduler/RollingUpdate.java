package io.mesoscompose.scheduler;

import io.mesoscompose.compose.model.Deploy.UpdateConfig;
import io.mesoscompose.plan.ServicePlan;
import io.mesoscompose.state.ProjectRecord.UpdateStatus;
import io.mesoscompose.state.TaskRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The next step of replacing a service's replicas by a new version, with Docker Swarm's meaning of
 * {@code update_config} and {@code rollback_config} (swarmkit manager/orchestrator/update/updater.go, the
 * reference for compose's {@code deploy:} section). Pure: the loop passes the plan, the service's durable
 * {@link UpdateStatus}, what the update remembers ({@link Rollout}, in memory, as swarmkit's {@code Updater} keeps
 * it), the service's tasks and the time; it carries out the returned {@link Step} and keeps its rollout.
 *
 * <ul>
 *   <li>The update covers the slots that are dirty when it begins ({@code Updater.Run}): a live task of another
 *       version, or two live tasks. A slot with no live task just launches the new version.</li>
 *   <li>Batches of {@code parallelism} slots (0: all at once). A batch has finished when each of its new tasks runs
 *       — and is healthy when the plan has a health check, as Docker reports RUNNING only then — or has ended; then
 *       {@code delay} is waited before the next ({@code Updater.worker}).</li>
 *   <li>stop-first stops the old task and its slot then launches the new version; start-first launches the new task
 *       beside the old one and stops the old one once the new one runs ({@code updateTask}). The next batch also
 *       waits until the old tasks are gone, so at most replicas + parallelism tasks ever run (swarmkit moves on
 *       while they stop).</li>
 *   <li>A task this update launched that ends before it ran, or within {@code monitor} after it started, is a
 *       failure; lost agents and tasks the scheduler stopped are not ({@code failureTriggersAction}). When failures /
 *       updated slots exceed {@code max_failure_ratio}, {@code failure_action} decides: pause stops starting
 *       batches, rollback goes back to the previous version with its {@code rollback_config}, and a rollback that
 *       fails pauses; continue ignores failures.</li>
 *   <li>After the last batch the update still watches for {@code monitor} (delay + 1 s if the delay is not shorter),
 *       then completes.</li>
 * </ul>
 */
final class RollingUpdate {

    private RollingUpdate() {}

    /**
     * What one update remembers between steps.
     *
     * @param target    the fingerprint rolled out
     * @param rollback  whether this is a rollback (rollback_config applies)
     * @param slots     the dirty slots when it began: the failure ratio's denominator
     * @param batches   batches started so far
     * @param started   replica → when its batch started
     * @param current   the replicas of the batch in progress
     * @param nextBatch when the next batch may start (the last one finished plus the delay); empty while one runs
     * @param created   replica → the task this update launched for it
     * @param upSince   task → when it was first seen running (and healthy)
     * @param failed    the tasks counted as failures
     */
    record Rollout(String target, boolean rollback, int slots, int batches, Map<Integer, Instant> started,
                   Set<Integer> current, Optional<Instant> nextBatch, Map<Integer, String> created,
                   Map<String, Instant> upSince, Set<String> failed) {
        Rollout {
            started = Map.copyOf(started);
            current = Set.copyOf(current);
            created = Map.copyOf(created);
            upSince = Map.copyOf(upSince);
            failed = Set.copyOf(failed);
        }

        /** Batches this update needs in all. */
        int batchCount(UpdateConfig config) {
            int per = config.parallelism() == 0 ? slots : config.parallelism();
            return Math.max(1, (slots + per - 1) / per);
        }
    }

    /** What to do now; {@code startEarly}: slots whose new task may launch beside the old one (start-first). */
    record Step(Optional<Rollout> rollout, List<TaskRecord> stop, Set<Slot> startEarly, List<Event> events) {
        Step {
            stop = List.copyOf(stop);
            startEarly = Set.copyOf(startEarly);
            events = List.copyOf(events);
        }
    }

    /** What happened, for the loop to store (the status) and log. */
    sealed interface Event {
        /** An update (or rollback) of {@code slots} replicas began. */
        record Began(boolean rollback, int slots, int batches, UpdateConfig config) implements Event {}

        record BatchStarted(boolean rollback, int batch, int batches, List<Integer> replicas) implements Event {}

        /** A task of this update failed; {@code failures} of {@code slots} so far. */
        record TaskFailed(TaskRecord task, int failures, int slots, double maxFailureRatio) implements Event {}

        /** failure_action pause (or a failed rollback): no further batch. */
        record Paused(boolean rollback, String message) implements Event {}

        /** failure_action rollback: the service goes back to its previous version. */
        record RollBack(String message) implements Event {}

        record Completed(boolean rollback, String message) implements Event {}
    }

    /** The configuration a plan's update (or, rolling back to it, its rollback) uses; swarm's defaults without one. */
    static UpdateConfig config(ServicePlan plan, boolean rollback) {
        return (rollback ? plan.rollback() : plan.update()).orElse(UpdateConfig.DEFAULT);
    }

    /** @param tasks the service's tasks (others are ignored) */
    static Step step(ServicePlan plan, Optional<UpdateStatus> status, Optional<Rollout> rollout,
                     Collection<TaskRecord> tasks, Instant now) {
        Slots slots = new Slots(plan, tasks);
        List<TaskRecord> superseded = slots.superseded();
        if (status.map(s -> s.state().paused()).orElse(false)) {
            return new Step(Optional.empty(), superseded, Set.of(), List.of());
        }
        boolean rollback = status.map(s -> s.state() == UpdateStatus.State.ROLLBACK_STARTED).orElse(false);
        UpdateConfig config = config(plan, rollback);
        List<Event> events = new ArrayList<>();
        Optional<Rollout> going = rollout.filter(r -> r.target().equals(plan.fingerprint()) && r.rollback() == rollback)
                .or(() -> begin(plan, status, rollback, config, slots, now, events));
        if (going.isEmpty()) {
            return new Step(Optional.empty(), superseded, Set.of(), events);
        }
        Rollout r = observe(going.get(), slots, now);
        if (config.failureAction() != UpdateConfig.FailureAction.CONTINUE) {
            r = countFailures(plan, r, rollback, config, slots, events);
            if (events.stream().anyMatch(e -> e instanceof Event.Paused || e instanceof Event.RollBack)) {
                return new Step(Optional.empty(), superseded, Set.of(), events);
            }
        }
        Rollout seen = r;
        if (r.nextBatch().isEmpty() && r.current().stream().allMatch(i -> slots.done(i, seen))) {
            r = new Rollout(r.target(), r.rollback(), r.slots(), r.batches(), r.started(), Set.of(),
                    Optional.of(now.plus(config.delay())), r.created(), r.upSince(), r.failed());
        }
        List<TaskRecord> stop = new ArrayList<>(superseded);
        if (r.nextBatch().isPresent() && !now.isBefore(r.nextBatch().get())) {
            Rollout finished = r;
            List<Integer> next = slots.dirty().stream().filter(i -> !finished.started().containsKey(i))
                    .limit(config.parallelism() == 0 ? Integer.MAX_VALUE : config.parallelism()).toList();
            if (next.isEmpty()) {
                if (monitored(r, config, now)) {
                    events.add(new Event.Completed(rollback, rollback ? "rollback completed" : "update completed"));
                    return new Step(Optional.empty(), superseded, Set.of(), events);
                }
            } else {
                r = startBatch(r, next, config, now, events);
                if (config.order() == UpdateConfig.Order.STOP_FIRST) {
                    next.forEach(i -> stop.addAll(slots.old(i)));
                }
            }
        }
        return new Step(Optional.of(r), stop.stream().distinct().toList(), startEarly(plan, r, config, slots), events);
    }

    /** An update begins when slots are dirty; with none left, one in progress has completed (as after a restart). */
    private static Optional<Rollout> begin(ServicePlan plan, Optional<UpdateStatus> status, boolean rollback,
                                           UpdateConfig config, Slots slots, Instant now, List<Event> events) {
        List<Integer> dirty = slots.dirty();
        if (dirty.isEmpty()) {
            if (status.map(s -> s.state() == UpdateStatus.State.UPDATING || rollback).orElse(false)) {
                events.add(new Event.Completed(rollback, rollback ? "rollback completed" : "update completed"));
            }
            return Optional.empty();
        }
        Rollout fresh = new Rollout(plan.fingerprint(), rollback, dirty.size(), 0, Map.of(), Set.of(),
                Optional.of(now), Map.of(), Map.of(), Set.of());
        events.add(new Event.Began(rollback, dirty.size(), fresh.batchCount(config), config));
        return Optional.of(fresh);
    }

    /** Failures of this update's tasks; past max_failure_ratio, the failure action (swarmkit failureTriggersAction). */
    private static Rollout countFailures(ServicePlan plan, Rollout r, boolean rollback, UpdateConfig config, Slots slots,
                                         List<Event> events) {
        Set<String> failed = new HashSet<>(r.failed());
        for (String id : r.created().values()) {
            Optional<TaskRecord> t = slots.task(id);
            if (t.isEmpty() || failed.contains(id) || !isFailure(plan, t.get(), r, config.monitor())) {
                continue;
            }
            failed.add(id);
            events.add(new Event.TaskFailed(t.get(), failed.size(), r.slots(), config.maxFailureRatio()));
            if ((double) failed.size() / r.slots() > config.maxFailureRatio()) {
                // Never roll back a rollback: it pauses.
                boolean rollBack = config.failureAction() == UpdateConfig.FailureAction.ROLLBACK && !rollback;
                String what = rollBack ? "update rolled back" : rollback ? "rollback paused" : "update paused";
                String message = what + " due to failure or early termination of task " + id;
                events.add(rollBack ? new Event.RollBack(message) : new Event.Paused(rollback, message));
                break;
            }
        }
        return new Rollout(r.target(), r.rollback(), r.slots(), r.batches(), r.started(), r.current(), r.nextBatch(),
                r.created(), r.upSince(), failed);
    }

    private static Rollout startBatch(Rollout r, List<Integer> replicas, UpdateConfig config, Instant now,
                                      List<Event> events) {
        Map<Integer, Instant> started = new HashMap<>(r.started());
        replicas.forEach(i -> started.put(i, now));
        Rollout next = new Rollout(r.target(), r.rollback(), r.slots(), r.batches() + 1, started, Set.copyOf(replicas),
                Optional.empty(), r.created(), r.upSince(), r.failed());
        events.add(new Event.BatchStarted(r.rollback(), next.batches(), Math.max(next.batches(), r.batchCount(config)),
                replicas));
        return next;
    }

    /**
     * After the last batch (and its delay), the update keeps watching for {@code monitor} before it completes, or
     * for the delay plus a second when the delay is not shorter (swarmkit {@code Updater.Run}).
     */
    private static boolean monitored(Rollout r, UpdateConfig config, Instant now) {
        Duration delay = config.delay();
        Duration watch = delay.compareTo(config.monitor()) >= 0 ? delay.plusSeconds(1) : config.monitor();
        return !now.isBefore(r.nextBatch().orElseThrow().plus(watch));
    }

    /** start-first: the running batch's slots whose new task is not launched yet, while their old one runs. */
    private static Set<Slot> startEarly(ServicePlan plan, Rollout r, UpdateConfig config, Slots slots) {
        Set<Slot> early = new HashSet<>();
        if (config.order() == UpdateConfig.Order.START_FIRST) {
            for (int i : r.current()) {
                if (!r.created().containsKey(i) && !slots.old(i).isEmpty()) {
                    early.add(new Slot(plan.project(), plan.service(), i));
                }
            }
        }
        return early;
    }

    /** Learns which task this update launched in each started slot, and since when each runs. */
    private static Rollout observe(Rollout r, Slots slots, Instant now) {
        Map<Integer, String> created = new HashMap<>(r.created());
        Map<String, Instant> upSince = new HashMap<>(r.upSince());
        r.started().forEach((replica, at) -> {
            if (!created.containsKey(replica)) {
                slots.launchedSince(replica, at).ifPresent(t -> created.put(replica, t.taskId()));
            }
        });
        for (String id : created.values()) {
            slots.task(id).filter(slots::up).ifPresent(t -> upSince.putIfAbsent(id, now));
        }
        return new Rollout(r.target(), r.rollback(), r.slots(), r.batches(), r.started(), r.current(), r.nextBatch(),
                created, upSince, r.failed());
    }

    /**
     * A failure of this update: the task ended on its own (not stopped by the scheduler, not lost with its agent, not
     * a job that completed) before it ran, or within {@code monitor} of starting (swarmkit
     * {@code failureTriggersAction}; a swarm node that goes down orphans its tasks only much later). A launch the
     * master dropped counts: the new version cannot start.
     */
    static boolean isFailure(ServicePlan plan, TaskRecord t, Rollout r, Duration monitor) {
        if (!TaskStates.terminal(t.state()) || t.desired() != TaskRecord.Desired.RUN || TaskStates.agentLost(t.state())) {
            return false;
        }
        if (plan.lifecycle() == ServicePlan.Lifecycle.JOB && TaskStates.succeeded(t.state(), t.exitCode())) {
            return false;
        }
        Instant up = r.upSince().get(t.taskId());
        return up == null || Duration.between(up, endedAt(t)).compareTo(monitor) <= 0;
    }

    /** When the task reached its terminal state. */
    static Instant endedAt(TaskRecord t) {
        return t.history().isEmpty() || !t.history().getLast().state().equals(t.state())
                ? t.updatedAt() : t.history().getLast().at();
    }

    /** The service's tasks by replica slot, as the update sees them. */
    private static final class Slots {
        private final ServicePlan plan;
        private final Map<Integer, List<TaskRecord>> byReplica = new HashMap<>();
        private final Map<String, TaskRecord> byId = new HashMap<>();

        Slots(ServicePlan plan, Collection<TaskRecord> tasks) {
            this.plan = plan;
            for (TaskRecord t : tasks) {
                if (t.project().equals(plan.project()) && t.service().equals(plan.service())) {
                    byReplica.computeIfAbsent(t.replica(), i -> new ArrayList<>()).add(t);
                    byId.put(t.taskId(), t);
                }
            }
        }

        Optional<TaskRecord> task(String id) {
            return Optional.ofNullable(byId.get(id));
        }

        private List<TaskRecord> of(int replica) {
            return byReplica.getOrDefault(replica, List.of());
        }

        private boolean current(TaskRecord t) {
            return t.fingerprint().equals(plan.fingerprint());
        }

        private static boolean live(TaskRecord t) {
            return !TaskStates.terminal(t.state());
        }

        /** Running, and healthy when the plan checks health: a new task has then finished updating. */
        boolean up(TaskRecord t) {
            return TaskStates.running(t.state())
                    && (!plan.template().hasHealthCheck() || t.healthy().orElse(false));
        }

        /** Live tasks of another version the scheduler still wants running: what replacing the slot stops. */
        List<TaskRecord> old(int replica) {
            return of(replica).stream().filter(t -> live(t) && !current(t) && t.desired() == TaskRecord.Desired.RUN)
                    .toList();
        }

        /** Slots in the plan's range holding a live task of another version, or two live tasks (swarmkit isSlotDirty). */
        List<Integer> dirty() {
            List<Integer> out = new ArrayList<>();
            for (int i = 0; i < plan.replicas(); i++) {
                List<TaskRecord> running = of(i).stream().filter(t -> live(t) && t.desired() == TaskRecord.Desired.RUN)
                        .toList();
                if (running.size() > 1 || (running.size() == 1 && !current(running.getFirst()))) {
                    out.add(i);
                }
            }
            return out;
        }

        /** Old tasks of slots where a task of this version is up: start-first's second half, and leftovers. */
        List<TaskRecord> superseded() {
            List<TaskRecord> out = new ArrayList<>();
            for (int i = 0; i < plan.replicas(); i++) {
                if (of(i).stream().anyMatch(t -> current(t) && live(t) && up(t))) {
                    out.addAll(old(i));
                }
            }
            return out;
        }

        /** The first task of this version launched in the slot since {@code at}: the one the update launched. */
        Optional<TaskRecord> launchedSince(int replica, Instant at) {
            return of(replica).stream().filter(t -> current(t) && !t.createdAt().isBefore(at))
                    .min(Comparator.comparing(TaskRecord::createdAt).thenComparingInt(TaskRecord::attempt));
        }

        /**
         * Whether a slot of the running batch has finished: its new task ended (the worker moves on, swarmkit), or a
         * task of this version is up and no older one is left (so the next batch keeps within replicas +
         * parallelism). A slot the plan no longer has is finished.
         */
        boolean done(int replica, Rollout r) {
            if (replica >= plan.replicas()) {
                return true;
            }
            String mine = r.created().get(replica);
            if (mine != null && task(mine).map(t -> !live(t)).orElse(true)) {
                return true;
            }
            boolean oldGone = of(replica).stream().noneMatch(t -> live(t) && !current(t));
            return oldGone && of(replica).stream().anyMatch(t -> current(t) && live(t) && up(t));
        }
    }
}
