package io.mesoscompose.framework;

import io.mesoscompose.api.UnavailableException;
import io.mesoscompose.api.model.ApplyResult;
import io.mesoscompose.api.model.BackendEvent;
import io.mesoscompose.api.model.DiffResult;
import io.mesoscompose.api.model.HealthStatus;
import io.mesoscompose.api.model.LogRead;
import io.mesoscompose.api.model.LogStream;
import io.mesoscompose.api.model.Outcome;
import io.mesoscompose.compose.ComposeInput;
import io.mesoscompose.logs.TaskSandboxes;
import io.mesoscompose.plan.PlanSettings;
import io.mesoscompose.state.StateStore;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The API of a standby instance (high availability): reads are answered from the state this instance keeps loaded
 * ({@link HotStandby}: the shared state as stored, a few seconds old at most; nothing is pending on a standby, only
 * the leader knows the offers), as are {@code diff} (against the plans the standby keeps built) and tasks' output
 * (read from the agents, as the leader does), and every operation is carried out by the leader
 * ({@link LeaderForwarding}), so a client may talk to any instance. Without a leader (an election under way)
 * operations answer 503 with a message saying to try again ({@link UnavailableException}).
 */
public final class StandbyBackend extends SnapshotReads {

    /** How long {@code /health} waits for the state store. */
    static final Duration HEALTH_TIMEOUT = Duration.ofSeconds(1);

    private final HotStandby state;
    private final StateStore store;
    private final Supplier<Optional<String>> leader;
    private final LeaderForwarding forwarding;
    private final PlanSettings settings;
    private final TaskSandboxes sandboxes;

    /**
     * @param leader the leader's API URL, as the election knows it now
     * @param self   this instance's own URL: never forwarded to (while its role changes, the election may still
     *               name it), which would send a request round in circles
     * @param settings  how compose files are planned (for {@code diff})
     * @param sandboxes reads tasks' output from their agents
     */
    StandbyBackend(HotStandby state, StateStore store, Supplier<Optional<String>> leader, String self,
                   LeaderForwarding forwarding, PlanSettings settings, TaskSandboxes sandboxes) {
        super(state::snapshot);
        this.state = state;
        this.store = store;
        this.leader = () -> leader.get().filter(url -> !url.equals(self));
        this.forwarding = forwarding;
        this.settings = settings;
        this.sandboxes = sandboxes;
    }

    // ---- operations: the leader's ----

    @Override
    public ApplyResult launch(String project, ComposeInput input, Map<String, String> variables) {
        return leader.get().map(url -> forwarding.apply(url, project, input, variables))
                .orElseThrow(StandbyBackend::noLeader);
    }

    @Override
    public ApplyResult update(String project, ComposeInput input, Map<String, String> variables) {
        return launch(project, input, variables);  // the leader's PUT launches or updates, as it finds the project
    }

    @Override
    public ApplyResult apply(String project, ComposeInput input, Map<String, String> variables) {
        return launch(project, input, variables);  // the leader decides, on its own fresh state
    }

    @Override
    public Outcome kill(String project) {
        return forward(url -> forwarding.kill(url, project));
    }

    @Override
    public Outcome kill(String project, String service) {
        return forward(url -> forwarding.kill(url, project, service));
    }

    @Override
    public Outcome restart(String project, String service) {
        return forward(url -> forwarding.restart(url, project, service));
    }

    @Override
    public Outcome killTask(String taskId) {
        return forward(url -> forwarding.killTask(url, taskId));
    }

    @Override
    public Outcome restartTask(String taskId) {
        return forward(url -> forwarding.restartTask(url, taskId));
    }

    @Override
    public Outcome scale(String project, String service, int replicas) {
        return forward(url -> forwarding.scale(url, project, service, replicas));
    }

    @Override
    public Outcome reregister() {
        return forward(forwarding::reregister);
    }

    @Override
    public Outcome suppress() {
        return forward(forwarding::suppress);
    }

    @Override
    public Outcome forgetFrameworkId() {
        return forward(forwarding::forgetFrameworkId);
    }

    private Outcome forward(Function<String, Outcome> operation) {
        return leader.get().map(operation).orElseThrow(StandbyBackend::noLeader);
    }

    /** Answered 503 with Retry-After: nothing was done, and the same request may be sent again shortly. */
    private static UnavailableException noLeader() {
        return new UnavailableException("standby; no leader is elected at the moment (an election is under way): "
                + "nothing was done, try again in a few seconds", null);
    }

    @Override
    public DiffResult diff(String project, ComposeInput input, Map<String, String> variables) {
        return SchedulerBackend.diff(project, ProjectService.prepare(project, input, variables, settings),
                state.snapshot());
    }

    @Override
    public LogRead readLog(String taskId, LogStream stream, long offset, long length) {
        return SchedulerBackend.readLog(state.snapshot(), sandboxes, taskId, stream, offset, length);
    }

    /** Answers within about {@link #HEALTH_TIMEOUT} even when the state's server is unreachable. */
    @Override
    public HealthStatus health() {
        String role = "standby; " + leader.get().map(url -> "the leader is " + url).orElse("no leader elected");
        CompletableFuture<Optional<String>> read = new CompletableFuture<>();
        Thread.ofVirtual().name("standby-health").start(() -> {
            try {
                read.complete(store.frameworkId());
            } catch (RuntimeException e) {
                read.completeExceptionally(e);
            }
        });
        try {
            read.get(HEALTH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return new HealthStatus(false, true, role);
        } catch (ExecutionException e) {
            return new HealthStatus(false, false, role + "; state store " + store.describe() + " does not answer: "
                    + e.getCause().getMessage());
        } catch (TimeoutException e) {
            return new HealthStatus(false, false, role + "; state store " + store.describe() + " does not answer"
                    + " within " + HEALTH_TIMEOUT.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new HealthStatus(false, false, role + "; interrupted");
        }
    }

    /** A standby schedules nothing, so it has nothing to tell; the leader's API streams the events. */
    @Override
    public AutoCloseable subscribe(Consumer<BackendEvent> listener) {
        return () -> { };
    }
}
