package io.mesoscompose.api.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One task as the API lists it. The first four keys are spelled as the Go mesos-compose writes them, because the
 * Mesos CLI's compose plugin reads exactly {@code TaskID}, {@code task_name}, {@code State} and
 * {@code MesosAgent.hostname}; the rest are ours.
 *
 * @param state          the Mesos task state name ({@code TASK_RUNNING}, ...), {@code LAUNCHING} before the first
 *                       update, or {@value #PENDING} for a replica that waits for an offer (v0 list only)
 * @param desired        {@code RUN}, or {@code KILL} once the scheduler decided to stop it
 * @param projectVersion the project version whose plan launched it
 * @param hostPorts      host port chosen per published port (key as in the plan, e.g. {@code 80/tcp})
 * @param message        the last status message Mesos gave (why it failed, ...)
 */
public record TaskView(
        @JsonProperty("TaskID") String taskId,
        @JsonProperty("task_name") String taskName,
        @JsonProperty("State") String state,
        @JsonProperty("MesosAgent") Agent mesosAgent,
        @JsonProperty("project") String project,
        @JsonProperty("service") String service,
        @JsonProperty("replica") int replica,
        @JsonProperty("project_version") long projectVersion,
        @JsonProperty("desired") String desired,
        @JsonProperty("host_ports") Map<String, Integer> hostPorts,
        @JsonProperty("message") Optional<String> message,
        @JsonProperty("exit_code") Optional<Integer> exitCode,
        @JsonProperty("healthy") Optional<Boolean> healthy,
        @JsonProperty("attempt") int attempt,
        @JsonProperty("created_at") Instant createdAt,
        @JsonProperty("updated_at") Instant updatedAt) {

    /**
     * The state of a replica not launched yet: the Go mesos-compose stores each task before launch and lists it with
     * this state once it is scheduled (scheduler/heartbeat.go), so the Mesos CLI's {@code compose list} shows it.
     */
    public static final String PENDING = "__NEW";

    public TaskView {
        hostPorts = Map.copyOf(hostPorts);
    }

    /**
     * A replica that waits for an offer, as a list entry: no task ID and no agent yet, the reason it waits as the
     * message, the time its project version was applied as its times.
     */
    public static TaskView pending(PendingTask p, String taskName, long projectVersion, Instant since) {
        return new TaskView("", taskName, PENDING, Agent.NONE, p.project(), p.service(), p.replica(), projectVersion,
                "RUN", Map.of(), Optional.of(p.reason()), Optional.empty(), Optional.empty(), 0, since, since);
    }

    /** The agent a task runs on, keyed as the Go project's {@code MesosSlaves}; empty strings before placement. */
    public record Agent(@JsonProperty("id") String id, @JsonProperty("hostname") String hostname) {
        public static final Agent NONE = new Agent("", "");
    }

    @JsonIgnore
    public boolean isRunning() {
        return isRunning(state);
    }

    public static boolean isRunning(String state) {
        return "TASK_RUNNING".equals(state);
    }

    /** Ended for good: Mesos will send no more updates for it (TASK_UNREACHABLE is not: it may come back). */
    @JsonIgnore
    public boolean isTerminal() {
        return isTerminal(state);
    }

    public static boolean isTerminal(String state) {
        return TERMINAL.contains(state);
    }

    /** Ended by a failure rather than by finishing or being killed. */
    @JsonIgnore
    public boolean isFailed() {
        return isFailed(state);
    }

    public static boolean isFailed(String state) {
        return isTerminal(state) && !"TASK_FINISHED".equals(state) && !"TASK_KILLED".equals(state);
    }

    /** Launched but not yet running. */
    @JsonIgnore
    public boolean isStaging() {
        return isStaging(state);
    }

    public static boolean isStaging(String state) {
        return STAGING.contains(state);
    }

    private static final Set<String> TERMINAL = Set.of("TASK_FINISHED", "TASK_FAILED",
            "TASK_KILLED", "TASK_ERROR", "TASK_LOST", "TASK_DROPPED", "TASK_GONE", "TASK_GONE_BY_OPERATOR");
    private static final Set<String> STAGING = Set.of("LAUNCHING", "TASK_STAGING",
            "TASK_STARTING");
}
