package io.mesoscompose.compose.model;

import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One entry of a service's {@code volumes:}.
 *
 * @param source  a host path (BIND), a top-level volume key (VOLUME), or empty (anonymous VOLUME, TMPFS)
 * @param options what the entry says beyond source, target and read-only
 */
public record VolumeMount(
        Type type,
        Optional<String> source,
        String target,
        boolean readOnly,
        SourcePosition position,
        Options options) {

    public enum Type { BIND, VOLUME, TMPFS }

    /**
     * @param propagation    a bind's mount propagation ({@code rshared}, {@code rslave}, {@code private}…)
     * @param selinux        {@code z} (shared) or {@code Z} (private) SELinux relabelling of a bind
     * @param nocopy         a named volume is not filled with the image's content at its path
     * @param tmpfsSizeBytes a tmpfs mount's size
     * @param tmpfsMode      a tmpfs mount's permission bits
     */
    public record Options(Optional<String> propagation, Optional<String> selinux, boolean nocopy,
                          OptionalLong tmpfsSizeBytes, OptionalInt tmpfsMode) {
        public static final Options NONE = new Options(Optional.empty(), Optional.empty(), false, OptionalLong.empty(),
                OptionalInt.empty());
    }

    public VolumeMount(Type type, Optional<String> source, String target, boolean readOnly, SourcePosition position) {
        this(type, source, target, readOnly, position, Options.NONE);
    }
}
