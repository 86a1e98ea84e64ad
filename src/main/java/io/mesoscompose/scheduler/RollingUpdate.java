package io.mesoscompose.scheduler;

import io.mesoscompose.compose.model.Deploy.UpdateConfig;
import io.mesoscompose.plan.ServicePlan;
import io.mesoscompose.state.ProjectRecord.UpdateStatus;
import io.mesoscompose.state.TaskRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.IntFunction;

/**
 * One service's rolling update, step by step: replacing its replicas by a new version, with Docker Swarm's meaning
 * of {@code update_config} and {@code rollback_config} (swarmkit manager/orchestrator/update/updater.go, the
 * reference for compose's {@code deploy:} section). The loop passes the plan, the service's durable
 * {@link UpdateStatus}, the tasks of its slots, the replicas whose tasks changed since the last step, and the time;
 * it carries out the returned {@link Step}. No I/O, no clock; unlike the other decisions it keeps state between
 * steps — what the update remembers (in memory, as swarmkit's {@code Updater} does) and which slots are dirty — so
 * that a step costs the slots that changed and the running batch, not every replica of the service. A new plan
 * object makes it look at every slot again. Loop thread only.
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

    /** The plan the slots were last looked at with (another object: every slot is looked at again). */
    private ServicePlan plan;
    /** The replicas in the plan's range whose slot is dirty now (swarmkit isSlotDirty). */
    private final BitSet dirty = new BitSet();
    /** The update in progress, if any. */
    private Optional<Rollout> rollout = Optional.empty();
    /**
     * The pause or rollback this update decided, until the service's status says it was stored: a step whose commit
     * the store refused must not lose it (the update would begin again and start the next batch). Dropped once the
     * status is paused or rolling back, or another version is applied.
     */
    private Optional<Stopping> stopping = Optional.empty();

    private record Stopping(String target, boolean rollback, Event event) {}

    /**
     * What one update remembers between steps; {@code slots}, the dirty slots when it began, is the failure ratio's
     * denominator.
     */
    private static final class Rollout {
        final String target;
        final boolean rollback;
        final int slots;
        int batches;
        /** replica → when its batch started. */
        final Map<Integer, Instant> started = new HashMap<>();
        /**
         * The replicas of the batch started in the last step: the next step learns what was launched in them (a task
         * created at the very instant the batch started counts, as it is not before it) even if they did not change.
         */
        final List<Integer> batchStarted = new ArrayList<>();
        /** The replicas of the batch in progress, and those of them not finished yet. */
        final Set<Integer> current = new HashSet<>();
        final Set<Integer> unfinished = new HashSet<>();
        /** start-first: replicas of the batch whose new task is not launched yet while their old one runs. */
        final Set<Integer> early = new HashSet<>();
        /** {@code early} as slots, made again only when it changed. */
        Set<Slot> earlySlots = Set.of();
        boolean earlyChanged;
        /** When the next batch may start (the last one finished plus the delay); empty while one runs. */
        Optional<Instant> nextBatch;
        /** replica → the task this update launched in it, and when that task was first seen running (and healthy). */
        final Map<Integer, String> created = new HashMap<>();
        final Map<Integer, Instant> upSince = new HashMap<>();
        /** The replicas whose task of this update failed. */
        final Set<Integer> failed = new HashSet<>();

        Rollout(String target, boolean rollback, int slots, Instant now) {
            this.target = target;
            this.rollback = rollback;
            this.slots = slots;
            this.nextBatch = Optional.of(now);
        }

        /** Batches this update needs in all. */
        int batchCount(UpdateConfig config) {
            int per = config.parallelism() == 0 ? slots : config.parallelism();
            return Math.max(1, (slots + per - 1) / per);
        }
    }

    /**
     * What to do now. {@code rolling}: an update is in progress; {@code startEarly}: slots whose new task may launch
     * beside the old one (start-first).
     */
    record Step(boolean rolling, List<TaskRecord> stop, Set<Slot> startEarly, List<Event> events) {
        Step {
            stop = stop.stream().distinct().toList(); // a slot looked at twice in a step names its tasks twice
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

    /**
     * Makes the next step look at every slot again, keeping the update in progress: for a step whose changes were
     * taken but not all carried out (a stop the store refused, a step that threw), or not handed over.
     */
    void lookAgain() {
        plan = null;
    }

    /** Whether an update is in progress. */
    boolean rolling() {
        return rollout.isPresent();
    }

    /**
     * @param slots   the tasks of the service's slot with this replica number
     * @param changed the replicas whose tasks changed since the last step (ignored when the plan is another object)
     */
    Step step(ServicePlan plan, Optional<UpdateStatus> status, IntFunction<List<TaskRecord>> slots,
              Collection<Integer> changed, Instant now) {
        Collection<Integer> look = changed;
        if (plan != this.plan) {
            this.plan = plan;
            dirty.clear();
            look = everySlot(plan.replicas());
        }
        List<TaskRecord> stop = new ArrayList<>();
        for (int i : look) {
            if (i < plan.replicas()) {
                List<TaskRecord> tasks = slots.apply(i);
                if (tasks.isEmpty()) { // neither dirty nor anything to stop (every slot of a new service)
                    dirty.clear(i);
                    continue;
                }
                dirty.set(i, isDirty(tasks));
                stop.addAll(superseded(tasks));
            }
        }
        if (status.map(s -> s.state().paused()).orElse(false)) {
            rollout = Optional.empty();
            stopping = Optional.empty();
            return new Step(false, stop, Set.of(), List.of());
        }
        boolean rollback = status.map(s -> s.state() == UpdateStatus.State.ROLLBACK_STARTED).orElse(false);
        stopping = stopping.filter(s -> s.target().equals(plan.fingerprint()) && s.rollback() == rollback);
        if (stopping.isPresent()) { // decided, and its status not stored yet: decided again, nothing else
            return new Step(false, stop, Set.of(), List.of(stopping.get().event()));
        }
        UpdateConfig config = config(plan, rollback);
        List<Event> events = new ArrayList<>();
        rollout = rollout.filter(r -> r.target.equals(plan.fingerprint()) && r.rollback == rollback)
                .or(() -> begin(status, rollback, config, now, events));
        if (rollout.isEmpty()) {
            return new Step(false, stop, Set.of(), events);
        }
        Rollout r = rollout.get();
        // In replica order, so that failures are counted in it: the one named when the update stops is the lowest.
        TreeSet<Integer> watched = new TreeSet<>(r.batchStarted);
        r.batchStarted.clear();
        look.stream().filter(r.started::containsKey).forEach(watched::add);
        for (int i : watched) {
            observe(r, i, slots.apply(i), config, now, stop);
        }
        if (config.failureAction() != UpdateConfig.FailureAction.CONTINUE
                && countFailures(r, watched, slots, config, events)) {
            rollout = Optional.empty();
            stopping = Optional.of(new Stopping(r.target, r.rollback, events.getLast()));
            return new Step(false, stop, Set.of(), events);
        }
        if (r.nextBatch.isEmpty() && r.unfinished.isEmpty()) {
            r.current.clear();
            r.earlyChanged |= !r.early.isEmpty();
            r.early.clear();
            r.nextBatch = Optional.of(now.plus(config.delay()));
        }
        if (r.nextBatch.isPresent() && !now.isBefore(r.nextBatch.get())) {
            List<Integer> next = nextBatch(r, config);
            if (next.isEmpty()) {
                if (monitored(r, config, now)) {
                    events.add(new Event.Completed(rollback, rollback ? "rollback completed" : "update completed"));
                    rollout = Optional.empty();
                    return new Step(false, stop, Set.of(), events);
                }
            } else {
                startBatch(r, next, config, now, events);
                for (int i : next) {
                    track(r, i, slots.apply(i), config, stop);
                }
            }
        }
        if (r.earlyChanged) {
            r.earlySlots = Set.copyOf(r.early.stream().map(i -> new Slot(plan.project(), plan.service(), i)).toList());
            r.earlyChanged = false;
        }
        return new Step(true, stop, r.earlySlots, events);
    }

    /**
     * The plan's replicas in order, then those beyond them a rollout started (a scale-down during an update): a view.
     * A new plan of 100,000 replicas is looked at whole; made as a set, and each empty slot looked at with two
     * streams, that took 188 ms of the big apply's step in a fresh JVM.
     */
    private Collection<Integer> everySlot(int replicas) {
        List<Integer> beyond = rollout.map(r -> r.started.keySet().stream().filter(i -> i >= replicas).sorted()
                .toList()).orElse(List.of());
        return new AbstractList<>() {
            @Override
            public Integer get(int index) {
                return index < replicas ? index : beyond.get(index - replicas);
            }

            @Override
            public int size() {
                return replicas + beyond.size();
            }
        };
    }

    /** An update begins when slots are dirty; with none left, one in progress has completed (as after a restart). */
    private Optional<Rollout> begin(Optional<UpdateStatus> status, boolean rollback, UpdateConfig config,
                                    Instant now, List<Event> events) {
        int count = dirty.cardinality();
        if (count == 0) {
            if (status.map(s -> s.state() == UpdateStatus.State.UPDATING || rollback).orElse(false)) {
                events.add(new Event.Completed(rollback, rollback ? "rollback completed" : "update completed"));
            }
            return Optional.empty();
        }
        Rollout fresh = new Rollout(plan.fingerprint(), rollback, count, now);
        events.add(new Event.Began(rollback, count, fresh.batchCount(config), config));
        return Optional.of(fresh);
    }

    /**
     * What the update learns from one slot of a started batch: the task it launched there (the first of this version
     * since its batch started), since when that task runs, then where the slot stands in its batch ({@link #track}).
     */
    private void observe(Rollout r, int replica, List<TaskRecord> tasks, UpdateConfig config, Instant now,
                         List<TaskRecord> stop) {
        if (!r.created.containsKey(replica)) {
            launchedSince(tasks, r.started.get(replica)).ifPresent(t -> r.created.put(replica, t.taskId()));
        }
        Optional<TaskRecord> mine = mine(r, replica, tasks);
        if (mine.filter(this::up).isPresent()) {
            r.upSince.putIfAbsent(replica, now);
        }
        track(r, replica, tasks, config, stop);
    }

    /**
     * For a slot of the running batch: whether it has finished, and whether its new task may start early; stop-first
     * stops its old task (each time the slot is looked at until it is stopped: a stop the store refused is retried).
     */
    private void track(Rollout r, int replica, List<TaskRecord> tasks, UpdateConfig config, List<TaskRecord> stop) {
        if (!r.current.contains(replica)) {
            return;
        }
        if (config.order() == UpdateConfig.Order.STOP_FIRST) {
            stop.addAll(old(tasks));
        }
        if (finished(replica, tasks, mine(r, replica, tasks), r.created.containsKey(replica))) {
            r.unfinished.remove(replica);
        } else {
            r.unfinished.add(replica);
        }
        boolean early = config.order() == UpdateConfig.Order.START_FIRST && !r.created.containsKey(replica)
                && !old(tasks).isEmpty();
        r.earlyChanged |= early ? r.early.add(replica) : r.early.remove(replica);
    }

    /** The task this update launched in the slot, while the slot still has it. */
    private static Optional<TaskRecord> mine(Rollout r, int replica, List<TaskRecord> tasks) {
        return Optional.ofNullable(r.created.get(replica)).flatMap(id -> task(tasks, id));
    }

    /**
     * Whether a slot of the running batch has finished: its new task ended (the worker moves on, swarmkit), or a
     * task of this version is up and no older one is left (so the next batch keeps within replicas + parallelism). A
     * slot the plan no longer has is finished.
     */
    private boolean finished(int replica, List<TaskRecord> tasks, Optional<TaskRecord> mine, boolean launched) {
        if (replica >= plan.replicas() || launched && mine.map(t -> !live(t)).orElse(true)) {
            return true;
        }
        return tasks.stream().noneMatch(t -> live(t) && !current(t))
                && tasks.stream().anyMatch(t -> current(t) && live(t) && up(t));
    }

    /**
     * Failures of this update's tasks in the slots looked at; past max_failure_ratio, the failure action (swarmkit
     * failureTriggersAction). True when the update stops here (paused, or rolling back).
     */
    private boolean countFailures(Rollout r, Collection<Integer> replicas, IntFunction<List<TaskRecord>> slots,
                                  UpdateConfig config, List<Event> events) {
        for (int replica : replicas) {
            String id = r.created.get(replica);
            if (id == null || r.failed.contains(replica)) {
                continue;
            }
            Optional<TaskRecord> t = task(slots.apply(replica), id);
            if (t.isEmpty() || !isFailure(plan, t.get(), Optional.ofNullable(r.upSince.get(replica)), config.monitor())) {
                continue;
            }
            r.failed.add(replica);
            events.add(new Event.TaskFailed(t.get(), r.failed.size(), r.slots, config.maxFailureRatio()));
            if ((double) r.failed.size() / r.slots > config.maxFailureRatio()) {
                // Never roll back a rollback: it pauses.
                boolean rollBack = config.failureAction() == UpdateConfig.FailureAction.ROLLBACK && !r.rollback;
                String what = rollBack ? "update rolled back" : r.rollback ? "rollback paused" : "update paused";
                String message = what + " due to failure or early termination of task " + id;
                events.add(rollBack ? new Event.RollBack(message) : new Event.Paused(r.rollback, message));
                return true;
            }
        }
        return false;
    }

    /** The next batch: the first dirty slots, in replica order, that no batch has started. */
    private List<Integer> nextBatch(Rollout r, UpdateConfig config) {
        int size = config.parallelism() == 0 ? Integer.MAX_VALUE : config.parallelism();
        List<Integer> next = new ArrayList<>();
        for (int i = dirty.nextSetBit(0); i >= 0 && next.size() < size; i = dirty.nextSetBit(i + 1)) {
            if (!r.started.containsKey(i)) {
                next.add(i);
            }
        }
        return next;
    }

    private static void startBatch(Rollout r, List<Integer> replicas, UpdateConfig config, Instant now,
                                   List<Event> events) {
        replicas.forEach(i -> r.started.put(i, now));
        r.batchStarted.addAll(replicas);
        r.current.addAll(replicas);
        r.unfinished.addAll(replicas);
        r.nextBatch = Optional.empty();
        r.batches++;
        events.add(new Event.BatchStarted(r.rollback, r.batches, Math.max(r.batches, r.batchCount(config)), replicas));
    }

    /**
     * After the last batch (and its delay), the update keeps watching for {@code monitor} before it completes, or
     * for the delay plus a second when the delay is not shorter (swarmkit {@code Updater.Run}).
     */
    private static boolean monitored(Rollout r, UpdateConfig config, Instant now) {
        Duration delay = config.delay();
        Duration watch = delay.compareTo(config.monitor()) >= 0 ? delay.plusSeconds(1) : config.monitor();
        return !now.isBefore(r.nextBatch.orElseThrow().plus(watch));
    }

    /**
     * A failure of this update: the task ended on its own (not stopped by the scheduler, not lost with its agent, not
     * a job that completed) before it ran, or within {@code monitor} of starting (swarmkit
     * {@code failureTriggersAction}; a swarm node that goes down orphans its tasks only much later). A launch the
     * master dropped counts: the new version cannot start.
     *
     * @param up when the task was first seen running (and healthy), if it was
     */
    static boolean isFailure(ServicePlan plan, TaskRecord t, Optional<Instant> up, Duration monitor) {
        if (!TaskStates.terminal(t.state()) || t.desired() != TaskRecord.Desired.RUN || TaskStates.agentLost(t.state())) {
            return false;
        }
        if (plan.lifecycle() == ServicePlan.Lifecycle.JOB && TaskStates.succeeded(t.state(), t.exitCode())) {
            return false;
        }
        return up.isEmpty() || Duration.between(up.get(), endedAt(t)).compareTo(monitor) <= 0;
    }

    /** When the task reached its terminal state. */
    static Instant endedAt(TaskRecord t) {
        return t.history().isEmpty() || !t.history().getLast().state().equals(t.state())
                ? t.updatedAt() : t.history().getLast().at();
    }

    // ---- one slot's tasks, as the update sees them ----

    private static Optional<TaskRecord> task(List<TaskRecord> tasks, String id) {
        return tasks.stream().filter(t -> t.taskId().equals(id)).findFirst();
    }

    private boolean current(TaskRecord t) {
        return t.fingerprint().equals(plan.fingerprint());
    }

    private static boolean live(TaskRecord t) {
        return !TaskStates.terminal(t.state());
    }

    /** Running, and healthy when the plan checks health: a new task has then finished updating. */
    private boolean up(TaskRecord t) {
        return TaskStates.running(t.state()) && (!plan.template().hasHealthCheck() || t.healthy().orElse(false));
    }

    /** Live tasks of another version the scheduler still wants running: what replacing the slot stops. */
    private List<TaskRecord> old(List<TaskRecord> tasks) {
        return tasks.stream().filter(t -> live(t) && !current(t) && t.desired() == TaskRecord.Desired.RUN).toList();
    }

    /** A live task of another version the scheduler wants running, or two (swarmkit isSlotDirty). */
    private boolean isDirty(List<TaskRecord> tasks) {
        List<TaskRecord> running = tasks.stream().filter(t -> live(t) && t.desired() == TaskRecord.Desired.RUN).toList();
        return running.size() > 1 || running.size() == 1 && !current(running.getFirst());
    }

    /** Old tasks of a slot where a task of this version is up: start-first's second half, and leftovers. */
    private List<TaskRecord> superseded(List<TaskRecord> tasks) {
        return tasks.stream().anyMatch(t -> current(t) && live(t) && up(t)) ? old(tasks) : List.of();
    }

    /** The first task of this version launched in the slot since {@code at}: the one the update launched. */
    private Optional<TaskRecord> launchedSince(List<TaskRecord> tasks, Instant at) {
        return tasks.stream().filter(t -> current(t) && !t.createdAt().isBefore(at))
                .min(Comparator.comparing(TaskRecord::createdAt).thenComparingInt(TaskRecord::attempt));
    }
}
