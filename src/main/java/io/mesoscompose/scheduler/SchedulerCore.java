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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's state and reactions. Runs only on the loop thread (see {@link Scheduler}); no locks.
 * Durable first: every decision is committed to the store before Mesos hears of it.
 */
final class SchedulerCore {

    private static final Logger LOG = LoggerFactory.getLogger(SchedulerCore.class);
    private static final Duration KILL_RETRY = Duration.ofSeconds(30);
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
    final Map<String, TaskRecord> tasks = new LinkedHashMap<>();
    Map<Slot, String> reasons = new HashMap<>();
    /** When each KILL was last sent: the master does not guarantee delivery, so an unanswered kill is sent again. */
    private final Map<String, Instant> killSent = new HashMap<>();
    /** Per running project, the plans of the versions its record keeps (current and earlier), for rollbacks. */
    private final Map<String, Map<Long, ProjectPlan>> versionPlans = new HashMap<>();
    /** What each service's rolling update remembers (in memory, as swarmkit's updater: a restart begins anew). */
    private final Map<ServiceKey, RollingUpdate.Rollout> rollouts = new HashMap<>();
    /** Slots whose new task may launch beside the old one now (start-first), from the last convergence. */
    private Set<Slot> startEarly = Set.of();
    final ReconcileRound reconciliation;
    private final UpdateBatch updates;
    private final Map<String, SchedulerEvent.ServiceProgress> lastProgress = new HashMap<>();
    /** Offers declined by the steps of this batch, by refuse seconds: one DECLINE each when the batch ends. */
    private final Map<Double, List<OfferID>> declined = new LinkedHashMap<>();
    boolean subscribed;
    /** As stored; kept here so publishing a snapshot never reads the store. */
    Optional<String> frameworkId = Optional.empty();
    private boolean suppressed;
    /** When offers were last revived; the first revive with work waiting happens at once. */
    private Instant lastRevive = Instant.EPOCH;

    SchedulerCore(StateStore store, SchedulerCalls calls, Launcher launcher, Clock clock, SchedulerSettings settings,
                  Consumer<SchedulerEvent> events, SchedulerMetrics metrics) {
        this.store = store;
        this.calls = calls;
        this.launcher = launcher;
        this.clock = clock;
        this.settings = settings;
        this.events = events;
        this.metrics = metrics;
        this.updates = new UpdateBatch(store, calls);
        this.reconciliation = new ReconcileRound(settings.reconcileTimeout());
    }

    /** Loads what the store remembers. Nothing launches until SUBSCRIBED and reconciliation. */
    void load(ResumedPlans resumed) {
        store.projects().forEach(p -> projects.put(p.name(), p));
        store.tasks().forEach(t -> tasks.put(t.taskId(), t));
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
        LOG.info("state loaded from {}: {} projects, {} tasks", store.describe(), projects.size(), tasks.size());
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
        rollouts.keySet().removeIf(k -> k.project().equals(name));
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
        LOG.info("service {}/{} scaled to {}", project, service, replicas);
    }

    void restart(String project, String service) {
        tasks.values().stream().filter(t -> t.project().equals(project) && t.service().equals(service)).toList()
                .forEach(t -> stop(t, "restart requested"));
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
        versionPlans.remove(project);
        rollouts.keySet().removeIf(k -> k.project().equals(project));
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
                declined.clear();  // offers of the ended subscription
                LOG.warn("disconnected from master: {}", d.reason());
                metrics.connection(false);
                events.accept(new SchedulerEvent.ConnectionChanged(false, d.reason()));
            }
            case MesosEvent.Error e -> LOG.error("master refused the framework: {} (if it was removed after its failover"
                    + " timeout, forget the framework ID so the next start registers anew)", e.message());
            case MesosEvent.Failure f -> LOG.warn("agent {} failed (status {})", f.agentId().map(AgentID::getValue).orElse("?"), f.status().orElse(-1));
            case MesosEvent.Rescind r -> LOG.debug("offer {} rescinded", r.offerId().getValue());
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
        suppressed = false;
        killSent.clear();
        List<Call.Reconcile.Task> explicit = reconciliation.begin(tasks.values(), clock.instant());
        LOG.info("subscribed as framework {} at {}; reconciling {} tasks", fw, s.masterUrl(), explicit.size());
        metrics.connection(true);
        metrics.reconciliation();
        events.accept(new SchedulerEvent.ConnectionChanged(true, s.masterUrl()));
        try {
            if (!explicit.isEmpty()) {
                calls.reconcile(explicit);
            }
            calls.reconcile(List.of());
        } catch (MesosCallException e) {
            LOG.warn("reconcile failed ({}); waiting for the next subscription", e.getMessage());
        }
    }

    private void onOffers(List<Offer> received) {
        metrics.offersReceived(received.size());
        List<Offer> offers = usableHosts(received);
        if (!subscribed || reconciling()) {  // before pending(): offers come often, and it looks at every task
            decline(offers);
            return;
        }
        Desired.Pending pending = pending();
        if (pending.ready().isEmpty()) {
            decline(offers);
            return;
        }
        var result = OfferMatcher.match(offers, pending.ready(), Desired.perAgent(tasks.values()));
        reasons = new HashMap<>(pending.waiting());
        reasons.putAll(result.reasons());
        List<Offer> unused = new ArrayList<>(result.unused());
        unused.addAll(launcher.launch(result.launches(), tasks, reasons,
                name -> projects.containsKey(name) ? projects.get(name).version() : 0));
        decline(unused);
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
        reconciliation.answered(id);
        TaskRecord known = tasks.get(id);
        if (known == null) {
            if (!TaskStates.terminal(status.getState().name())) {
                LOG.warn("master reports task {} ({}) we did not want: killing it", id, status.getState());
                safely(() -> calls.kill(status.getTaskId(), status.hasAgentId() ? Optional.of(status.getAgentId()) : Optional.empty()));
            }
        } else {
            TaskRecord updated = StatusUpdates.apply(known, status, clock.instant());
            if (!StatusUpdates.sameDurableFacts(known, updated)) {
                updates.changed(id); // written, with the batch's others, by flush() before the acknowledgement
            }
            tasks.put(id, updated);
            if (!known.state().equals(updated.state())) {
                LOG.info("task {} ({}/{}#{}) {} -> {}{}", id, updated.project(), updated.service(), updated.replica(),
                        known.state(), updated.state(), updated.message().map(m -> ": " + m).orElse(""));
                metrics.taskState(updated.state());
                if (TaskStates.running(updated.state()) && !TaskStates.running(known.state())) {
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
        updates.flush(tasks, subscribed);
        Map<Double, List<OfferID>> batch = new LinkedHashMap<>(declined);
        declined.clear();
        batch.forEach((refuseSeconds, ids) -> safely(() -> calls.decline(ids,
                Filters.newBuilder().setRefuseSeconds(refuseSeconds).build())));
    }

    void close() {
        updates.close();
    }

    // ---- convergence, after every step ----

    void converge() {
        Instant now = clock.instant();
        if (subscribed) {
            int unanswered = reconciliation.awaiting();
            List<Call.Reconcile.Task> again = reconciliation.dueAgain(tasks.values(), now);
            if (!again.isEmpty()) {
                LOG.warn("no reconciliation answer yet for {} tasks; asking again", unanswered);
                safely(() -> calls.reconcile(again));
            }
        }
        for (TaskRecord t : Desired.unwanted(plans, tasks.values())) {
            ProjectRecord owner = projects.get(t.project());
            if (owner != null && owner.desired() == ProjectRecord.Desired.RUNNING && !plans.containsKey(t.project())) {
                continue; // a stored project whose plan was not resumed: leave its tasks alone rather than kill them
            }
            stop(t, "no longer desired");
        }
        stepRollingUpdates(now);
        for (TaskRecord t : tasks.values()) {
            Instant sent = killSent.get(t.taskId());
            boolean due = sent == null || !now.isBefore(sent.plus(KILL_RETRY));
            if (t.desired() == TaskRecord.Desired.KILL && !TaskStates.terminal(t.state()) && due) {
                killSent.put(t.taskId(), now);
                sendKill(t);
            }
        }
        forget(Housekeeping.changes(projects.values(), tasks.values()));
        Desired.Pending pending = pending();
        Map<Slot, String> merged = new HashMap<>(pending.waiting());
        pending.ready().forEach(r -> merged.put(r.slot(), reasons.getOrDefault(r.slot(), "waiting for an offer")));
        reasons = merged;
        reportProgress();
        if (subscribed) {
            boolean work = !pending.ready().isEmpty();
            if (work && (suppressed || !now.isBefore(lastRevive.plus(settings.reviveInterval())))) {
                // Revived at once when work appears, and again every HEARTBEAT_INTERVAL while it waits, as the Go
                // project's heartbeat does: agents declined meanwhile (with any refuse filter) are offered again.
                suppressed = false;
                lastRevive = now;
                safely(() -> calls.revive(List.of()));
            } else if (!work && !suppressed && !reconciling()) {
                suppressed = true;
                safely(() -> calls.suppress(List.of()));
            }
        }
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

    /** Logs and publishes a service's counts when they changed since the last step. */
    private void reportProgress() {
        for (SchedulerEvent.ServiceProgress p : Progress.of(plans.values(), tasks.values(), reasons)) {
            String key = p.project() + "/" + p.service();
            if (!p.equals(lastProgress.put(key, p))) {
                ProjectRecord record = projects.get(p.project());
                LOG.info(Progress.describe(p, record == null ? 0 : record.version()));
                events.accept(p);
            }
        }
    }

    Desired.Pending pending() {
        return Desired.pending(plans.values(), tasks.values(), clock.instant(), settings.backoff(), startEarly,
                settings.lostTasks());
    }

    // ---- rolling updates (decided by RollingUpdate, carried out here) ----

    private record ServiceKey(String project, String service) {
        boolean owns(TaskRecord t) {
            return t.project().equals(project) && t.service().equals(service);
        }

        @Override
        public String toString() {
            return project + "/" + service;
        }
    }

    private void stepRollingUpdates(Instant now) {
        Set<Slot> early = new HashSet<>();
        for (ProjectPlan p : List.copyOf(plans.values())) {
            for (ServicePlan s : p.services()) {
                early.addAll(stepRollingUpdate(p.project(), s, now));
            }
        }
        startEarly = early;
    }

    /** One step of one service's update: stops, status changes and log lines; returns the slots that may start early. */
    private Set<Slot> stepRollingUpdate(String project, ServicePlan service, Instant now) {
        ServiceKey key = new ServiceKey(project, service.service());
        ProjectRecord record = projects.get(project);
        List<TaskRecord> mine = tasks.values().stream().filter(key::owns).toList();
        RollingUpdate.Step step = RollingUpdate.step(service, Optional.ofNullable(record.updates().get(key.service())),
                Optional.ofNullable(rollouts.get(key)), mine, now);
        step.rollout().ifPresentOrElse(r -> rollouts.put(key, r), () -> rollouts.remove(key));
        step.stop().forEach(t -> stop(t, "replaced by the service's " + (rollingBack(key) ? "previous" : "new") + " version"));
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
                            b.batch(), b.batches(), b.replicas().size() == 1 ? "" : "s",
                            b.replicas().stream().map(String::valueOf).collect(Collectors.joining(", ")));
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
        Integer scaled = record.replicas().get(key.service());
        ServicePlan back = scaled == null ? previous.get() : previous.get().withReplicas(scaled);
        LOG.warn("update of {} rolled back: {}; going back to its previous version ({})", key, message,
                describe(RollingUpdate.config(back, true)));
        setStatus(key, UpdateStatus.State.ROLLBACK_STARTED, message, now);
        plans.put(key.project(), PlanEdits.replace(plans.get(key.project()), back));
        rollouts.remove(key);
        return stepRollingUpdate(key.project(), back, now);
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
        if (TaskStates.terminal(t.state())) {
            return;
        }
        if (t.desired() != TaskRecord.Desired.KILL) {
            TaskRecord marked = StatusUpdates.desiredKill(t, clock.instant());
            store.commit(new StateChange.PutTask(marked));
            tasks.put(t.taskId(), marked);
            LOG.info("stopping task {} ({}/{}#{}): {}", t.taskId(), t.project(), t.service(), t.replica(), why);
        }
    }

    private void sendKill(TaskRecord t) {
        safely(() -> calls.kill(TaskID.newBuilder().setValue(t.taskId()).build(),
                t.agentId().map(a -> AgentID.newBuilder().setValue(a).build())));
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
            LOG.warn("call to the master failed: {}; waiting for the next subscription", e.getMessage());
        }
    }

    private ProjectPlan requirePlan(String project) {
        ProjectPlan plan = plans.get(project);
        if (plan == null) {
            throw new IllegalArgumentException("no running project " + project);
        }
        return plan;
    }

    private TaskRecord requireTask(String taskId) {
        TaskRecord t = tasks.get(taskId);
        if (t == null) {
            throw new IllegalArgumentException("no task " + taskId);
        }
        return t;
    }
}
