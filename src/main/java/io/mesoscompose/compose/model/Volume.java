package io.mesoscompose.compose.model;

import java.util.Map;
import java.util.Optional;

/** A top-level named volume. */
public record Volume(
        String key,
        Optional<String> name,
        Optional<String> driver,
        boolean external,
        Map<String, String> driverOpts,
        Map<String, String> labels) {

    public Volume {
        driverOpts = Maps.ordered(driverOpts);
        labels = Maps.ordered(labels);
    }

    public String effectiveName() {
        return name.orElse(key);
    }
}
