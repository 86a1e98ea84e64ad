package io.mesoscompose.compose.model;

/**
 * A {@code deploy.placement.preferences} entry, {@code spread: node.labels.<name>}: the service's replicas are spread
 * evenly over the values of the agent attribute {@code attribute} (agents without it count as one more value), as
 * Docker Swarm spreads over node labels. A preference, not a constraint: it orders the agents a replica may go to.
 *
 * @param source the text as written ({@code node.labels.rack}), for messages
 */
public record SpreadPreference(String attribute, String source, SourcePosition position) {}
