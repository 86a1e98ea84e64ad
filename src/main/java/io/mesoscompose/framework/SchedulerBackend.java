package io.mesoscompose.framework;

import io.mesoscompose.api.ComposeBackend;
import io.mesoscompose.api.model.ApplyResult;
import io.mesoscompose.api.model.BackendEvent;
import io.mesoscompose.api.model.DiffResult;
import io.mesoscompose.api.model.HealthStatus;
import io.mesoscompose.api.model.LogRead;
import io.mesoscompose.api.model.LogStream;
import io.mesoscompose.api.model.Outcome;
import io.mesoscompose.compose.ComposeInput;
import io.mesoscompose.logs.TaskSandboxes;
import io.mesoscompose.mesos.FrameworkStatus;
import io.mesoscompose.plan.ProjectPlan;
import io.mesoscompose.plan.ServicePlan;
import io.mesoscompose.scheduler.Scheduler;
import io.mesoscompose.scheduler.SchedulerEvent;
import io.mesoscompose.scheduler.SchedulerSnapshot;
import io.mesoscompose.state.ProjectRecord;
import io.mesoscompose.state.StateStore;
import io.mesoscompose.state.TaskRecord;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The HTTP API's view of the framework: {@link ComposeBackend} over the scheduler, the project service and the
 * state store. Reads come from the scheduler's last published snapshot (no lock, no store access); operations go
 * through the scheduler's loop and return when it has taken them.
 */
public final class SchedulerBackend extends SnapshotReads {

    private final ProjectService projects;
    private final Scheduler scheduler;
    private final StateStore store;
    private final BooleanSupplier masterConnected;
    private final Runnable reconnect;
    private final Function<String, FrameworkStatus> askMaster;
    private final TaskSandboxes sandboxes;

    /**
     * @param masterConnected whether the Mesos client is subscribed now
     * @param reconnect       the Mesos client's way to drop its subscription and subscribe again
     * @param askMaster       what the leading master says about a framework ID (the Mesos client's
     *                        {@code frameworkStatus})
     * @param sandboxes       reads tasks' output from their agents
     */
    public SchedulerBackend(ProjectService projects, Scheduler scheduler, StateStore store,
                            BooleanSupplier masterConnected, Runnable reconnect,
                            Function<String, FrameworkStatus> askMaster, TaskSandboxes sandboxes) {
        super(scheduler::snapshot);
        this.projects = projects;
        this.scheduler = scheduler;
        this.store = store;
        this.masterConnected = masterConnected;
        this.reconnect = reconnect;
        this.askMaster = askMaster;
        this.sandboxes = sandboxes;
    }

    @Override
    public ApplyResult launch(String project, ComposeInput input, Map<String, String> variables) {
        return submit(project, input, variables);
    }

    @Override
    public ApplyResult update(String project, ComposeInput input, Map<String, String> variables) {
        if (!snapshot().projects().containsKey(project)) {
            return new ApplyResult.Rejected("no project \"" + project + "\" to update; launch it first", List.of());
        }
        return submit(project, input, variables);
    }

    private ApplyResult submit(String project, ComposeInput input, Map<String, String> variables) {
        ProjectService.Submission s = projects.submit(project, input, variables);
        if (!s.accepted()) {
            return new ApplyResult.Rejected(refusal(s.errors().size()), s.diagnostics());
        }
        return new ApplyResult.Accepted(project, s.version(), s.diagnostics());
    }

    @Override
    public DiffResult diff(String project, ComposeInput input, Map<String, String> variables) {
        return diff(project, projects.prepare(project, input, variables), snapshot());
    }

    /** What applying {@code prepared} would change in {@code snap}: shared with the standby's backend. */
    static DiffResult diff(String project, ProjectService.Prepared prepared, SchedulerSnapshot snap) {
        if (prepared.plan().isEmpty()) {
            return new DiffResult.Rejected(refusal(prepared.errors().size()), prepared.findings());
        }
        Optional<ProjectRecord> running = Optional.ofNullable(snap.projects().get(project))
                .filter(r -> r.desired() == ProjectRecord.Desired.RUNNING);
        Optional<ProjectPlan> current = running.flatMap(r -> Optional.ofNullable(snap.plans().get(project)));
        return new DiffResult.Planned(ProjectDiffs.of(project, running.map(ProjectRecord::version), current,
                prepared.plan().get(), snap.tasksOf(project), prepared.findings()));
    }

    private static String refusal(int errors) {
        return errors + (errors == 1 ? " error" : " errors") + " in the compose files; nothing was changed";
    }

    @Override
    public Outcome kill(String project) {
        if (!running(project)) {
            return Outcome.notFound("no running project \"" + project + "\"");
        }
        return run(scheduler.kill(project), "project " + project + " is being taken down");
    }

    @Override
    public Outcome kill(String project, String service) {
        return service(project, service).map(x -> run(scheduler.kill(project, service),
                "service " + project + "/" + service + " is being stopped")).orElseGet(() -> noService(project, service));
    }

    @Override
    public Outcome restart(String project, String service) {
        return service(project, service).map(x -> run(scheduler.restart(project, service),
                "service " + project + "/" + service + " is being restarted")).orElseGet(() -> noService(project, service));
    }

    @Override
    public Outcome killTask(String taskId) {
        return record(taskId).map(t -> run(scheduler.killTask(taskId), "task " + taskId + " is being killed"))
                .orElseGet(() -> Outcome.notFound("no task " + taskId));
    }

    @Override
    public Outcome restartTask(String taskId) {
        return record(taskId).map(t -> run(scheduler.restartTask(taskId), "task " + taskId + " is being replaced"))
                .orElseGet(() -> Outcome.notFound("no task " + taskId));
    }

    @Override
    public Outcome scale(String project, String service, int replicas) {
        if (replicas < 0) {
            return Outcome.refused("replicas must be 0 or more, not " + replicas);
        }
        return service(project, service).map(x -> run(scheduler.scale(project, service, replicas),
                "service " + project + "/" + service + " scaled to " + replicas)).orElseGet(() -> noService(project, service));
    }

    @Override
    public Outcome reregister() {
        return run(scheduler.reregister(reconnect), "re-registering with the Mesos master");
    }

    @Override
    public Outcome suppress() {
        return run(scheduler.suppress(), "offers suppressed until work appears");
    }

    /**
     * Forgets the framework ID only when the master no longer knows it, as the Go project does (it asks the master's
     * {@code /frameworks} first): while the master keeps the framework, its tasks run under that ID, and a new
     * registration would leave them unmanaged and launch every replica a second time. Once forgotten, the framework
     * subscribes anew at once; reconciliation then finds the old tasks gone (the master killed them when it removed
     * the framework) and the scheduler launches them again.
     */
    @Override
    public Outcome forgetFrameworkId() {
        Optional<String> id = snapshot().frameworkId();
        if (id.isEmpty()) {
            return Outcome.done("no framework ID stored; the next subscription registers a new framework");
        }
        String keep = "; nothing was changed. The ID can be forgotten only once the master has removed the framework"
                + " (torn down, or its failover timeout passed); until then re-register instead"
                + " (PUT /api/compose/v0/framework/reregister)";
        if (masterConnected.getAsBoolean()) {
            return Outcome.refused("the master knows framework " + id.get() + ": this framework is subscribed with it"
                    + " now, and forgetting it would leave its tasks running unmanaged while they are launched again"
                    + " under a new ID" + keep);
        }
        return switch (askMaster.apply(id.get())) {
            case FrameworkStatus.Registered r -> Outcome.refused("the master still knows framework " + id.get() + " ("
                    + (r.connected() ? "connected" : "disconnected, its tasks kept until its failover timeout")
                    + ")" + keep);
            case FrameworkStatus.Unreachable u -> Outcome.refused("cannot ask the master whether it still knows"
                    + " framework " + id.get() + " (" + u.reason() + "); nothing was changed");
            case FrameworkStatus.Completed c -> forget(id.get(), "the master removed it");
            case FrameworkStatus.Unknown u -> forget(id.get(), "the master does not know it");
        };
    }

    private Outcome forget(String id, String why) {
        Outcome outcome = run(scheduler.forgetFrameworkId(), "framework ID " + id + " forgotten (" + why + "):"
                + " registering as a new framework; its tasks are launched again");
        if (outcome instanceof Outcome.Done) {
            reconnect.run();
        }
        return outcome;
    }

    @Override
    public HealthStatus health() {
        boolean connected = masterConnected.getAsBoolean();
        boolean storeOk;
        String detail = "";
        try {
            store.frameworkId();
            storeOk = true;
        } catch (RuntimeException e) {
            storeOk = false;
            detail = "state store " + store.describe() + " does not answer: " + e.getMessage();
        }
        if (!connected) {
            detail = (detail.isEmpty() ? "" : detail + "; ") + "not subscribed to a Mesos master";
        }
        if (!scheduler.isRunning()) {
            detail = (detail.isEmpty() ? "" : detail + "; ") + "the scheduler loop has stopped";
            return new HealthStatus(false, storeOk, detail);
        }
        return new HealthStatus(connected, storeOk, detail);
    }

    @Override
    public LogRead readLog(String taskId, LogStream stream, long offset, long length) {
        return readLog(snapshot(), sandboxes, taskId, stream, offset, length);
    }

    /** Reads a task of {@code snap} from its sandbox: shared with the standby's backend. */
    static LogRead readLog(SchedulerSnapshot snap, TaskSandboxes sandboxes, String taskId, LogStream stream,
                           long offset, long length) {
        Optional<TaskRecord> task = snap.task(taskId);
        if (task.isEmpty()) {
            return new LogRead.Missing("no task " + taskId);
        }
        if (task.get().agentId().isEmpty()) {
            return new LogRead.Missing("task " + taskId + " has not been placed on an agent yet");
        }
        if (snap.frameworkId().isEmpty()) {
            return new LogRead.Unavailable("the framework has no framework ID yet (not registered with a master)");
        }
        return sandboxes.read(new TaskSandboxes.TaskRef(snap.frameworkId().get(), task.get().agentId().get(), taskId),
                stream, offset, length);
    }

    @Override
    public AutoCloseable subscribe(Consumer<BackendEvent> listener) {
        Consumer<SchedulerEvent> adapter = e -> event(e).ifPresent(listener);
        scheduler.addListener(adapter);
        return () -> scheduler.removeListener(adapter);
    }

    private Optional<BackendEvent> event(SchedulerEvent e) {
        return switch (e) {
            case SchedulerEvent.TaskStateChanged t -> Optional.of(new BackendEvent.TaskChanged(t.task().project(),
                    t.task().service(), () -> SnapshotViews.view(t.task(), snapshot())));
            case SchedulerEvent.ProjectApplied a -> Optional.of(new BackendEvent.ProjectApplied(a.project(), a.version()));
            case SchedulerEvent.ProjectKilled k -> Optional.of(new BackendEvent.ProjectKilled(k.project()));
            case SchedulerEvent.ConnectionChanged c -> Optional.of(new BackendEvent.ConnectionChanged(c.subscribed(), c.detail()));
            case SchedulerEvent.ServiceProgress p -> Optional.empty(); // the API derives progress from task changes
        };
    }

    private SchedulerSnapshot snapshot() {
        return scheduler.snapshot();
    }

    private boolean running(String project) {
        ProjectRecord r = snapshot().projects().get(project);
        return r != null && r.desired() == ProjectRecord.Desired.RUNNING;
    }

    private Optional<ServicePlan> service(String project, String service) {
        return Optional.ofNullable(snapshot().plans().get(project))
                .flatMap(p -> p.services().stream().filter(s -> s.service().equals(service)).findFirst());
    }

    private Optional<TaskRecord> record(String taskId) {
        return snapshot().task(taskId);
    }

    private static Outcome noService(String project, String service) {
        return Outcome.notFound("no service \"" + service + "\" in a running project \"" + project + "\"");
    }

    private static Outcome run(CompletableFuture<Void> op, String done) {
        try {
            ProjectService.await(op, done);
            return Outcome.done(done);
        } catch (IllegalArgumentException e) {
            return Outcome.notFound(e.getMessage());
        } catch (IllegalStateException e) {
            return Outcome.refused(e.getMessage());
        }
    }
}
