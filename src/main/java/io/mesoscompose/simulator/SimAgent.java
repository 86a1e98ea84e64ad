package io.mesoscompose.simulator;

import java.util.Map;

/**
 * One simulated agent: its total resources (scalar cpus/mem/disk and one port range), role and attributes
 * ({@code hostname}, {@code os}, {@code arch} and custom ones, offered as TEXT attributes).
 */
public record SimAgent(
        String id,
        String hostname,
        double cpus,
        double memMb,
        double diskMb,
        long portsBegin,
        long portsEnd,
        String role,
        Map<String, String> attributes) {

    public SimAgent {
        attributes = Map.copyOf(attributes);
    }
}
