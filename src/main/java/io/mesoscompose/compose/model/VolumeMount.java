package io.mesoscompose.compose.model;

import java.util.Optional;

/**
 * One entry of a service's {@code volumes:}.
 *
 * @param source a host path (BIND), a top-level volume key (VOLUME), or empty (anonymous VOLUME, TMPFS)
 */
public record VolumeMount(
        Type type,
        Optional<String> source,
        String target,
        boolean readOnly,
        SourcePosition position) {

    public enum Type { BIND, VOLUME, TMPFS }
}
