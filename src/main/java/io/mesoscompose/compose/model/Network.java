package io.mesoscompose.compose.model;

import java.util.Map;
import java.util.Optional;

/**
 * A top-level network. {@code name} is the real name on the cluster (e.g. the CNI network {@code weave}); without
 * it the key is used.
 */
public record Network(
        String key,
        Optional<String> name,
        Optional<String> driver,
        boolean external,
        Map<String, String> driverOpts,
        Map<String, String> labels) {

    public Network {
        driverOpts = Maps.ordered(driverOpts);
        labels = Maps.ordered(labels);
    }

    public String effectiveName() {
        return name.orElse(key);
    }
}
