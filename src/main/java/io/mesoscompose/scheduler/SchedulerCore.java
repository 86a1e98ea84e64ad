package io.mesoscompose.scheduler;

import io.mesoscompose.compose.model.Deploy.UpdateConfig;
import io.mesoscompose.mesos.MesosCallException;
import io.mesoscompose.mesos.MesosEvent;
import io.mesoscompose.mesos.SchedulerCalls;
import io.mesoscompose.plan.ProjectPlan;
import io.mesoscompose.plan.ServicePlan;
import io.mesoscompose.state.ProjectRecord;
import io.mesoscompose.state.ProjectRecord.UpdateStatus;
import io.mesoscompose.state.StateChange;
import io.mesoscompose.state.StateStore;
import io.mesoscompose.state.TaskRecord;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.Collectors;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.Attribute;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's state and reactions. Runs only on the loop thread (see {@link Scheduler}); no locks.
 * Durable first: every decision is committed to the store before Mesos hears of it.
 */
final class SchedulerCore {

    private static final Logger LOG = LoggerFactory.getLogger(SchedulerCore.class);
    /** What follows a failed call, as its warning says. */
    private static final String NEXT_SUBSCRIPTION = "waiting for the next subscription";
    private static final String UNANSWERED_ASKED_AGAIN = "tasks without an answer are asked about again after the timeout";
    /** Offers of hosts outside HOST_CONSTRAINT_LIST are refused this long (a day): they will never be used. */
    private static final double OTHER_HOSTS_REFUSE_SECONDS = 86_400;

    private final StateStore store;
    private final SchedulerCalls calls;
    private final Launcher launcher;
    private final Clock clock;
    private final SchedulerSettings settings;
    private final Consumer<SchedulerEvent> events;
    private final SchedulerMetrics metrics;

    final Map<String, ProjectRecord> projects = new LinkedHashMap<>();
    final Map<String, ProjectPlan> plans = new LinkedHashMap<>();
    final TaskTable tasks = new TaskTable();
    /** What each slot needs, kept up to date by {@link #converge}; its reasons are what the API shows as pending. */
    final PendingSlots pending;
    /** The KILLs of the tasks being stopped, sent without holding the loop and again while a task still runs. */
    private final Kills kills;
    /** Per running project, the plans of the versions its record keeps (current and earlier), for rollbacks. */
    private final Map<String, Map<Long, ProjectPlan>> versionPlans = new HashMap<>();
    /**
     * The rolling update of each service stepped in the last convergence (in memory, as swarmkit's updater: a restart
     * begins anew); dropped when a service is not stepped (it has nothing to roll), and on an apply or a take-down.
     */
    private final Map<ServiceKey, RollingUpdate> rolling = new HashMap<>();
    /** Slots whose new task may launch beside the old one now (start-first), from the last convergence. */
    private Set<Slot> startEarly = Set.of();
    final ReconcileRound reconciliation;
    private final UpdateBatch updates;
    private final Map<ServiceKey, SchedulerEvent.ServiceProgress> lastProgress = new HashMap<>();
    /** When each service's progress was last logged at INFO. */
    private final Map<ServiceKey, Instant> progressLogged = new HashMap<>();
    private static final Duration PROGRESS_EVERY = Duration.ofSeconds(5);
    /** Projects whose plans changed since the last convergence (load, apply, scale, kill, rollback). */
    private final Set<String> replanned = new HashSet<>();
    /**
     * Tasks found unwanted ({@link #queueUnwanted}) and not marked to be killed yet, by ID in the order found: marked
     * a share per step ({@link #STOPS_PER_STEP}). Not stored: after a restart, the load's replanning finds them again.
     */
    private final Set<String> toStop = new LinkedHashSet<>();
    /**
     * Unwanted tasks marked per loop step at most (one commit): marking the 100,000 tasks of a project taken down in
     * one step held the loop, and the operator's DELETE, for a second (a commit of 100,000 records and their indexes).
     */
    static final int STOPS_PER_STEP = 1_000;
    private static final String NO_LONGER_DESIRED = "no longer desired";
    /**
     * Whether the last convergence marked a share of {@link #toStop} and left more, or forgot a share of a killed
     * project's tasks and left more ({@link Housekeeping}): then the loop steps again at once. Not after a step that
     * failed before its share (a store that refuses commits), which would step again and again, logging the same error.
     */
    private boolean stopsLeft;
    private boolean forgetting;
    /** Offers declined by the steps of this batch, by refuse seconds: one DECLINE each when the batch ends. */
    private final Map<Double, List<OfferID>> declined = new LinkedHashMap<>();
    boolean subscribed;
    /** As stored; kept here so publishing a snapshot never reads the store. */
    Optional<String> frameworkId = Optional.empty();
    private boolean suppressed;
    /** When offers were last revived; the first revive with work waiting happens at once. */
    private Instant lastRevive = Instant.EPOCH;
    /** Offers received since the last convergence: matched together, once per loop step. */
    private final List<Offer> offered = new ArrayList<>();
    /** The attributes of every agent offered so far, by agent ID: spreading counts replicas on agents not offered now. */
    private final Map<String, List<Attribute>> agentAttributes = new HashMap<>();
    /**
     * Matchings of at least this many replicas run off the loop ({@link #matcher}): matching 100,000 replicas to
     * 10,000 agents' offers takes most of a second of CPU (seconds while the JIT is still cold), and the loop keeps
     * answering operators and taking status updates meanwhile.
     */
    static final int MATCH_OFF_LOOP_FROM = 5_000;
    private final Executor matcher;
    /** Runs its argument on the loop, after what is queued there (the result of a matching run off the loop). */
    private final Consumer<Runnable> onLoop;
    /**
     * The matching running off the loop, or whose placements are being queued, if any: its offers are out of
     * {@link #offered} meanwhile, and no other matching starts.
     */
    private Optional<Matching> matching = Optional.empty();
    /**
     * A matching's placements are queued at most about this many per loop step, whole agents at a time: queueing the
     * 100,000 of a first matching at once held the loop (and an operator's apply) for a quarter of a second.
     */
    static final int PLACE_PER_STEP = 10_000;
    /** ... and for at most this long (whole agents): a step's share costs about as much as its launches. */
    static final long PLACE_STEP_NANOS = 10_000_000;
    /** The placements of the last matching not queued yet, one list per agent, with that matching. */
    private Optional<Placing> placing = Optional.empty();
    /**
     * Whether the last convergence queued a share: only then does the loop step again at once for the next (one that
     * throws before its share would otherwise step again and again, logging the same error).
     */
    private boolean shareQueued;
    /** See {@link #writesDue()}. */
    private long writesDue;
    /** Counts subscriptions and disconnections: a matching of an earlier one's offers is dropped. */
    private long connection;

    /** A matching running off the loop: the connection its offers came with, and those of them rescinded since. */
    private record Matching(long connection, Set<OfferID> rescinded) {}

    private record Placing(Matching matching, Deque<List<OfferMatcher.Launch>> agents) {}

    SchedulerCore(StateStore store, SchedulerCalls calls, Launcher launcher, Acknowledgements acknowledgements,
                  Clock clock, SchedulerSettings settings, Consumer<SchedulerEvent> events, SchedulerMetrics metrics,
                  Executor matcher, Consumer<Runnable> onLoop) {
        this.store = store;
        this.matcher = matcher;
        this.onLoop = onLoop;
        this.calls = calls;
        this.launcher = launcher;
        this.clock = clock;
        this.settings = settings;
        this.events = events;
        this.metrics = metrics;
        this.updates = new UpdateBatch(store, acknowledgements, settings.gatherUpdates().toNanos());
        this.reconciliation = new ReconcileRound(settings.reconcileTimeout());
        this.pending = new PendingSlots(settings.backoff(), settings.lostTasks());
        this.kills = new Kills(calls, () -> onLoop.accept(() -> { }));
    }

    /** Loads what the store remembers. Nothing launches until SUBSCRIBED and reconciliation. */
    void load(ResumedPlans resumed) {
        long start = System.nanoTime();
        store.projects().forEach(p -> projects.put(p.name(), p));
        store.tasks().forEach(tasks::put);
        frameworkId = store.frameworkId();
        resumed.current().forEach((name, plan) -> {
            ProjectRecord record = projects.get(name);
            if (record != null && record.desired() == ProjectRecord.Desired.RUNNING) {
                Map<Long, ProjectPlan> versions = new HashMap<>(resumed.earlier().getOrDefault(name, Map.of()));
                versions.put(record.version(), plan);
                versionPlans.put(name, versions);
                plans.put(name, Versions.running(record, versions).orElse(plan));
            }
        });
        replanned.addAll(projects.keySet());
        tasks.services().forEach(k -> replanned.add(k.project())); // tasks of a project no longer stored, too
        LOG.info("state loaded from {}: {} projects, {} tasks in {} ms", store.describe(), projects.size(), tasks.size(),
                (System.nanoTime() - start) / 1_000_000);
    }

    // ---- user operations ----

    /** The version running now is kept with the new one, so that a failed update can roll back to it. */
    void apply(ProjectPlan plan, ProjectRecord record) {
        String name = record.name();
        Optional<ProjectRecord> before = Optional.ofNullable(projects.get(name))
                .filter(p -> p.desired() == ProjectRecord.Desired.RUNNING && plans.containsKey(name));
        ProjectRecord stored = record.withPrevious(before.map(ProjectRecord::asPrevious));
        store.commit(new StateChange.PutProject(stored));
        projects.put(name, stored);
        Map<Long, ProjectPlan> versions = new HashMap<>(versionPlans.getOrDefault(name, Map.of()));
        versions.put(stored.version(), plan);
        versions.keySet().retainAll(Versions.kept(stored));
        versionPlans.put(name, versions);
        plans.put(name, plan);
        replanned.add(name);
        rolling.keySet().removeIf(k -> k.project().equals(name));
        LOG.info("project {} v{} applied: {} services", name, stored.version(), plan.services().size());
        events.accept(new SchedulerEvent.ProjectApplied(name, stored.version()));
    }

    /** Durable: the count is kept in the project record, so a restarted framework keeps it. */
    void scale(String project, String service, int replicas) {
        ProjectPlan scaled = PlanEdits.scale(requirePlan(project), service, replicas);
        ProjectRecord record = projects.get(project).withReplicas(service, replicas, clock.instant());
        store.commit(new StateChange.PutProject(record));
        projects.put(project, record);
        plans.put(project, scaled);
        replanned.add(project);
        LOG.info("service {}/{} scaled to {}", project, service, replicas);
    }

    void restart(String project, String service) {
        stop(List.copyOf(tasks.of(new ServiceKey(project, service))), "restart requested");
    }

    void kill(String project) {
        ProjectRecord record = projects.get(project);
        if (record == null) {
            throw new IllegalArgumentException("no project " + project);
        }
        ProjectRecord killed = new ProjectRecord(record.name(), record.version(), record.input(), record.variables(),
                ProjectRecord.Desired.KILLED, clock.instant());
        store.commit(new StateChange.PutProject(killed));
        projects.put(project, killed);
        plans.remove(project);
        replanned.add(project);
        versionPlans.remove(project);
        rolling.keySet().removeIf(k -> k.project().equals(project));
        LOG.info("project {} killed", project);
        events.accept(new SchedulerEvent.ProjectKilled(project));
    }

    /** The service stays in the project at zero replicas (durably), so its tasks are stopped and not relaunched. */
    void kill(String project, String service) {
        scale(project, service, 0);
    }

    void killTask(String taskId) {
        stop(requireTask(taskId), "kill requested");
    }

    void restartTask(String taskId) {
        stop(requireTask(taskId), "restart requested");
    }

    /** The operator asks for no offers now; the loop revives by itself when work appears. */
    void suppress() {
        suppressed = true;
        safely(() -> calls.suppress(List.of()));
    }

    void forgetFrameworkId() {
        store.commit(new StateChange.ClearFrameworkId());
        frameworkId = Optional.empty();
        LOG.warn("framework ID forgotten: the next subscription registers as a new framework");
    }

    // ---- Mesos events ----

    void onEvent(MesosEvent event) {
        switch (event) {
            case MesosEvent.Subscribed s -> onSubscribed(s);
            case MesosEvent.Offers o -> onOffers(o.offers());
            case MesosEvent.Update u -> onUpdate(u.status());
            case MesosEvent.Disconnected d -> {
                subscribed = false;
                connection++;
                offered.clear(); // the master takes every outstanding offer back
                launcher.clear();
                pending.keepHeld(Set.of());
                declined.clear(); // offers of the ended subscription
                LOG.warn("disconnected from master: {}", d.reason());
                metrics.connection(false);
                events.accept(new SchedulerEvent.ConnectionChanged(false, d.reason()));
            }
            case MesosEvent.Error e -> LOG.error("master refused the framework: {} (if it was removed after its failover"
                    + " timeout, forget the framework ID so the next start registers anew)", e.message());
            case MesosEvent.Failure f -> LOG.warn("agent {} failed (status {})", f.agentId().map(AgentID::getValue).orElse("?"), f.status().orElse(-1));
            case MesosEvent.Rescind r -> {
                LOG.debug("offer {} rescinded", r.offerId().getValue());
                offered.removeIf(o -> o.getId().equals(r.offerId()));
                matching.ifPresent(m -> m.rescinded().add(r.offerId()));
                Launcher.Rescinded taken = launcher.rescinded(r.offerId());
                Map<Slot, String> dropped = new HashMap<>();
                taken.dropped().forEach(slot -> dropped.put(slot, PendingSlots.NO_OFFER));
                pending.release(dropped);
                decline(taken.unused());
            }
            case MesosEvent.Heartbeat h -> { }
            case MesosEvent.InverseOffers i -> { }
            case MesosEvent.RescindInverseOffer r -> { }
            case MesosEvent.UpdateOperationStatus u -> { }
            case MesosEvent.Message m -> { }
        }
    }

    private void onSubscribed(MesosEvent.Subscribed s) {
        String fw = s.info().getFrameworkId().getValue();
        store.commit(new StateChange.SetFrameworkId(fw));
        frameworkId = Optional.of(fw);
        subscribed = true;
        connection++;
        suppressed = false;
        kills.subscribed(tasks.stopping());
        offered.clear();
        launcher.clear();
        pending.keepHeld(Set.of());
        List<Call.Reconcile.Task> explicit = reconciliation.begin(tasks.all(), clock.instant());
        LOG.info("subscribed as framework {} at {}; reconciling {} tasks", fw, s.masterUrl(), explicit.size());
        metrics.connection(true);
        metrics.reconciliation();
        events.accept(new SchedulerEvent.ConnectionChanged(true, s.masterUrl()));
        // Not waited for: the loop takes the answers meanwhile. The master answers the call once it has queued them
        // all (src/master/http.cpp: master->reconcile(...), then Accepted(); Master::reconcile sends each update
        // inside it), ~1 s for 100,000 tasks. Tasks left unanswered are asked about again at the round's timeout;
        // the implicit reconciliation follows the explicit round ({@link #reconcileAgain}).
        if (!explicit.isEmpty()) {
            sent(calls.reconcileAsync(explicit), UNANSWERED_ASKED_AGAIN);
        }
    }

    /** Offers are kept until the step's end, then matched together ({@link #placeOffers}). */
    private void onOffers(List<Offer> received) {
        metrics.offersReceived(received.size());
        for (Offer o : usableHosts(received)) {
            agentAttributes.put(o.getAgentId().getValue(), o.getAttributesList());
            offered.add(o);
        }
    }

    /** The offers of hosts {@code HOST_CONSTRAINT_LIST} allows; the others are declined for a long time. */
    private List<Offer> usableHosts(List<Offer> offers) {
        if (settings.hosts().isEmpty()) {
            return offers;
        }
        Map<Boolean, List<Offer>> byHost = offers.stream()
                .collect(Collectors.partitioningBy(o -> settings.acceptsHost(o.getHostname())));
        if (!byHost.get(false).isEmpty()) {
            LOG.debug("declining {} offers of hosts outside HOST_CONSTRAINT_LIST", byHost.get(false).size());
            decline(byHost.get(false), OTHER_HOSTS_REFUSE_SECONDS);
        }
        return byHost.get(true);
    }

    private void onUpdate(org.apache.mesos.v1.Protos.TaskStatus status) {
        String id = status.getTaskId().getValue();
        if (reconciliation.answered(id)) {
            LOG.info("reconciliation complete: the master answered for {}", reconciliation.describe(clock.instant()));
        }
        Optional<TaskRecord> found = tasks.get(id);
        if (found.isEmpty()) {
            if (!TaskStates.terminal(status.getState().name())) {
                LOG.warn("master reports task {} ({}) we did not want: killing it", id, status.getState());
                kills.kill(status.getTaskId(), status.hasAgentId() ? Optional.of(status.getAgentId()) : Optional.empty());
            }
        } else if (!StatusUpdates.changesNothing(found.get(), status)) { // else nothing to write, log or publish
            TaskRecord known = found.get();
            TaskRecord updated = StatusUpdates.apply(known, status, clock.instant());
            if (!StatusUpdates.sameDurableFacts(known, updated, settings.runningWritten())) {
                // written, with the batch's others, by flush() before the acknowledgement
                updates.changed(updated);
            }
            tasks.put(updated);
            if (!known.state().equals(updated.state())) {
                if (LOG.isDebugEnabled()) { // two per launched task: not made when not logged
                    LOG.debug("task {} ({}/{}#{}) {} -> {}{}", id, updated.project(), updated.service(),
                            updated.replica(), known.state(), updated.state(),
                            updated.message().map(m -> ": " + m).orElse(""));
                }
                metrics.taskState(updated.state());
                // not after a restart: the task was launched before it, by another run of the framework
                if (TaskStates.running(updated.state()) && !TaskStates.running(known.state())
                        && !StatusUpdates.answersReconciliation(status)) {
                    metrics.launchLatency(Duration.between(known.createdAt(), clock.instant()));
                }
                events.accept(new SchedulerEvent.TaskStateChanged(updated));
            }
        }
        updates.acknowledgeLater(status);
    }

    /**
     * Writes the status updates of the steps just run, then acknowledges them (see {@link UpdateBatch}); declines
     * the offers they did not use, in one call (a master that sends many OFFERS events, e.g. right after SUBSCRIBED,
     * is not answered with as many calls).
     */
    void flush() {
        writesDue = updates.flush(tasks.asMap(), subscribed);
        sendDeclines();
    }

    /** The next {@link #flush} writes the updates gathered, however recent the last write. */
    void writeGatheredNow() {
        updates.writeNow();
    }

    /** 0, or the nanoseconds after which the loop must flush again: updates gathered wait to be written. */
    long writesDue() {
        return writesDue;
    }

    /** One DECLINE per refuse filter for the offers declined since the last. */
    private void sendDeclines() {
        Map<Double, List<OfferID>> batch = new LinkedHashMap<>(declined);
        declined.clear();
        batch.forEach((refuseSeconds, ids) -> sent(calls.declineAsync(ids,
                Filters.newBuilder().setRefuseSeconds(refuseSeconds).build())));
    }

    void close() {
        updates.close();
        launcher.close();
        metrics.close();
    }

    // ---- convergence, after every step ----

    /**
     * @param hurry whether an operator waits for this step: placements are then carried out in a small share only
     *              (see {@link Launcher}), and the rest in the next steps
     */
    void converge(BooleanSupplier hurry) {
        Instant now = clock.instant();
        shareQueued = false;
        stopsLeft = false;
        forgetting = false;
        reconcileAgain(now);
        Set<String> changed = Set.copyOf(replanned);
        replanned.clear(); // a rollback below adds its project again, for the next convergence
        if (!changed.isEmpty()) {
            queueUnwanted(changed);
        }
        stopUnwanted();
        stepRollingUpdates(changed, now);
        sendKills(now);
        housekeeping();
        pending.refresh(plans.values(), tasks, now, startEarly);
        placeShare(hurry, false);
        placeOffers();
        launchQueued(hurry);
        reportProgress(now);
        // Replicas whose placements wait to be queued (placeShare) are placed: they need no offer.
        reviveOrSuppress(pending.hasUnplaced() && placing.isEmpty(), now);
        sendDeclines(); // what the matching left unused, now rather than after the next batch
    }

    /**
     * Placements, stops or a killed project's forgetting wait to be carried out, and may be now: the loop runs again at
     * once rather than at the next event (while too many ACCEPTs are unanswered, the launcher wakes it when an answer
     * comes).
     */
    boolean busy() {
        return launcher.ready() || placing.isPresent() && shareQueued || stopsLeft || forgetting;
    }

    /**
     * Tasks not answered by reconciliation in time are asked about again. Once the first explicit round has ended,
     * the master is asked about every task it knows (implicit), to learn of tasks the framework does not know.
     */
    private void reconcileAgain(Instant now) {
        if (!subscribed) {
            return;
        }
        int unanswered = reconciliation.awaiting();
        List<Call.Reconcile.Task> again = reconciliation.dueAgain(tasks.all(), now);
        if (!again.isEmpty()) {
            LOG.warn("no reconciliation answer yet for {} tasks; asking again", unanswered);
            sent(calls.reconcileAsync(again), UNANSWERED_ASKED_AGAIN);
        }
        if (reconciliation.takeImplicit()) {
            LOG.debug("asking the master for every task it knows (implicit reconciliation)");
            sent(calls.reconcileAsync(List.of()), "the next subscription asks again");
        }
    }

    /**
     * Tasks no slot wants any more (scaled away, service removed, project killed) are queued to be stopped, and logged
     * as stopping. Only a change of plans makes a task unwanted (the scheduler launches only wanted ones), so this runs
     * after one, over the tasks of the projects whose plans changed (an apply of a small project does not look at the
     * 100,000 tasks of another).
     */
    private void queueUnwanted(Set<String> changed) {
        for (ServiceKey key : tasks.services()) {
            if (!changed.contains(key.project()) || !mayStop(key.project())) {
                continue;
            }
            int wanted = Desired.replicas(plans, key.project(), key.service());
            int found = 0;
            TaskRecord one = null;
            for (TaskRecord t : tasks.of(key)) {
                if (t.replica() >= wanted && stoppable(t) && toStop.add(t.taskId())) {
                    found++;
                    one = t;
                }
            }
            logStopping(key, found, one, NO_LONGER_DESIRED);
        }
    }

    /**
     * Marks the next share of the unwanted tasks to be killed, those still unwanted: a plan applied meanwhile may want
     * a task again (logged per service, as their stopping was), and a task may have ended.
     */
    private void stopUnwanted() {
        List<TaskRecord> share = new ArrayList<>();
        List<String> taken = new ArrayList<>();
        Map<ServiceKey, Integer> wantedAgain = new LinkedHashMap<>();
        for (Iterator<String> queued = toStop.iterator(); queued.hasNext() && share.size() < STOPS_PER_STEP; ) {
            String id = queued.next();
            taken.add(id);
            Optional<TaskRecord> live = tasks.get(id).filter(SchedulerCore::stoppable); // else ended meanwhile
            if (live.isEmpty()) {
                continue;
            }
            TaskRecord t = live.get();
            if (t.replica() < Desired.replicas(plans, t.project(), t.service())) {
                wantedAgain.merge(ServiceKey.of(t), 1, Integer::sum);
            } else if (mayStop(t.project())) {
                share.add(t);
            }
        }
        mark(share, NO_LONGER_DESIRED); // if the store refuses it, the share stays queued for the next step
        taken.forEach(toStop::remove);
        stopsLeft = !toStop.isEmpty();
        wantedAgain.forEach((key, count) -> LOG.info("not stopping {} of {} after all: wanted again",
                count == 1 ? "1 task" : count + " tasks", key));
    }

    /** Unwanted tasks are stopped, but those of a stored project whose plan was not resumed: they are left alone. */
    private boolean mayStop(String project) {
        ProjectRecord owner = projects.get(project);
        return owner == null || owner.desired() != ProjectRecord.Desired.RUNNING || plans.containsKey(project);
    }

    /** KILLs for the tasks being stopped: those not sent yet, and again for those still running (see {@link Kills}). */
    private void sendKills(Instant now) {
        if (subscribed) {
            kills.send(now, tasks::get);
        }
    }

    /**
     * Matches the offers received in this step against the replicas ready to launch (those not placed already) and
     * queues the placements; what is not used is declined. A matching of {@link #MATCH_OFF_LOOP_FROM} replicas or
     * more runs off the loop ({@link #matched} takes its result); offers received meanwhile wait for it, and for its
     * placements to be queued ({@link #placeShare}).
     */
    private void placeOffers() {
        if (offered.isEmpty() || matching.isPresent()) {
            return;
        }
        List<Offer> offers = List.copyOf(offered);
        offered.clear();
        if (!subscribed || reconciling() || !pending.hasUnplaced()) {
            decline(offers);
            return;
        }
        Map<String, Map<ServiceKey, Integer>> perAgent = tasks.livePerAgent();
        if (launcher.hasQueued()) {
            Map<String, Map<ServiceKey, Integer>> withQueued = new HashMap<>();
            perAgent.forEach((agent, m) -> withQueued.put(agent, new HashMap<>(m)));
            launcher.countQueued(withQueued);
            perAgent = withQueued;
        }
        List<OfferMatcher.Pending> unplaced = pending.unplaced();
        if (unplaced.size() < MATCH_OFF_LOOP_FROM) {
            OfferMatcher.Result result = match(offers, unplaced, perAgent, agentAttributes);
            placed(new Matching(connection, new HashSet<>()), result);
            placeShare(() -> false, true);
            return;
        }
        // The matcher is pure: it gets copies of what the loop goes on changing.
        Map<String, Map<ServiceKey, Integer>> counts = new HashMap<>();
        perAgent.forEach((agent, m) -> counts.put(agent, Map.copyOf(m)));
        Map<String, List<Attribute>> attributes = Map.copyOf(agentAttributes);
        Matching m = new Matching(connection, new HashSet<>());
        long start = System.nanoTime();
        CompletableFuture.supplyAsync(() -> match(offers, unplaced, counts, attributes), matcher)
                .whenComplete((result, failure) -> onLoop.accept(() -> matched(m, offers, result, failure, start)));
        matching = Optional.of(m); // after the hand-off: one refused (a closing scheduler) leaves none running
    }

    /** The placements of the replicas on the offers, keeping of the offers only what the launcher needs. Pure. */
    private static OfferMatcher.Result match(List<Offer> offers, List<OfferMatcher.Pending> unplaced,
                                             Map<String, Map<ServiceKey, Integer>> perAgent,
                                             Map<String, List<Attribute>> attributes) {
        return Launcher.keptOffers(OfferMatcher.match(offers, unplaced, perAgent, attributes));
    }

    /** On the loop: the result of a matching run off it, for what has not changed meanwhile. */
    private void matched(Matching m, List<Offer> offers, OfferMatcher.Result result, Throwable failure, long start) {
        matching = Optional.empty();
        if (m.connection() != connection) {
            return; // the connection ended meanwhile, and its offers with it
        }
        if (failure != null) {
            LOG.error("matching offers failed; they are declined", failure);
            decline(offers.stream().filter(o -> !m.rescinded().contains(o.getId())).toList());
            return;
        }
        LOG.debug("{} replicas placed on {} offers off the loop in {} ms", result.launches().size(), offers.size(),
                (System.nanoTime() - start) / 1_000_000);
        placed(m, result);
        // A replica placed meanwhile cannot be: none is placed while a matching runs. One no longer wanted (scaled
        // away, another plan) is dropped by the launcher, which checks every placement before carrying it out.
    }

    /**
     * Declines the offers the matching left unused and gives its placements to {@link #placeShare}, which queues them
     * a share per step ({@link #PLACE_PER_STEP}); no other matching starts until the last is queued.
     */
    private void placed(Matching m, OfferMatcher.Result result) {
        decline(result.unused().stream().filter(o -> !m.rescinded().contains(o.getId())).toList());
        pending.placed(List.of(), result.reasons());
        Map<String, List<OfferMatcher.Launch>> byAgent = new LinkedHashMap<>();
        result.launches().forEach(l -> byAgent.computeIfAbsent(l.offer().getAgentId().getValue(), a -> new ArrayList<>())
                .add(l));
        placing = Optional.of(new Placing(m, new ArrayDeque<>(byAgent.values())));
        matching = Optional.of(m);
    }

    /**
     * Queues the next share of the placements being queued but those on offers rescinded since; the offers of an agent
     * whose placements were all dropped so are declined. Whole agents: an agent's placements share its offers. A
     * share ends after {@link #PLACE_PER_STEP} placements or {@link #PLACE_STEP_NANOS}; none is queued in a step an
     * operator waits for (the next step goes on), but when {@code all} (a matching made in this step, small).
     */
    private void placeShare(BooleanSupplier hurry, boolean all) {
        if (placing.isEmpty()) {
            return;
        }
        Placing p = placing.get();
        if (p.matching().connection() != connection) {
            placing = Optional.empty(); // the connection ended, and the offers with it
            matching = Optional.empty();
            return;
        }
        shareQueued = true;
        if (!all && hurry.getAsBoolean()) {
            return;
        }
        long deadline = System.nanoTime() + PLACE_STEP_NANOS;
        int queued = 0;
        while (!p.agents().isEmpty() && (all || queued < PLACE_PER_STEP && System.nanoTime() < deadline)) {
            List<OfferMatcher.Launch> agent = p.agents().poll();
            queued += agent.size();
            queue(agent, p.matching().rescinded());
        }
        if (p.agents().isEmpty()) {
            placing = Optional.empty();
            matching = Optional.empty();
        }
    }

    /** Queues one agent's placements but those on offers rescinded; its offers none of them uses are declined. */
    private void queue(List<OfferMatcher.Launch> agent, Set<OfferID> rescinded) {
        Map<Boolean, List<OfferMatcher.Launch>> onRescinded = agent.stream().collect(Collectors.partitioningBy(
                l -> l.offers().stream().anyMatch(o -> rescinded.contains(o.getId()))));
        List<OfferMatcher.Launch> launches = onRescinded.get(false);
        launcher.enqueue(launches);
        pending.placed(launches.stream().map(OfferMatcher.Launch::slot).toList(), Map.of());
        decline(Launcher.stranded(onRescinded.get(true), launches, rescinded));
    }

    /**
     * Carries out the next share of the queued placements that are still wanted (a slot still ready, with the same
     * plan); the slots taken from the queue without a task wait again.
     */
    private void launchQueued(BooleanSupplier hurry) {
        if (!launcher.hasQueued()) {
            return;
        }
        writesDue = updates.beforeLaunch(tasks.asMap(), subscribed);
        Launcher.Carried carried;
        try {
            carried = launcher.launchQueued(l -> pending.ready(l.slot())
                            .filter(p -> p.plan().fingerprint().equals(l.plan().fingerprint())).isPresent(),
                    tasks, name -> projects.containsKey(name) ? projects.get(name).version() : 0, hurry);
        } catch (RuntimeException e) {
            pending.keepHeld(launcher.queuedSlots()); // what was taken from the queue waits again
            if (e instanceof Launcher.NotRecorded notRecorded) {
                decline(notRecorded.offers());
                sendDeclines(); // this step ends here (the failure is logged): they go now
            }
            throw e;
        }
        pending.launched(carried.launched());
        pending.release(carried.notLaunched());
        decline(carried.unused());
    }

    /**
     * Revived at once when work appears, and again every HEARTBEAT_INTERVAL while it waits, as the Go project's
     * heartbeat does: agents declined meanwhile (with any refuse filter) are offered again. Suppressed when nothing
     * waits.
     */
    private void reviveOrSuppress(boolean work, Instant now) {
        if (!subscribed) {
            return;
        }
        if (work && (suppressed || !now.isBefore(lastRevive.plus(settings.reviveInterval())))) {
            suppressed = false;
            lastRevive = now;
            sent(calls.reviveAsync(List.of()));
        } else if (!work && !suppressed && !reconciling() && !launcher.hasQueued() && placing.isEmpty()) {
            suppressed = true;
            sent(calls.suppressAsync(List.of()));
        }
    }

    /**
     * Forgets what the store no longer needs ({@link Housekeeping}), looking at the slots in which a task ended since
     * the last time, and at a killed project once none of its tasks is live (then a share of its tasks per step, and
     * the project with the last of them). A step costs what ended in it: it looked at every task of a service in which
     * one ended, and at every task of a killed project, so taking down a project of 100,000 tasks cost a full core for
     * as long.
     */
    private void housekeeping() {
        Set<Slot> ended = tasks.takeEnded();
        List<ProjectRecord> gone = projects.values().stream()
                .filter(p -> Housekeeping.forgettable(p,
                        () -> tasks.services().stream().anyMatch(k -> k.project().equals(p.name()) && tasks.hasLive(k))))
                .toList();
        if (ended.isEmpty() && gone.isEmpty()) {
            return;
        }
        Set<String> goneNames = gone.stream().map(ProjectRecord::name).collect(Collectors.toSet());
        List<TaskRecord> look = new ArrayList<>(); // the tasks of the ended slots, but those of a project forgotten
        ended.stream().filter(slot -> !goneNames.contains(slot.project())).forEach(slot -> look.addAll(tasks.of(slot)));
        List<StateChange> changes = new ArrayList<>(Housekeeping.oldTasks(look));
        boolean more = false;
        for (ProjectRecord p : gone) {
            List<TaskRecord> some = tasks.ofProject(p.name(), Housekeeping.FORGET_PER_STEP + 1);
            changes.addAll(Housekeeping.forget(p, some, Housekeeping.FORGET_PER_STEP));
            more |= some.size() > Housekeeping.FORGET_PER_STEP;
        }
        forget(changes);
        forgetting = more;
    }

    private void forget(List<StateChange> changes) {
        if (changes.isEmpty()) {
            return;
        }
        store.commit(changes);
        for (StateChange c : changes) {
            switch (c) {
                case StateChange.DeleteTask d -> tasks.remove(d.taskId());
                case StateChange.DeleteProject d -> {
                    projects.remove(d.name());
                    LOG.info("project {} removed: all its tasks are gone", d.name());
                }
                default -> { }
            }
        }
    }

    /**
     * Publishes a service's counts when they changed since the last step, for the services whose tasks or pending
     * replicas changed; logs them at INFO at most every {@link #PROGRESS_EVERY} per service (on every change of the
     * reason replicas wait, and when the service is complete), so a launch of thousands of tasks reads as a few
     * lines per service. Each task's own transitions are logged at DEBUG.
     */
    private void reportProgress(Instant now) {
        Set<ServiceKey> look = new HashSet<>(tasks.takeChanged());
        look.addAll(pending.takeChanged());
        for (ProjectPlan p : plans.values()) {
            for (ServicePlan s : p.services()) {
                ServiceKey key = new ServiceKey(p.project(), s.service());
                if (!look.contains(key) && !desiredChanged(key, s)) {
                    continue;
                }
                PendingSlots.Waiting waiting = pending.waiting(key);
                SchedulerEvent.ServiceProgress progress = Progress.of(p.project(), s, tasks.live(key, s.replicas()),
                        waiting.count(), waiting.reasons());
                SchedulerEvent.ServiceProgress before = lastProgress.put(key, progress);
                if (progress.equals(before)) {
                    continue;
                }
                events.accept(progress);
                boolean complete = progress.running() == progress.desired() && progress.pending() == 0;
                boolean newReason = before == null || !before.pendingReason().equals(progress.pendingReason());
                Instant logged = progressLogged.get(key);
                if (complete || newReason || logged == null || !now.isBefore(logged.plus(PROGRESS_EVERY))) {
                    progressLogged.put(key, now);
                    ProjectRecord record = projects.get(p.project());
                    LOG.info(Progress.describe(progress, record == null ? 0 : record.version()));
                }
            }
        }
    }

    /** Whether the service's desired count differs from what was last reported (a scale, an apply). */
    private boolean desiredChanged(ServiceKey key, ServicePlan s) {
        SchedulerEvent.ServiceProgress last = lastProgress.get(key);
        return last == null || last.desired() != s.replicas();
    }

    // ---- rolling updates (decided by RollingUpdate, carried out here) ----

    /**
     * Steps the rolling update of every service that may have one: one in progress (or whose status says so), any
     * service after a change of plans, and any whose live tasks run another version or share a slot. For the rest
     * (every live task on the plan's version, one per slot) a step would do nothing, so it is skipped and what its
     * update kept is dropped.
     */
    private void stepRollingUpdates(Set<String> replanned, Instant now) {
        Map<ServiceKey, List<Integer>> changed = new HashMap<>();
        for (Slot slot : tasks.takeChangedSlotsForUpdates()) {
            ServiceKey key = ServiceKey.of(slot);
            if (rolling.containsKey(key)) {
                changed.computeIfAbsent(key, k -> new ArrayList<>()).add(slot.replica());
            }
        }
        Set<ServiceKey> stepped = new HashSet<>();
        List<Set<Slot>> early = new ArrayList<>();
        boolean done = false;
        try {
            for (ProjectPlan p : List.copyOf(plans.values())) {
                for (ServicePlan s : p.services()) {
                    ServiceKey key = new ServiceKey(p.project(), s.service());
                    RollingUpdate update = rolling.get(key);
                    if (replanned.contains(p.project()) || update != null && update.rolling() || updating(key)
                            || !tasks.settled(key, s.fingerprint())) {
                        stepped.add(key);
                        Set<Slot> slots = stepRollingUpdate(key, s, changed.getOrDefault(key, List.of()), now);
                        if (!slots.isEmpty()) {
                            early.add(slots);
                        }
                    }
                }
            }
            done = true;
        } finally {
            if (!done) {
                // The changes taken above were not all carried out (a stop or status the store refused): the next
                // step looks at every slot again rather than lose them.
                rolling.values().forEach(RollingUpdate::lookAgain);
            }
        }
        rolling.keySet().retainAll(stepped);
        // One service's set as it is (the same object while it does not change), so PendingSlots compares it cheaply.
        startEarly = early.size() == 1 ? early.getFirst()
                : early.stream().flatMap(Set::stream).collect(Collectors.toUnmodifiableSet());
    }

    /** Whether the service's stored update status is one a step may complete (updating, rolling back). */
    private boolean updating(ServiceKey key) {
        return Optional.ofNullable(projects.get(key.project())).map(r -> r.updates().get(key.service()))
                .filter(u -> u.state() == UpdateStatus.State.UPDATING || u.state() == UpdateStatus.State.ROLLBACK_STARTED)
                .isPresent();
    }

    /** One step of one service's update: stops, status changes and log lines; returns the slots that may start early. */
    private Set<Slot> stepRollingUpdate(ServiceKey key, ServicePlan service, Collection<Integer> changed, Instant now) {
        ProjectRecord record = projects.get(key.project());
        RollingUpdate update = rolling.computeIfAbsent(key, k -> new RollingUpdate());
        // A service without tasks (a new one) has every slot empty: no lookup per replica.
        IntFunction<List<TaskRecord>> slots = tasks.of(key).isEmpty() ? i -> List.of()
                : i -> tasks.of(new Slot(key.project(), key.service(), i));
        RollingUpdate.Step step = update.step(service, Optional.ofNullable(record.updates().get(key.service())),
                slots, changed, now);
        stop(step.stop(), "replaced by the service's " + (rollingBack(key) ? "previous" : "new") + " version");
        for (RollingUpdate.Event e : step.events()) {
            switch (e) {
                case RollingUpdate.Event.Began b -> {
                    LOG.info("{} of {} began: {} of {} replicas to replace in {} batch{} ({})", b.rollback() ? "rollback"
                            : "update", key, b.slots(), service.replicas(), b.batches(), b.batches() == 1 ? "" : "es",
                            describe(b.config()));
                    if (!b.rollback()) {
                        setStatus(key, UpdateStatus.State.UPDATING, "update in progress", now);
                    }
                }
                case RollingUpdate.Event.BatchStarted b -> {
                    LOG.info("{} of {}: batch {}/{} started (replica{} {})", b.rollback() ? "rollback" : "update", key,
                            b.batch(), b.batches(), b.replicas().size() == 1 ? "" : "s", ranges(b.replicas()));
                    if (!b.rollback()) {
                        setStatus(key, UpdateStatus.State.UPDATING, "update in progress: batch " + b.batch() + " of "
                                + b.batches(), now);
                    }
                }
                case RollingUpdate.Event.TaskFailed f -> LOG.warn("{} of {}: task {} failed ({}): {} of {} updated"
                        + " tasks failed, max_failure_ratio {}", rollingBack(key) ? "rollback" : "update", key,
                        f.task().taskId(), f.task().state(), f.failures(), f.slots(),
                        BigDecimal.valueOf(f.maxFailureRatio()).stripTrailingZeros().toPlainString());
                case RollingUpdate.Event.Paused p -> {
                    LOG.warn("{} of {} paused: {}; no further batch until a new version is applied",
                            p.rollback() ? "rollback" : "update", key, p.message());
                    setStatus(key, p.rollback() ? UpdateStatus.State.ROLLBACK_PAUSED : UpdateStatus.State.PAUSED,
                            p.message(), now);
                }
                case RollingUpdate.Event.RollBack r -> {
                    return rollBack(key, r.message(), now);
                }
                case RollingUpdate.Event.Completed c -> {
                    LOG.info("{} of {} completed: {} replicas run its {} version", c.rollback() ? "rollback" : "update",
                            key, service.replicas(), c.rollback() ? "previous" : "new");
                    setStatus(key, c.rollback() ? UpdateStatus.State.ROLLBACK_COMPLETED : UpdateStatus.State.COMPLETED,
                            c.message(), now);
                }
            }
        }
        return step.startEarly();
    }

    /** failure_action rollback: the service runs what it ran in the previous version again, by rollback_config. */
    private Set<Slot> rollBack(ServiceKey key, String message, Instant now) {
        ProjectRecord record = projects.get(key.project());
        Optional<ServicePlan> previous = Versions.previous(record, key.service(),
                versionPlans.getOrDefault(key.project(), Map.of()));
        if (previous.isEmpty()) {
            String why = message.replace("rolled back", "paused") + "; cannot roll back: no previous version of the"
                    + " service is kept";
            LOG.warn("update of {} paused: {}; no further batch until a new version is applied", key, why);
            setStatus(key, UpdateStatus.State.PAUSED, why, now);
            return Set.of();
        }
        ServicePlan back = PlanEdits.withOverride(previous.get(), record.replicas());
        LOG.warn("update of {} rolled back: {}; going back to its previous version ({})", key, message,
                describe(RollingUpdate.config(back, true)));
        setStatus(key, UpdateStatus.State.ROLLBACK_STARTED, message, now);
        plans.put(key.project(), PlanEdits.replace(plans.get(key.project()), back));
        replanned.add(key.project());
        rolling.remove(key);
        return stepRollingUpdate(key, back, List.of(), now);
    }

    private boolean rollingBack(ServiceKey key) {
        return Optional.ofNullable(projects.get(key.project()).updates().get(key.service()))
                .filter(u -> u.state() == UpdateStatus.State.ROLLBACK_STARTED).isPresent();
    }

    /** Durable before visible: a restart neither resumes a paused update nor forgets a rollback. */
    private void setStatus(ServiceKey key, UpdateStatus.State state, String message, Instant now) {
        ProjectRecord updated = projects.get(key.project()).withUpdate(key.service(), new UpdateStatus(state, message, now));
        store.commit(new StateChange.PutProject(updated));
        projects.put(key.project(), updated);
    }

    /** Replica numbers in ascending order as runs: "0-999", "3, 5-7" (a batch of 1,000 is one short line). */
    static String ranges(List<Integer> replicas) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < replicas.size(); i++) {
            int first = replicas.get(i);
            while (i + 1 < replicas.size() && replicas.get(i + 1) == replicas.get(i) + 1) {
                i++;
            }
            out.append(out.isEmpty() ? "" : ", ").append(first);
            if (replicas.get(i) != first) {
                out.append('-').append(replicas.get(i));
            }
        }
        return out.toString();
    }

    /** "parallelism 1, delay 2s, start-first, monitor 5s, failure_action pause, max_failure_ratio 0". */
    private static String describe(UpdateConfig c) {
        return "parallelism " + c.parallelism() + ", delay " + seconds(c.delay()) + ", "
                + c.order().name().toLowerCase(Locale.ROOT).replace('_', '-') + ", monitor " + seconds(c.monitor())
                + ", failure_action " + c.failureAction().name().toLowerCase(Locale.ROOT) + ", max_failure_ratio "
                + BigDecimal.valueOf(c.maxFailureRatio()).stripTrailingZeros().toPlainString();
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() + "ms";
    }

    boolean reconciling() {
        return reconciliation.holdingLaunches();
    }

    private void stop(TaskRecord t, String why) {
        stop(List.of(t), why);
    }

    /** Marks the tasks to be killed at once (an operator's request, an update's step), logged as stopping. */
    private void stop(Collection<TaskRecord> stopping, String why) {
        List<TaskRecord> live = stopping.stream().filter(SchedulerCore::stoppable).toList();
        Map<ServiceKey, List<TaskRecord>> byService = new LinkedHashMap<>();
        live.forEach(t -> byService.computeIfAbsent(ServiceKey.of(t), k -> new ArrayList<>()).add(t));
        byService.forEach((key, ts) -> logStopping(key, ts.size(), ts.get(0), why));
        mark(live, why);
    }

    private static boolean stoppable(TaskRecord t) {
        return !TaskStates.terminal(t.state()) && t.desired() != TaskRecord.Desired.KILL;
    }

    /** Marks live tasks to be killed (desired KILL), in one commit; the KILLs follow in {@link #sendKills}. */
    private void mark(List<TaskRecord> live, String why) {
        if (live.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        List<TaskRecord> marked = live.stream().map(t -> StatusUpdates.desiredKill(t, now)).toList();
        store.commit(marked.stream().<StateChange>map(StateChange.PutTask::new).toList());
        kills.stopping(marked);
        for (TaskRecord t : marked) {
            tasks.put(t);
            if (LOG.isDebugEnabled()) { // per task of a take-down: not made when not logged
                LOG.debug("stopping task {} ({}/{}#{}): {}", t.taskId(), t.project(), t.service(), t.replica(), why);
            }
        }
    }

    /**
     * One INFO line per service: a scale-down of thousands of replicas is one line (each task is at DEBUG).
     *
     * @param one one of the tasks, named when it is the only one
     */
    private static void logStopping(ServiceKey key, int count, TaskRecord one, String why) {
        if (count == 1) {
            LOG.info("stopping task {} ({}#{}): {}", one.taskId(), key, one.replica(), why);
        } else if (count > 1) {
            LOG.info("stopping {} tasks of {}: {}", count, key, why);
        }
    }

    private void decline(List<Offer> offers) {
        decline(offers, settings.refuseSeconds());
    }

    private void decline(List<Offer> offers, double refuseSeconds) {
        if (offers.isEmpty()) {
            return;
        }
        metrics.offersDeclined(offers.size());
        offers.forEach(o -> declined.computeIfAbsent(refuseSeconds, r -> new ArrayList<>()).add(o.getId()));
    }

    /** A call that fails because the connection is gone: logged; the next SUBSCRIBED repairs everything. */
    private void safely(Runnable call) {
        try {
            call.run();
        } catch (MesosCallException e) {
            callFailed(e, NEXT_SUBSCRIPTION);
        }
    }

    /**
     * A call queued on the call connection, not waited for (DECLINE, REVIVE, SUPPRESS: the master answers them with
     * nothing but 202; RECONCILE only once it has queued every answer, which the loop takes meanwhile): the loop must
     * not wait for a busy master. A failure is logged when it comes, with what happens next.
     */
    private static void sent(CompletableFuture<Void> call, String then) {
        call.whenComplete((ok, failure) -> {
            if (failure != null) {
                callFailed(Failures.unwrapped(failure), then);
            }
        });
    }

    private static void sent(CompletableFuture<Void> call) {
        sent(call, NEXT_SUBSCRIPTION);
    }

    private static void callFailed(Throwable e, String then) {
        LOG.warn("call to the master failed: {}; {}", e.getMessage(), then);
    }

    private ProjectPlan requirePlan(String project) {
        ProjectPlan plan = plans.get(project);
        if (plan == null) {
            throw new IllegalArgumentException("no running project " + project);
        }
        return plan;
    }

    private TaskRecord requireTask(String taskId) {
        return tasks.get(taskId).orElseThrow(() -> new IllegalArgumentException("no task " + taskId));
    }
}
