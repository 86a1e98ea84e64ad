package io.mesoscompose.simulator;

import io.mesoscompose.simulator.validation.MesosResources;
import io.mesoscompose.simulator.validation.OfferView;
import java.time.Instant;

/** An outstanding offer: resources (allocated to {@code role}) held for one framework until used or rescinded. */
record SimOffer(String id, String frameworkId, String agentId, String role, MesosResources resources, Instant created) {

    OfferView view() {
        return new OfferView(id, frameworkId, agentId, role, resources);
    }
}
