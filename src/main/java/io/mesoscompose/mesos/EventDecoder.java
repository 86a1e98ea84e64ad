package io.mesoscompose.mesos;

import java.util.Optional;
import org.apache.mesos.v1.scheduler.Protos.Event;

/** The v1 {@code Event} as the scheduler sees it ({@link MesosEvent}). Pure. */
final class EventDecoder {

    private EventDecoder() {}

    /** Empty for event types this client does not know (a newer master): they are skipped, not fatal. */
    static Optional<MesosEvent> decode(Event e, String masterUrl) {
        MesosEvent decoded = switch (e.getType()) {
            case SUBSCRIBED -> new MesosEvent.Subscribed(e.getSubscribed(), masterUrl);
            case OFFERS -> new MesosEvent.Offers(e.getOffers().getOffersList());
            case INVERSE_OFFERS -> new MesosEvent.InverseOffers(e.getInverseOffers().getInverseOffersList());
            case RESCIND -> new MesosEvent.Rescind(e.getRescind().getOfferId());
            case RESCIND_INVERSE_OFFER -> new MesosEvent.RescindInverseOffer(e.getRescindInverseOffer().getInverseOfferId());
            case UPDATE -> new MesosEvent.Update(e.getUpdate().getStatus());
            case UPDATE_OPERATION_STATUS -> new MesosEvent.UpdateOperationStatus(e.getUpdateOperationStatus().getStatus());
            case MESSAGE -> new MesosEvent.Message(e.getMessage().getAgentId(), e.getMessage().getExecutorId(),
                    e.getMessage().getData());
            case FAILURE -> {
                Event.Failure f = e.getFailure();
                yield new MesosEvent.Failure(
                        f.hasAgentId() ? Optional.of(f.getAgentId()) : Optional.empty(),
                        f.hasExecutorId() ? Optional.of(f.getExecutorId()) : Optional.empty(),
                        f.hasStatus() ? Optional.of(f.getStatus()) : Optional.empty());
            }
            case ERROR -> new MesosEvent.Error(e.getError().getMessage());
            case HEARTBEAT -> new MesosEvent.Heartbeat();
            case UNKNOWN -> null;
        };
        return Optional.ofNullable(decoded);
    }
}
