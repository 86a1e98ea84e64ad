package io.mesoscompose.mesos;

import com.google.protobuf.ByteString;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.OfferConstraints;

/**
 * The v1 {@code Call} messages of {@link SchedulerCalls}, without framework ID (the client adds the one it is
 * subscribed with). Pure.
 */
final class Calls {

    private Calls() {}

    static Call subscribe(FrameworkInfo info) {
        return subscribe(info, Optional.empty());
    }

    static Call subscribe(FrameworkInfo info, Optional<OfferConstraints> offerConstraints) {
        Call.Subscribe.Builder subscribe = Call.Subscribe.newBuilder().setFrameworkInfo(info);
        offerConstraints.ifPresent(subscribe::setOfferConstraints);
        Call.Builder b = Call.newBuilder().setType(Call.Type.SUBSCRIBE).setSubscribe(subscribe);
        if (info.hasId()) {
            b.setFrameworkId(info.getId());
        }
        return b.build();
    }

    static Call accept(Collection<OfferID> offerIds, List<Offer.Operation> operations, Filters filters) {
        return Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder()
                .addAllOfferIds(offerIds).addAllOperations(operations).setFilters(filters)).build();
    }

    static Call decline(Collection<OfferID> offerIds, Filters filters) {
        return Call.newBuilder().setType(Call.Type.DECLINE)
                .setDecline(Call.Decline.newBuilder().addAllOfferIds(offerIds).setFilters(filters)).build();
    }

    static Call revive(Collection<String> roles) {
        return Call.newBuilder().setType(Call.Type.REVIVE).setRevive(Call.Revive.newBuilder().addAllRoles(roles))
                .build();
    }

    static Call suppress(Collection<String> roles) {
        return Call.newBuilder().setType(Call.Type.SUPPRESS)
                .setSuppress(Call.Suppress.newBuilder().addAllRoles(roles)).build();
    }

    static Call kill(TaskID taskId, Optional<AgentID> agentId) {
        Call.Kill.Builder kill = Call.Kill.newBuilder().setTaskId(taskId);
        agentId.ifPresent(kill::setAgentId);
        return Call.newBuilder().setType(Call.Type.KILL).setKill(kill).build();
    }

    /**
     * Empty for a status without uuid: the master does not expect (and would refuse) an acknowledgement. From
     * {@code frameworkId} when known: made with it rather than copied to add it (two acknowledgements per task
     * launched).
     */
    static Optional<Call> acknowledge(TaskStatus status, Optional<FrameworkID> frameworkId) {
        if (!status.hasUuid() || status.getUuid().isEmpty()) {
            return Optional.empty();
        }
        Call.Builder call = Call.newBuilder().setType(Call.Type.ACKNOWLEDGE).setAcknowledge(Call.Acknowledge
                .newBuilder().setAgentId(status.getAgentId()).setTaskId(status.getTaskId()).setUuid(status.getUuid()));
        frameworkId.ifPresent(call::setFrameworkId);
        return Optional.of(call.build());
    }

    static Call reconcile(List<Call.Reconcile.Task> tasks) {
        return Call.newBuilder().setType(Call.Type.RECONCILE)
                .setReconcile(Call.Reconcile.newBuilder().addAllTasks(tasks)).build();
    }

    static Call message(AgentID agentId, ExecutorID executorId, ByteString data) {
        return Call.newBuilder().setType(Call.Type.MESSAGE).setMessage(Call.Message.newBuilder()
                .setAgentId(agentId).setExecutorId(executorId).setData(data)).build();
    }

    static Call teardown() {
        return Call.newBuilder().setType(Call.Type.TEARDOWN).build();
    }
}
