package io.mesoscompose.compose.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Immutable copies that keep insertion order (Map.copyOf does not), for the model's maps. */
final class Maps {
    private Maps() {}

    static <K, V> Map<K, V> ordered(Map<K, V> source) {
        return source == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(source));
    }
}
