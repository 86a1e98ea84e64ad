package io.mesoscompose.mesos;

import com.google.protobuf.ByteString;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;

/**
 * The calls a subscribed scheduler makes (v1 Scheduler HTTP API). The client fills in the framework ID and the
 * {@code Mesos-Stream-Id}. A call made while not subscribed fails with {@link MesosCallException} (the master would
 * refuse it anyway); the scheduler treats that like a lost connection and waits for the next SUBSCRIBED.
 */
public interface SchedulerCalls {

    /** ACCEPT: several operations (LAUNCH, LAUNCH_GROUP, ...) on several offers of one agent, in one call. */
    void accept(Collection<OfferID> offerIds, List<Offer.Operation> operations, Filters filters);

    /**
     * The same without waiting for the answer: sent after every call made before it returns and before every call
     * made after (so a KILL made later reaches the master after the launch). The future fails with a
     * {@link MesosCallException}.
     */
    default CompletableFuture<Void> acceptAsync(Collection<OfferID> offerIds, List<Offer.Operation> operations,
                                                Filters filters) {
        return answered(() -> accept(offerIds, operations, filters));
    }

    /** DECLINE: with a refuse filter, so the master does not send the same resources back at once. */
    void decline(Collection<OfferID> offerIds, Filters filters);

    /**
     * The same without waiting for the answer, in order with the other calls as {@link #acceptAsync}: the master
     * has nothing to say back but 202 (src/master/http.cpp: {@code master->decline(...); return Accepted();}, the
     * same for REVIVE and SUPPRESS), and a scheduler waiting for it would wait for a busy master.
     */
    default CompletableFuture<Void> declineAsync(Collection<OfferID> offerIds, Filters filters) {
        return answered(() -> decline(offerIds, filters));
    }

    /** REVIVE: offers wanted again for these roles (all of the framework's roles when empty). */
    void revive(Collection<String> roles);

    /** The same without waiting for the answer, in order with the other calls as {@link #acceptAsync}. */
    default CompletableFuture<Void> reviveAsync(Collection<String> roles) {
        return answered(() -> revive(roles));
    }

    /** SUPPRESS: no offers wanted for these roles (all of the framework's roles when empty). */
    void suppress(Collection<String> roles);

    /** The same without waiting for the answer, in order with the other calls as {@link #acceptAsync}. */
    default CompletableFuture<Void> suppressAsync(Collection<String> roles) {
        return answered(() -> suppress(roles));
    }

    void kill(TaskID taskId, Optional<AgentID> agentId);

    /**
     * The same without waiting for the answer, in order with the other calls as {@link #acceptAsync}: the master
     * answers 202 once it has forwarded the KILL (src/master/http.cpp, {@code master->kill(...); return
     * Accepted();}); the task's end comes as a status update.
     */
    default CompletableFuture<Void> killAsync(TaskID taskId, Optional<AgentID> agentId) {
        return answered(() -> kill(taskId, agentId));
    }

    /** ACKNOWLEDGE the status (agent, task and uuid taken from it); statuses without uuid need none. */
    void acknowledge(TaskStatus status);

    /** The same without waiting for the answer, in order with the other calls as {@link #acceptAsync}. */
    default CompletableFuture<Void> acknowledgeAsync(TaskStatus status) {
        return answered(() -> acknowledge(status));
    }

    /** RECONCILE: explicit for the tasks given, implicit when the list is empty. */
    void reconcile(List<Call.Reconcile.Task> tasks);

    /**
     * The same without waiting for the answer, in order with the other calls as {@link #acceptAsync}: a master
     * answers an explicit RECONCILE of 100,000 tasks only once it has queued every answer, and the answers are what
     * the caller waits for. The future fails with a {@link MesosCallException}.
     */
    default CompletableFuture<Void> reconcileAsync(List<Call.Reconcile.Task> tasks) {
        return answered(() -> reconcile(tasks));
    }

    void message(AgentID agentId, ExecutorID executorId, ByteString data);

    /** TEARDOWN: the master kills every task of the framework and forgets it. */
    void teardown();

    /** An asynchronous call's future from a call made at once (the default of the calls above). */
    private static CompletableFuture<Void> answered(Runnable call) {
        try {
            call.run();
            return CompletableFuture.completedFuture(null);
        } catch (MesosCallException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
