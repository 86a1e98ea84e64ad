package io.mesoscompose.state;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One Mesos task the framework launched (or is about to: a record is written before the ACCEPT that launches it,
 * so a crash in between is found and reconciled, never launched twice).
 *
 * @param projectVersion the project version whose plan launched it
 * @param fingerprint    the ServicePlan fingerprint it was launched from (changed → replace on update)
 * @param state          the last Mesos TaskState name (TASK_RUNNING, ...), or LAUNCHING before the first update
 * @param desired        RUN, or KILL once the scheduler decided to stop it
 * @param hostPorts      host port chosen for each ServicePlan.HostPortRequest key
 * @param attempt        restarts so far of this replica slot (0 for the first launch)
 * @param history        state changes, oldest first, capped to the most recent entries
 */
public record TaskRecord(
        String taskId,
        String project,
        String service,
        int replica,
        long projectVersion,
        String fingerprint,
        Optional<String> agentId,
        Optional<String> hostname,
        String state,
        Desired desired,
        Map<String, Integer> hostPorts,
        Optional<String> message,
        Optional<Integer> exitCode,
        Optional<Boolean> healthy,
        int attempt,
        Instant createdAt,
        Instant updatedAt,
        List<Transition> history) {

    public static final int HISTORY_LIMIT = 20;

    public TaskRecord {
        hostPorts = Map.copyOf(hostPorts);
        history = List.copyOf(history.size() > HISTORY_LIMIT ? history.subList(history.size() - HISTORY_LIMIT, history.size()) : history);
    }

    public enum Desired { RUN, KILL }

    /** A state the task entered, when, and the reason Mesos gave. */
    public record Transition(String state, Instant at, Optional<String> reason) {}
}
