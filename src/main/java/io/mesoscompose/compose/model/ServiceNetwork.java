package io.mesoscompose.compose.model;

import java.util.List;
import java.util.Optional;

/** One network a service joins, by its key in the top-level {@code networks:}. */
public record ServiceNetwork(String name, List<String> aliases, Optional<String> ipv4Address) {
    public ServiceNetwork {
        aliases = List.copyOf(aliases);
    }
}
