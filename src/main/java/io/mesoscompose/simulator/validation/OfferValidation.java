package io.mesoscompose.simulator.validation;

import static io.mesoscompose.simulator.validation.ValidationError.error;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.mesos.v1.Protos.OfferID;

/**
 * The {@code offer} namespace of Apache Mesos' src/master/validation.cpp: the offer IDs of one ACCEPT. Every
 * offer must still be outstanding, offered to this framework, allocated to one role and on one agent. Pure.
 */
public final class OfferValidation {

    private OfferValidation() {}

    /**
     * {@code offer::validate}, preceded by {@code Master::accept}'s own check that some offer is named.
     *
     * @param outstanding the master's outstanding offers among those named (a missing ID is no longer valid)
     */
    static Optional<ValidationError> validate(List<OfferID> offerIds, Map<String, OfferView> outstanding,
            FrameworkView framework) {
        if (offerIds.isEmpty()) {
            return error("No offers specified");
        }
        return ValidationError.first(List.of(
                () -> uniqueOfferId(offerIds),
                () -> offerIds(offerIds, outstanding),
                () -> framework(offerIds, outstanding, framework),
                () -> allocationRole(offerIds, outstanding),
                () -> agent(offerIds, outstanding)));
    }

    /** {@code validateUniqueOfferID}: an offer once per call. */
    static Optional<ValidationError> uniqueOfferId(List<OfferID> offerIds) {
        Set<String> seen = new HashSet<>();
        for (OfferID id : offerIds) {
            if (!seen.add(id.getValue())) {
                return error("Duplicate offer " + id.getValue() + " in offer list");
            }
        }
        return Optional.empty();
    }

    /** {@code validateOfferIds}: every offer still outstanding (not accepted, declined, rescinded or unknown). */
    static Optional<ValidationError> offerIds(List<OfferID> offerIds, Map<String, OfferView> outstanding) {
        for (OfferID id : offerIds) {
            if (!outstanding.containsKey(id.getValue())) {
                return noLongerValid(id);
            }
        }
        return Optional.empty();
    }

    /** {@code validateFramework}: every offer made to this framework. */
    static Optional<ValidationError> framework(List<OfferID> offerIds, Map<String, OfferView> outstanding,
            FrameworkView framework) {
        for (OfferID id : offerIds) {
            OfferView offer = outstanding.get(id.getValue());
            if (offer == null) {
                return noLongerValid(id);
            }
            if (!offer.frameworkId().equals(framework.id())) {
                return error("Offer " + id.getValue() + " has invalid framework " + offer.frameworkId()
                        + " while framework " + framework.id() + " is expected");
            }
        }
        return Optional.empty();
    }

    /** {@code validateAllocationRole}: all offers allocated to the same role. */
    static Optional<ValidationError> allocationRole(List<OfferID> offerIds, Map<String, OfferView> outstanding) {
        Optional<String> role = Optional.empty();
        for (OfferID id : offerIds) {
            OfferView offer = outstanding.get(id.getValue());
            if (offer == null) {
                return noLongerValid(id);
            }
            if (role.isEmpty()) {
                role = Optional.of(offer.role());
            } else if (!offer.role().equals(role.get())) {
                // Mesos' message lacks the closing quotes; kept as it is.
                return error("Aggregated offers must be allocated to the same role. Offer " + id.getValue()
                        + " uses role '" + offer.role() + " but another is using role '" + role.get());
            }
        }
        return Optional.empty();
    }

    /** {@code validateSlave}: all offers on one agent. */
    static Optional<ValidationError> agent(List<OfferID> offerIds, Map<String, OfferView> outstanding) {
        Optional<String> agent = Optional.empty();
        for (OfferID id : offerIds) {
            OfferView offer = outstanding.get(id.getValue());
            if (offer == null) {
                return noLongerValid(id);
            }
            if (agent.isEmpty()) {
                agent = Optional.of(offer.agentId());
            } else if (!offer.agentId().equals(agent.get())) {
                return error("Aggregated offers must belong to one single agent. Offer " + id.getValue()
                        + " uses agent " + offer.agentId() + " and agent " + agent.get());
            }
        }
        return Optional.empty();
    }

    private static Optional<ValidationError> noLongerValid(OfferID id) {
        return error("Offer " + id.getValue() + " is no longer valid");
    }
}
