package io.mesoscompose.scheduler;

import io.mesoscompose.state.TaskRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.mesos.v1.scheduler.Protos.Call;

/**
 * The reconciliation after each SUBSCRIBED (upstream's reconciliation.md): every task the framework believes
 * alive is asked about explicitly; while the first answers are awaited nothing new is launched, so a task that
 * still runs is never launched a second time. Tasks that stay unanswered past the timeout are asked again; they
 * keep their slots meanwhile, and every other slot may launch. Once the first explicit round ended (answered, or
 * timed out), the implicit reconciliation (an empty list) follows, for tasks the master knows and the framework does
 * not: one reconciliation at a time, as reconciliation.md advises, so that the master's answers for all tasks do not
 * hold back the explicit answers a restart waits for.
 */
final class ReconcileRound {

    private final Duration timeout;
    private final Set<String> awaiting = new HashSet<>();
    private Instant deadline = Instant.EPOCH;
    private Instant began = Instant.EPOCH;
    private int asked;
    private boolean firstRoundDone = true;
    private boolean implicitPending;

    ReconcileRound(Duration timeout) {
        this.timeout = timeout;
    }

    /** Starts a round: the explicit reconciliation request for every task not known to be ended. */
    List<Call.Reconcile.Task> begin(Collection<TaskRecord> tasks, Instant now) {
        List<Call.Reconcile.Task> explicit = Desired.reconcileList(tasks);
        awaiting.clear();
        explicit.forEach(t -> awaiting.add(t.getTaskId().getValue()));
        deadline = now.plus(timeout);
        began = now;
        asked = explicit.size();
        firstRoundDone = awaiting.isEmpty();
        implicitPending = true;
        return explicit;
    }

    /** Marks the task answered; true when it was the last one awaited. */
    boolean answered(String taskId) {
        return awaiting.remove(taskId) && awaiting.isEmpty();
    }

    /** "12000 tasks in 850 ms": what the round asked about, and how long since it began. */
    String describe(Instant now) {
        return asked + " tasks in " + Duration.between(began, now).toMillis() + " ms";
    }

    /** The tasks to ask about again, when the deadline passed with some unanswered; else empty. */
    List<Call.Reconcile.Task> dueAgain(Collection<TaskRecord> tasks, Instant now) {
        if (awaiting.isEmpty() || now.isBefore(deadline)) {
            return List.of();
        }
        firstRoundDone = true;
        deadline = now.plus(timeout);
        List<Call.Reconcile.Task> again = Desired.reconcileList(tasks).stream()
                .filter(t -> awaiting.contains(t.getTaskId().getValue())).toList();
        awaiting.retainAll(again.stream().map(t -> t.getTaskId().getValue()).toList());
        return again;
    }

    /** True once per round, when its first explicit round has ended: then the implicit reconciliation is due. */
    boolean takeImplicit() {
        if (!implicitPending || holdingLaunches()) {
            return false;
        }
        implicitPending = false;
        return true;
    }

    /** In the first window after SUBSCRIBED with answers still missing: launch nothing new. */
    boolean holdingLaunches() {
        return !awaiting.isEmpty() && !firstRoundDone;
    }

    int awaiting() {
        return awaiting.size();
    }
}
