package io.mesoscompose.scheduler;

import io.mesoscompose.state.TaskRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.mesos.v1.Protos.TaskStatus;

/** Folds a Mesos TaskStatus into a TaskRecord. Pure. */
final class StatusUpdates {

    /** Executors report the exit code only in the message ("Command exited with status 3"). */
    private static final Pattern EXIT = Pattern.compile("exited with status (-?\\d+)");

    private StatusUpdates() {}

    static TaskRecord apply(TaskRecord t, TaskStatus status, Instant now) {
        String state = status.getState().name();
        // A reconciliation answer's message ("Reconciliation: Latest task state") says nothing of a task still alive
        boolean tells = status.hasMessage() && !status.getMessage().isBlank()
                && (!answersReconciliation(status) || TaskStates.terminal(state));
        Optional<String> message = tells ? kept(t.message(), status.getMessage()) : t.message();
        Optional<Integer> exit = t.exitCode();
        if (status.hasMessage()) {
            Matcher m = EXIT.matcher(status.getMessage());
            if (m.find()) {
                exit = Optional.of(Integer.parseInt(m.group(1)));
            }
        }
        if (exit.isEmpty() && state.equals("TASK_FINISHED")) {
            exit = Optional.of(0);
        }
        Optional<Boolean> healthy = status.hasHealthy() ? Optional.of(status.getHealthy()) : t.healthy();
        Optional<String> agent = status.hasAgentId() ? kept(t.agentId(), status.getAgentId().getValue()) : t.agentId();
        List<TaskRecord.Transition> history = new ArrayList<>(t.history());
        if (!state.equals(t.state())) {
            history.add(new TaskRecord.Transition(state, now,
                    status.hasReason() ? Optional.of(status.getReason().name()) : Optional.empty()));
        }
        return new TaskRecord(t.taskId(), t.project(), t.service(), t.replica(), t.projectVersion(), t.fingerprint(),
                agent, t.hostname(), state, t.desired(), t.hostPorts(), message, exit, healthy, t.attempt(),
                t.createdAt(), now, history);
    }

    /**
     * {@code known} when it holds {@code value} already, else {@code value}: a record keeps the string it has rather
     * than the update's copy. Each update brings its own copy of the agent's ID; kept, the 100,000 records of a large
     * launch would hold 100,000 copies where the launch gave them one per agent.
     */
    private static Optional<String> kept(Optional<String> known, String value) {
        return known.isPresent() && known.get().equals(value) ? known : Optional.of(value);
    }

    /**
     * Whether an update leaves what is stored about a task as it was (a reconciliation answer for a task known to
     * run, a repeated update): then it need not be written again, which spares one fsync per task when thousands
     * of tasks are reconciled. Messages and timestamps alone are not worth a write, and neither is TASK_STARTING
     * after TASK_STAGING: both say "being launched", and should the framework stop before its next write, the
     * master tells the task's latest state at reconciliation (it forgets only terminal states once acknowledged,
     * and those are always written first). For the same reason TASK_RUNNING is not worth a write either, unless
     * {@code runningWritten} ({@link SchedulerSettings#runningWritten}: standbys read the store). A launch of many
     * tasks writes each task once (twice with {@code runningWritten}) instead of three times. A change of health,
     * agent or exit code is always written.
     */
    static boolean sameDurableFacts(TaskRecord before, TaskRecord after, boolean runningWritten) {
        boolean launched = unwrittenStates(before.state(), runningWritten);
        return launched == unwrittenStates(after.state(), runningWritten)
                && (launched || before.state().equals(after.state()))
                && before.agentId().equals(after.agentId())
                && before.healthy().equals(after.healthy()) && before.exitCode().equals(after.exitCode());
    }

    /**
     * Whether a reconciliation answer only confirms what is known: the same state, agent and health. Then the record
     * is left as it is (its message stays the last real one, not "Reconciliation: Latest task state"), so reconciling
     * 100,000 running tasks after a restart writes, logs and republishes nothing.
     */
    static boolean confirms(TaskRecord known, TaskStatus status) {
        return answersReconciliation(status) && sameStateAgentAndHealth(known, status);
    }

    /**
     * Whether an update changes nothing the record holds: a reconciliation answer that {@link #confirms} it, or an
     * update sent again with the same state, agent, health and message (its acknowledgement was lost: after a
     * restart the master sends every unacknowledged update again, tens of thousands at scale). It is acknowledged
     * and otherwise left alone, as applying it would change nothing but the record's time.
     */
    static boolean changesNothing(TaskRecord known, TaskStatus status) {
        return confirms(known, status) || (sameStateAgentAndHealth(known, status)
                && (!status.hasMessage() || status.getMessage().isBlank()
                        || known.message().filter(status.getMessage()::equals).isPresent()));
    }

    /** Whether the master sent this update in answer to a reconciliation (it tells the latest state, not a change). */
    static boolean answersReconciliation(TaskStatus status) {
        return status.getReason() == TaskStatus.Reason.REASON_RECONCILIATION;
    }

    private static boolean sameStateAgentAndHealth(TaskRecord known, TaskStatus status) {
        return status.getState().name().equals(known.state())
                && (!status.hasAgentId() || known.agentId().filter(status.getAgentId().getValue()::equals).isPresent())
                && (!status.hasHealthy() || known.healthy().filter(h -> h == status.getHealthy()).isPresent());
    }

    /** The states of a launched task among which a change alone is not written (see {@link #sameDurableFacts}). */
    private static boolean unwrittenStates(String state, boolean runningWritten) {
        return state.equals("TASK_STAGING") || state.equals("TASK_STARTING")
                || (!runningWritten && state.equals("TASK_RUNNING"));
    }

    static TaskRecord desiredKill(TaskRecord t, Instant now) {
        return new TaskRecord(t.taskId(), t.project(), t.service(), t.replica(), t.projectVersion(), t.fingerprint(),
                t.agentId(), t.hostname(), t.state(), TaskRecord.Desired.KILL, t.hostPorts(), t.message(), t.exitCode(),
                t.healthy(), t.attempt(), t.createdAt(), now, t.history());
    }
}
