package io.mesoscompose.simulator.validation;

/**
 * An outstanding offer as the validators see it.
 *
 * @param role      the role it is allocated to ({@code Offer.allocation_info.role})
 * @param resources what it holds, allocated to {@code role}
 */
public record OfferView(String id, String frameworkId, String agentId, String role, MesosResources resources) {}
