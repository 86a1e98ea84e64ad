package io.mesoscompose.mesos;

import com.google.protobuf.ByteString;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.InverseOffer;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.OperationStatus;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * What the master tells the scheduler, decoded once (by the client) from the v1 {@code Event} stream, plus the
 * client's own word that the connection is gone. Nobody outside the client touches bytes or RecordIO.
 *
 * <p>Order is the stream's order; events are delivered one at a time on one thread.
 */
public sealed interface MesosEvent {

    /** SUBSCRIBED: the framework ID (new or confirmed) and the heartbeat interval the master promises. */
    record Subscribed(Event.Subscribed info, String masterUrl) implements MesosEvent {}

    record Offers(List<Offer> offers) implements MesosEvent {
        public Offers {
            offers = List.copyOf(offers);
        }
    }

    record InverseOffers(List<InverseOffer> inverseOffers) implements MesosEvent {
        public InverseOffers {
            inverseOffers = List.copyOf(inverseOffers);
        }
    }

    record Rescind(OfferID offerId) implements MesosEvent {}

    record RescindInverseOffer(OfferID offerId) implements MesosEvent {}

    /** UPDATE: a task status; acknowledge it (if it carries a uuid) only after it is durably recorded. */
    record Update(TaskStatus status) implements MesosEvent {}

    record UpdateOperationStatus(OperationStatus status) implements MesosEvent {}

    record Message(AgentID agentId, ExecutorID executorId, ByteString data) implements MesosEvent {}

    /** FAILURE: an agent (and possibly an executor on it) failed. */
    record Failure(Optional<AgentID> agentId, Optional<ExecutorID> executorId, Optional<Integer> status) implements MesosEvent {}

    /** ERROR: the master refuses this framework (e.g. removed after failover timeout); the client stops. */
    record Error(String message) implements MesosEvent {}

    record Heartbeat() implements MesosEvent {}

    /**
     * Not from the master: the stream ended or went silent. Every outstanding offer is void; the client is already
     * reconnecting and a new {@link Subscribed} will follow.
     */
    record Disconnected(String reason) implements MesosEvent {}
}
