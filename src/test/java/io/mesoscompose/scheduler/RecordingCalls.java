package io.mesoscompose.scheduler;

import io.mesoscompose.mesos.SchedulerCalls;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;

/** A SchedulerCalls that only remembers what was called, in order. */
final class RecordingCalls implements SchedulerCalls {

    sealed interface Made {}
    record Accept(List<OfferID> offers, List<Offer.Operation> ops) implements Made {}
    record Decline(List<OfferID> offers, double refuseSeconds) implements Made {}
    record Revive() implements Made {}
    record Suppress() implements Made {}
    record Kill(String taskId) implements Made {}
    record Ack(String taskId) implements Made {}
    record Reconcile(List<String> taskIds) implements Made {}

    final List<Made> made = new CopyOnWriteArrayList<>();

    List<TaskInfo> launched() {
        return made.stream().filter(m -> m instanceof Accept).map(m -> (Accept) m)
                .flatMap(a -> a.ops().stream()).flatMap(op -> op.getLaunch().getTaskInfosList().stream()).toList();
    }

    <T extends Made> List<T> of(Class<T> type) {
        return made.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /**
     * The calls of a type once {@code done} holds for them, or as they are after 5 s: acknowledgements go out from
     * threads of their own, after the step that stored their updates.
     */
    <T extends Made> List<T> awaitOf(Class<T> type, Predicate<List<T>> done) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<T> now = of(type);
        while (!done.test(now) && System.nanoTime() < deadline) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
            now = of(type);
        }
        return now;
    }

    @Override public void accept(Collection<OfferID> offerIds, List<Offer.Operation> operations, Filters filters) {
        made.add(new Accept(List.copyOf(offerIds), List.copyOf(operations)));
    }
    @Override public void decline(Collection<OfferID> offerIds, Filters filters) {
        made.add(new Decline(List.copyOf(offerIds), filters.getRefuseSeconds()));
    }
    @Override public void revive(Collection<String> roles) { made.add(new Revive()); }
    @Override public void suppress(Collection<String> roles) { made.add(new Suppress()); }
    @Override public void kill(TaskID taskId, Optional<AgentID> agentId) {
        killAsync(taskId, agentId).join(); // a master that answers late holds a caller that waits
    }
    @Override public CompletableFuture<Void> killAsync(TaskID taskId, Optional<AgentID> agentId) {
        made.add(new Kill(taskId.getValue()));
        return answer(holdKills, heldKills);
    }
    /** When set, KILL calls are answered only when the test completes their answers here, oldest first. */
    volatile boolean holdKills;
    final List<CompletableFuture<Void>> heldKills = new CopyOnWriteArrayList<>();
    @Override public void acknowledge(TaskStatus status) {
        made.add(new Ack(status.getTaskId().getValue()));
        acknowledged.add(status);
    }
    /** The statuses acknowledged, as handed over. */
    final List<TaskStatus> acknowledged = new CopyOnWriteArrayList<>();
    @Override public CompletableFuture<Void> acknowledgeAsync(TaskStatus status) {
        acknowledge(status);
        return answer(holdAcknowledgements, heldAcknowledgements);
    }
    @Override public CompletableFuture<Void> acceptAsync(Collection<OfferID> offerIds, List<Offer.Operation> operations,
                                                         Filters filters) {
        accept(offerIds, operations, filters);
        return answer(holdAccepts, heldAccepts);
    }

    /** When set, ACKNOWLEDGE calls are answered only by {@link #answerAcknowledgements} (a busy master). */
    volatile boolean holdAcknowledgements;
    private final java.util.Queue<CompletableFuture<Void>> heldAcknowledgements =
            new java.util.concurrent.ConcurrentLinkedQueue<>();
    /** When set, ACCEPT calls are answered only when the test completes their answers here, oldest first. */
    volatile boolean holdAccepts;
    final List<CompletableFuture<Void>> heldAccepts = new CopyOnWriteArrayList<>();

    /** An answer at once, or one held in {@code held} for the test to give. */
    private static CompletableFuture<Void> answer(boolean hold, java.util.Collection<CompletableFuture<Void>> held) {
        if (!hold) {
            return CompletableFuture.completedFuture(null);
        }
        CompletableFuture<Void> answer = new CompletableFuture<>();
        held.add(answer);
        return answer;
    }

    /** Answers the oldest {@code n} ACKNOWLEDGE calls held, with {@code failure} when not null. */
    void answerAcknowledgements(int n, Throwable failure) {
        for (int i = 0; i < n; i++) {
            CompletableFuture<Void> answer = heldAcknowledgements.remove();
            if (failure == null) {
                answer.complete(null);
            } else {
                answer.completeExceptionally(failure);
            }
        }
    }
    @Override public void reconcile(List<Call.Reconcile.Task> tasks) {
        made.add(new Reconcile(tasks.stream().map(t -> t.getTaskId().getValue()).toList()));
        CompletableFuture<Void> answer = reconcileAnswer;
        if (answer != null) {
            answer.join(); // a master that answers the call only later
        }
    }
    @Override public CompletableFuture<Void> reconcileAsync(List<Call.Reconcile.Task> tasks) {
        made.add(new Reconcile(tasks.stream().map(t -> t.getTaskId().getValue()).toList()));
        CompletableFuture<Void> answer = reconcileAnswer;
        return answer != null ? answer : CompletableFuture.completedFuture(null);
    }

    /** When set, RECONCILE is answered once this completes (a master still queueing its 100,000 answers). */
    volatile CompletableFuture<Void> reconcileAnswer;
    @Override public void message(AgentID agentId, ExecutorID executorId, com.google.protobuf.ByteString data) { }
    @Override public void teardown() { }
}
