package io.mesoscompose.scheduler;

import com.google.protobuf.ByteString;
import io.mesoscompose.mesos.MesosCallException;
import io.mesoscompose.mesos.SchedulerCalls;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;

/**
 * The scheduler's calls, each sent once every commit made before it is durable ({@code StateStore#durable}), in the
 * order they were made: an ACCEPT after the records of its tasks, an ACKNOWLEDGE after the update it acknowledges, a
 * KILL after the mark that the task is to die — as when the loop waited for each commit's fsync, but without the
 * loop waiting. A call whose commits cannot be made durable is not sent: its future fails.
 *
 * <p>A call made while none is held and everything committed is durable goes out at once, on the caller's thread; the
 * others wait here and go out, in order, on a virtual thread when the store says their commits are durable (not on
 * the store's own thread, which a call opening a connection would hold up).
 */
final class DurableCalls implements SchedulerCalls {

    private static final Executor RELEASE = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("durable-calls").factory());

    private record Held(CompletableFuture<Void> durable, Supplier<CompletableFuture<Void>> call,
                        CompletableFuture<Void> answered) {}

    private final SchedulerCalls calls;
    private final Supplier<CompletableFuture<Void>> durable;
    private final ArrayDeque<Held> held = new ArrayDeque<>(); // guarded by this, in the order the calls were made

    /** @param durable completes once every commit made before it was asked for is durable ({@code StateStore#durable}) */
    DurableCalls(SchedulerCalls calls, Supplier<CompletableFuture<Void>> durable) {
        this.calls = calls;
        this.durable = durable;
    }

    /** Sends {@code call} once the commits made before it are durable, after the calls made before it. */
    private CompletableFuture<Void> afterDurable(Supplier<CompletableFuture<Void>> call) {
        CompletableFuture<Void> d = durable.get();
        synchronized (this) {
            if (held.isEmpty() && d.isDone() && !d.isCompletedExceptionally()) {
                return call.get();
            }
            CompletableFuture<Void> answered = new CompletableFuture<>();
            held.add(new Held(d, call, answered));
            if (held.size() == 1) {
                d.whenCompleteAsync((v, e) -> release(), RELEASE);
            }
            return answered;
        }
    }

    /**
     * Sends (or fails) the held calls whose commits are durable, in order, up to the first whose are not yet. Their
     * callers hear of the answers outside this object's lock: a caller's own lock (taken to make another call) must
     * never be taken while this one is held.
     */
    private void release() {
        List<Runnable> answers = new ArrayList<>();
        synchronized (this) {
            while (!held.isEmpty() && held.peekFirst().durable().isDone()) {
                Held h = held.pollFirst();
                CompletableFuture<Void> sent = h.durable().isCompletedExceptionally()
                        ? CompletableFuture.failedFuture(notDurable(h.durable())) : h.call().get();
                answers.add(() -> sent.whenComplete((v, e) -> {
                    if (e != null) {
                        h.answered().completeExceptionally(Failures.unwrapped(e));
                    } else {
                        h.answered().complete(null);
                    }
                }));
            }
            if (!held.isEmpty()) {
                held.peekFirst().durable().whenCompleteAsync((v, e) -> release(), RELEASE);
            }
        }
        answers.forEach(Runnable::run);
    }

    private static MesosCallException notDurable(CompletableFuture<Void> durable) {
        Throwable why = durable.handle((v, e) -> Failures.unwrapped(e)).join();
        return new MesosCallException("not sent: the state it acts on could not be made durable ("
                + why.getMessage() + ")", 0, why);
    }

    /** A call that waits for its answer: after the durable commits and the held calls, as the others. */
    private void andWait(Runnable call) {
        try {
            afterDurable(() -> {
                try {
                    call.run();
                    return CompletableFuture.completedFuture(null);
                } catch (MesosCallException e) {
                    return CompletableFuture.failedFuture(e);
                }
            }).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof MesosCallException m ? m
                    : new MesosCallException("call failed: " + e.getCause(), 0, e.getCause());
        }
    }

    @Override
    public CompletableFuture<Void> acceptAsync(Collection<OfferID> offerIds, List<Offer.Operation> operations,
                                               Filters filters) {
        return afterDurable(() -> calls.acceptAsync(offerIds, operations, filters));
    }

    @Override
    public CompletableFuture<Void> declineAsync(Collection<OfferID> offerIds, Filters filters) {
        return afterDurable(() -> calls.declineAsync(offerIds, filters));
    }

    @Override
    public CompletableFuture<Void> reviveAsync(Collection<String> roles) {
        return afterDurable(() -> calls.reviveAsync(roles));
    }

    @Override
    public CompletableFuture<Void> suppressAsync(Collection<String> roles) {
        return afterDurable(() -> calls.suppressAsync(roles));
    }

    @Override
    public CompletableFuture<Void> killAsync(TaskID taskId, Optional<AgentID> agentId) {
        return afterDurable(() -> calls.killAsync(taskId, agentId));
    }

    @Override
    public CompletableFuture<Void> acknowledgeAsync(TaskStatus status) {
        return afterDurable(() -> calls.acknowledgeAsync(status));
    }

    @Override
    public CompletableFuture<Void> reconcileAsync(List<Call.Reconcile.Task> tasks) {
        return afterDurable(() -> calls.reconcileAsync(tasks));
    }

    @Override
    public void accept(Collection<OfferID> offerIds, List<Offer.Operation> operations, Filters filters) {
        andWait(() -> calls.accept(offerIds, operations, filters));
    }

    @Override
    public void decline(Collection<OfferID> offerIds, Filters filters) {
        andWait(() -> calls.decline(offerIds, filters));
    }

    @Override
    public void revive(Collection<String> roles) {
        andWait(() -> calls.revive(roles));
    }

    @Override
    public void suppress(Collection<String> roles) {
        andWait(() -> calls.suppress(roles));
    }

    @Override
    public void kill(TaskID taskId, Optional<AgentID> agentId) {
        andWait(() -> calls.kill(taskId, agentId));
    }

    @Override
    public void acknowledge(TaskStatus status) {
        andWait(() -> calls.acknowledge(status));
    }

    @Override
    public void reconcile(List<Call.Reconcile.Task> tasks) {
        andWait(() -> calls.reconcile(tasks));
    }

    @Override
    public void message(AgentID agentId, ExecutorID executorId, ByteString data) {
        andWait(() -> calls.message(agentId, executorId, data));
    }

    @Override
    public void teardown() {
        andWait(calls::teardown);
    }
}
