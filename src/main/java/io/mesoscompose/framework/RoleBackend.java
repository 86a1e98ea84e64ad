package io.mesoscompose.framework;

import io.mesoscompose.api.ComposeBackend;
import io.mesoscompose.api.model.ApplyResult;
import io.mesoscompose.api.model.BackendEvent;
import io.mesoscompose.api.model.DiffResult;
import io.mesoscompose.api.model.HealthStatus;
import io.mesoscompose.api.model.LogRead;
import io.mesoscompose.api.model.LogStream;
import io.mesoscompose.api.model.Outcome;
import io.mesoscompose.api.model.PendingTask;
import io.mesoscompose.api.model.ProjectInfo;
import io.mesoscompose.api.model.ProjectStatus;
import io.mesoscompose.api.model.TaskView;
import io.mesoscompose.compose.ComposeInput;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The API's backend of a highly available instance: the scheduler's ({@link SchedulerBackend}) while this instance
 * leads, the {@link StandbyBackend} otherwise, so the routes never ask which. {@code /health} adds the role and the
 * leader's URL. Event subscribers stay subscribed across a change of role.
 */
final class RoleBackend implements ComposeBackend {

    private static final Logger LOG = LoggerFactory.getLogger(RoleBackend.class);

    /** An event listener and its subscription to the current role's backend (guarded by the RoleBackend). */
    private static final class Subscriber {
        private final Consumer<BackendEvent> listener;
        private AutoCloseable handle;

        Subscriber(Consumer<BackendEvent> listener, AutoCloseable handle) {
            this.listener = listener;
            this.handle = handle;
        }
    }

    private final ComposeBackend standby;
    private final Supplier<Optional<String>> leader;
    private final List<Subscriber> subscribers = new ArrayList<>();  // guarded by this
    private volatile ComposeBackend current;
    private volatile boolean leading;

    /** @param leader the leader's API URL, as the election knows it now */
    RoleBackend(ComposeBackend standby, Supplier<Optional<String>> leader) {
        this.standby = standby;
        this.leader = leader;
        this.current = standby;
    }

    /** This instance leads: requests go to its scheduler. */
    synchronized void lead(ComposeBackend scheduler) {
        switchTo(scheduler, true);
    }

    /** This instance stands by: requests go to the standby's view and the leader. */
    synchronized void standBy() {
        switchTo(standby, false);
        BackendEvent.ConnectionChanged change = new BackendEvent.ConnectionChanged(false,
                "this instance stands by; " + leader.get().map(url -> "the leader is " + url).orElse("no leader yet"));
        subscribers.forEach(s -> s.listener.accept(change));
    }

    private void switchTo(ComposeBackend next, boolean nowLeading) {
        for (Subscriber s : subscribers) {
            closeQuietly(s.handle);
            s.handle = next.subscribe(s.listener);
        }
        current = next;
        leading = nowLeading;
    }

    @Override
    public HealthStatus health() {
        return current.health().withHa(new HealthStatus.Role(leading ? HealthStatus.Role.LEADER
                : HealthStatus.Role.STANDBY, leader.get()));
    }

    @Override
    public synchronized AutoCloseable subscribe(Consumer<BackendEvent> listener) {
        Subscriber s = new Subscriber(listener, current.subscribe(listener));
        subscribers.add(s);
        return () -> {
            synchronized (this) {
                subscribers.remove(s);
                closeQuietly(s.handle);
            }
        };
    }

    private static void closeQuietly(AutoCloseable handle) {
        try {
            handle.close();
        } catch (Exception e) {
            LOG.debug("closing an event subscription: {}", e.toString());
        }
    }

    // ---- everything else: the current role's ----

    @Override
    public ApplyResult launch(String project, ComposeInput input, Map<String, String> variables) {
        return current.launch(project, input, variables);
    }

    @Override
    public ApplyResult update(String project, ComposeInput input, Map<String, String> variables) {
        return current.update(project, input, variables);
    }

    @Override
    public ApplyResult apply(String project, ComposeInput input, Map<String, String> variables) {
        return current.apply(project, input, variables);
    }

    @Override
    public DiffResult diff(String project, ComposeInput input, Map<String, String> variables) {
        return current.diff(project, input, variables);
    }

    @Override
    public LogRead readLog(String taskId, LogStream stream, long offset, long length) {
        return current.readLog(taskId, stream, offset, length);
    }

    @Override
    public Outcome kill(String project) {
        return current.kill(project);
    }

    @Override
    public Outcome kill(String project, String service) {
        return current.kill(project, service);
    }

    @Override
    public Outcome restart(String project, String service) {
        return current.restart(project, service);
    }

    @Override
    public Outcome killTask(String taskId) {
        return current.killTask(taskId);
    }

    @Override
    public Outcome restartTask(String taskId) {
        return current.restartTask(taskId);
    }

    @Override
    public Outcome scale(String project, String service, int replicas) {
        return current.scale(project, service, replicas);
    }

    @Override
    public Outcome reregister() {
        return current.reregister();
    }

    @Override
    public Outcome suppress() {
        return current.suppress();
    }

    @Override
    public Outcome forgetFrameworkId() {
        return current.forgetFrameworkId();
    }

    @Override
    public List<ProjectInfo> projects() {
        return current.projects();
    }

    @Override
    public Optional<ProjectInfo> project(String name) {
        return current.project(name);
    }

    @Override
    public List<TaskView> tasks() {
        return current.tasks();
    }

    @Override
    public SortedMap<String, Long> taskCountsByState() {
        return current.taskCountsByState();
    }

    @Override
    public List<PendingTask> pending() {
        return current.pending();
    }

    @Override
    public List<TaskView> tasksOf(String project) {
        return current.tasksOf(project);
    }

    @Override
    public Optional<TaskView> task(String taskId) {
        return current.task(taskId);
    }

    @Override
    public List<PendingTask> pendingOf(String project) {
        return current.pendingOf(project);
    }

    @Override
    public ProjectStatus status(ProjectInfo project) {
        return current.status(project);  // the leader's counts are made once per snapshot
    }
}
