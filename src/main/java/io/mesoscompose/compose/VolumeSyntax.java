package io.mesoscompose.compose;

import io.mesoscompose.compose.model.SourcePosition;
import io.mesoscompose.compose.model.VolumeMount;
import io.mesoscompose.compose.model.VolumeMount.Type;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/**
 * A service's {@code volumes:} entry in short syntax ({@code source:target[:mode,…]}, {@code target}) or long
 * syntax. A source starting with {@code /} is a bind mount of an agent path; a plain name is a top-level named
 * volume. Relative paths ({@code ./data}, {@code ~/x}) name a directory on the developer's laptop, which no agent
 * has: they are rejected with a hint. The options docker knows (read-only, SELinux {@code z}/{@code Z}, bind
 * propagation, {@code nocopy}, tmpfs {@code size}/{@code mode}) are kept for the plan; the ones that only matter to
 * Docker Desktop ({@code consistency}, {@code cached}, {@code delegated}) get a warning.
 */
final class VolumeSyntax {

    private static final Set<String> PROPAGATION = Set.of("shared", "rshared", "slave", "rslave", "private",
            "rprivate");
    private static final Set<String> DESKTOP_ONLY = Set.of("cached", "delegated", "consistent");
    private static final List<String> LONG_KEYS =
            List.of("type", "source", "target", "read_only", "bind", "volume", "tmpfs", "consistency");

    private VolumeSyntax() {}

    static Optional<VolumeMount> read(Node entry, String field, Values v, Set<String> declared) {
        if (entry instanceof MappingNode map) {
            return readLong(map, field, v, declared);
        }
        return v.string(entry, field).flatMap(text -> readShort(text, entry, field, v, declared));
    }

    private static Optional<VolumeMount> readShort(String text, Node at, String field, Values v, Set<String> declared) {
        String[] parts = text.split(":", -1);
        SourcePosition pos = Diagnostics.position(at);
        if (parts.length == 1) {
            return target(parts[0], at, field, v).map(t -> new VolumeMount(Type.VOLUME, Optional.empty(), t, false, pos));
        }
        if (parts.length > 3) {
            v.error(at, field, "\"" + text + "\" is not a volume; expected source:target[:ro|rw] or target");
            return Optional.empty();
        }
        Optional<Source> src = source(parts[0], at, field, v, declared);
        Optional<String> target = target(parts[1], at, field, v);
        if (src.isEmpty() || target.isEmpty()) {
            return Optional.empty();
        }
        boolean readOnly = false;
        Optional<String> propagation = Optional.empty();
        Optional<String> selinux = Optional.empty();
        boolean nocopy = false;
        for (String mode : parts.length == 3 ? parts[2].split(",") : new String[0]) {
            switch (mode) {
                case "ro", "rw" -> readOnly = mode.equals("ro");
                case "z", "Z" -> selinux = bindOnly(src.get(), mode, at, field, v);
                case "nocopy" -> nocopy = volumeOnly(src.get(), mode, at, field, v);
                default -> {
                    if (PROPAGATION.contains(mode)) {
                        propagation = bindOnly(src.get(), mode, at, field, v);
                    } else if (DESKTOP_ONLY.contains(mode)) {
                        v.warning(at, field, "ignored: \"" + mode + "\" only matters to Docker Desktop", null);
                    } else {
                        v.error(at, field, "\"" + mode + "\" is not a volume mode; expected ro or rw (also z, Z,"
                                + " nocopy, or a propagation such as rshared)");
                        return Optional.empty();
                    }
                }
            }
        }
        VolumeMount.Options options = new VolumeMount.Options(propagation, selinux, nocopy, OptionalLong.empty(),
                OptionalInt.empty());
        return Optional.of(new VolumeMount(src.get().type(), Optional.of(src.get().name()), target.get(), readOnly,
                pos, options));
    }

    private static Optional<String> bindOnly(Source src, String mode, Node at, String field, Values v) {
        if (src.type() != Type.BIND) {
            v.warning(at, field, "ignored: \"" + mode + "\" applies to bind mounts, not to named volumes", null);
            return Optional.empty();
        }
        return Optional.of(mode);
    }

    private static boolean volumeOnly(Source src, String mode, Node at, String field, Values v) {
        if (src.type() != Type.VOLUME) {
            v.warning(at, field, "ignored: \"" + mode + "\" applies to named volumes, not to bind mounts", null);
            return false;
        }
        return true;
    }

    /** The long syntax's fields, as read. */
    private static final class LongForm {
        Optional<String> type = Optional.empty();
        Optional<String> source = Optional.empty();
        Optional<String> target = Optional.empty();
        boolean readOnly;
        Node sourceNode;
        Node typeNode;
        Optional<String> propagation = Optional.empty();
        Optional<String> selinux = Optional.empty();
        boolean nocopy;
        OptionalLong size = OptionalLong.empty();
        OptionalInt mode = OptionalInt.empty();
    }

    private static Optional<VolumeMount> readLong(MappingNode map, String field, Values v, Set<String> declared) {
        LongForm l = new LongForm();
        l.sourceNode = map;
        l.typeNode = map;
        for (NodeTuple t : map.getValue()) {
            String key = Values.key(t);
            Node value = t.getValueNode();
            String f = field + "." + key;
            switch (key) {
                case "type" -> { l.type = v.string(value, f); l.typeNode = value; }
                case "source" -> { l.source = v.string(value, f); l.sourceNode = value; }
                case "target" -> l.target = v.string(value, f).flatMap(s -> target(s, value, f, v));
                case "read_only" -> l.readOnly = v.bool(value, f).orElse(false);
                case "bind" -> bind(value, f, v, l);
                case "volume" -> volume(value, f, v, l);
                case "tmpfs" -> tmpfs(value, f, v, l);
                case "consistency" -> v.warning(value, f, "ignored: consistency only matters to Docker Desktop", null);
                default -> {
                    if (!key.startsWith("x-")) {
                        v.error(t.getKeyNode(), f, "unknown volume field \"" + key + "\"",
                                DidYouMean.hint(key, LONG_KEYS).orElse("allowed: " + String.join(", ", LONG_KEYS)));
                    }
                }
            }
        }
        if (l.target.isEmpty()) {
            v.error(map, field, "a volume in long syntax needs target: (the path in the container)");
            return Optional.empty();
        }
        SourcePosition pos = Diagnostics.position(map);
        VolumeMount.Options options = new VolumeMount.Options(l.propagation, l.selinux, l.nocopy, l.size, l.mode);
        String kind = l.type.orElse("volume");
        switch (kind) {
            case "tmpfs" -> {
                return Optional.of(new VolumeMount(Type.TMPFS, Optional.empty(), l.target.get(), l.readOnly, pos,
                        options));
            }
            case "bind", "volume" -> {
                if (l.source.isEmpty()) {
                    if (kind.equals("bind")) {
                        v.error(map, field, "a bind mount needs source: (an absolute path on the agent)");
                        return Optional.empty();
                    }
                    return Optional.of(new VolumeMount(Type.VOLUME, Optional.empty(), l.target.get(), l.readOnly, pos,
                            options));
                }
                Optional<Source> src = source(l.source.get(), l.sourceNode, field + ".source", v, declared);
                if (src.isPresent() && !src.get().type().name().equalsIgnoreCase(kind)) {
                    v.error(l.sourceNode, field + ".source", "type is " + kind + " but \"" + l.source.get() + "\" is "
                                    + (kind.equals("bind") ? "a volume name" : "a path"),
                            kind.equals("bind") ? "give an absolute path on the agent" : "use type: bind for a path");
                    return Optional.empty();
                }
                return src.map(s -> new VolumeMount(s.type(), Optional.of(s.name()), l.target.get(), l.readOnly, pos,
                        options));
            }
            default -> {
                v.error(l.typeNode, field + ".type", "\"" + kind + "\" volumes are not supported on Mesos;"
                        + " expected bind, volume or tmpfs");
                return Optional.empty();
            }
        }
    }

    private static void bind(Node value, String field, Values v, LongForm l) {
        v.mapping(value, field).ifPresent(m -> v.each(m, field, List.of("propagation", "create_host_path", "selinux"),
                (k, val, p) -> {
                    switch (k) {
                        case "propagation" -> l.propagation = v.string(val, p).filter(s -> {
                            if (!PROPAGATION.contains(s)) {
                                v.error(val, p, "\"" + s + "\" is not a mount propagation; expected one of "
                                        + String.join(", ", PROPAGATION.stream().sorted().toList()));
                            }
                            return PROPAGATION.contains(s);
                        });
                        case "selinux" -> l.selinux = v.string(val, p).filter(s -> {
                            if (!s.equals("z") && !s.equals("Z")) {
                                v.error(val, p, "\"" + s + "\" is not an SELinux relabelling; expected z or Z");
                            }
                            return s.equals("z") || s.equals("Z");
                        });
                        default -> v.bool(val, p).filter(create -> !create).ifPresent(no -> v.warning(val, p,
                                "ignored: Docker creates a missing host path for a bind mount, and the Mesos"
                                        + " containerizer needs it to exist", null));
                    }
                }));
    }

    private static void volume(Node value, String field, Values v, LongForm l) {
        v.mapping(value, field).ifPresent(m -> v.each(m, field, List.of("nocopy", "subpath", "labels"),
                (k, val, p) -> {
                    switch (k) {
                        case "nocopy" -> l.nocopy = v.bool(val, p).orElse(false);
                        case "subpath" -> v.error(val, p, "not supported: Mesos mounts a named volume whole",
                                "mount the volume at a path and use the sub-directory from there");
                        default -> v.warning(val, p, "ignored: labels of a volume are set where it is created"
                                + " (top-level volumes: labels)", null);
                    }
                }));
    }

    private static void tmpfs(Node value, String field, Values v, LongForm l) {
        v.mapping(value, field).ifPresent(m -> v.each(m, field, List.of("size", "mode"), (k, val, p) -> {
            switch (k) {
                case "size" -> v.bytes(val, p).ifPresent(b -> l.size = OptionalLong.of(b));
                default -> v.string(val, p).ifPresent(s -> {
                    try {
                        // a YAML number (1777) or an octal string ("01777"): the digits are octal either way
                        l.mode = OptionalInt.of(Integer.parseInt(s, 8));
                    } catch (NumberFormatException e) {
                        v.error(val, p, "\"" + s + "\" is not a file mode; expected octal digits, e.g. 1777");
                    }
                });
            }
        }));
    }

    private record Source(Type type, String name) {}

    private static Optional<Source> source(String s, Node at, String field, Values v, Set<String> declared) {
        if (s.startsWith("/")) {
            return Optional.of(new Source(Type.BIND, s));
        }
        if (s.startsWith(".") || s.startsWith("~") || s.contains("/")) {
            v.error(at, field, "\"" + s + "\" is a path relative to the compose file, which does not exist on"
                    + " the Mesos agents", "use an absolute path that exists on the agents, or a named volume");
            return Optional.empty();
        }
        if (!declared.contains(s)) {
            v.error(at, field, "volume \"" + s + "\" is not declared under the top-level volumes:",
                    DidYouMean.hint(s, declared).orElse("add it under volumes: at the top level"));
            return Optional.empty();
        }
        return Optional.of(new Source(Type.VOLUME, s));
    }

    private static Optional<String> target(String t, Node at, String field, Values v) {
        if (!t.startsWith("/")) {
            v.error(at, field, "the container path \"" + t + "\" is not absolute");
            return Optional.empty();
        }
        return Optional.of(t);
    }
}
