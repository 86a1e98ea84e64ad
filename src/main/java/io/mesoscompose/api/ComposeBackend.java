package io.mesoscompose.api;

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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Everything the HTTP API needs from the framework, in the API's own records. The routes are a thin edge over this
 * one interface: the framework implements it over the scheduler, tests over an in-memory fake.
 *
 * <p>Operations return once the scheduler has taken the request (the effect then shows in {@link #tasks()} and in
 * events); they never block on Mesos. Implementations must be thread-safe: every HTTP exchange runs on its own
 * virtual thread.
 */
public interface ComposeBackend {

    /**
     * Loads, validates and plans {@code input} (its files merged in order, as {@code docker compose -f a -f b}) and
     * starts the project. A project that fails validation changes nothing.
     *
     * @param variables values for {@code ${VAR}} interpolation, as the client's environment had them
     */
    ApplyResult launch(String project, ComposeInput input, Map<String, String> variables);

    /** Like {@link #launch} for a project that runs: changed services are replaced, unchanged ones keep running. */
    ApplyResult update(String project, ComposeInput input, Map<String, String> variables);

    /**
     * Launches the project, or updates it when it runs already: what a client sending "these files, running" means.
     * Sending the same files twice changes nothing, as with the Go project, whose launch only adds missing tasks.
     */
    default ApplyResult apply(String project, ComposeInput input, Map<String, String> variables) {
        boolean runs = project(project).filter(p -> "RUNNING".equals(p.desired())).isPresent();
        return runs ? update(project, input, variables) : launch(project, input, variables);
    }

    /**
     * What {@link #apply} would do with these files, service by service (unchanged, scaled, replaced and why,
     * added, removed), or why they would be refused. Changes nothing.
     */
    DiffResult diff(String project, ComposeInput input, Map<String, String> variables);

    /** Takes the whole project down. */
    Outcome kill(String project);

    /** Kills every task of one service and keeps it at zero replicas. */
    Outcome kill(String project, String service);

    /** Replaces every task of one service with a new one. */
    Outcome restart(String project, String service);

    /** Kills one task; the service's restart policy decides whether it is replaced. */
    Outcome killTask(String taskId);

    /** Replaces one task with a new one. */
    Outcome restartTask(String taskId);

    /** Sets the number of replicas of one service. */
    Outcome scale(String project, String service, int replicas);

    /** Drops the subscription to the master and subscribes again (the CLI's "reregister"). */
    Outcome reregister();

    /** Asks the master for no more offers until work appears (the CLI's "suppress"). */
    Outcome suppress();

    /** Forgets the stored framework ID, so the next start registers as a new framework. */
    Outcome forgetFrameworkId();

    /** Every known project, in name order. */
    List<ProjectInfo> projects();

    Optional<ProjectInfo> project(String name);

    /** Every task the framework knows, live or recently ended. */
    List<TaskView> tasks();

    /** How many of {@link #tasks} are in each state (a Mesos task state), by state name. */
    default SortedMap<String, Long> taskCountsByState() {
        return tasks().stream().collect(Collectors.groupingBy(TaskView::state, TreeMap::new, Collectors.counting()));
    }

    /** One task by its ID (a backend with many tasks finds it without listing them all). */
    default Optional<TaskView> task(String taskId) {
        return tasks().stream().filter(t -> t.taskId().equals(taskId)).findFirst();
    }

    /** Replicas that wait for an offer, with the reason they cannot be placed. */
    List<PendingTask> pending();

    /**
     * The tasks of one project, in no particular order: what counting per service needs. A backend with many tasks
     * answers without sorting them or looking at other projects'.
     */
    default List<TaskView> tasksOf(String project) {
        return tasks().stream().filter(t -> t.project().equals(project)).toList();
    }

    /** The pending replicas of one project, in no particular order. */
    default List<PendingTask> pendingOf(String project) {
        return pending().stream().filter(p -> p.project().equals(project)).toList();
    }

    /**
     * The project's counts per service ({@link ServiceStatuses}). A backend with many tasks may answer from what it
     * computed for the same state before.
     */
    default ProjectStatus status(ProjectInfo project) {
        return ServiceStatuses.of(project, tasksOf(project.name()), pendingOf(project.name()));
    }

    HealthStatus health();

    /**
     * Reads a task's {@code stdout} or {@code stderr} from its sandbox on its agent, as the agent's
     * {@code /files/read} does: up to {@code length} bytes from {@code offset}, or the file's size for offset -1.
     * Blocks for at most a request timeout per HTTP call to the master and the agent.
     */
    LogRead readLog(String taskId, LogStream stream, long offset, long length);

    /**
     * Calls {@code listener} with every event from now on, in order, on the backend's thread: the listener must not
     * block. Closing the returned handle stops the calls.
     */
    AutoCloseable subscribe(Consumer<BackendEvent> listener);
}
