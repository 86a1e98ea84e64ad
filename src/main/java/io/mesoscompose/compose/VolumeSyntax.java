package io.mesoscompose.compose;

import io.mesoscompose.compose.model.SourcePosition;
import io.mesoscompose.compose.model.VolumeMount;
import io.mesoscompose.compose.model.VolumeMount.Type;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/**
 * A service's {@code volumes:} entry in short syntax ({@code source:target[:mode]}, {@code target}) or long
 * syntax. A source starting with {@code /} is a bind mount of an agent path; a plain name is a top-level named
 * volume. Relative paths ({@code ./data}, {@code ~/x}) name a directory on the developer's laptop, which no agent
 * has: they are rejected with a hint.
 */
final class VolumeSyntax {

    private static final Set<String> MODES = Set.of("ro", "rw", "z", "Z", "nocopy", "cached", "delegated",
            "consistent", "shared", "rshared", "slave", "rslave", "private", "rprivate");
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
        boolean readOnly = false;
        if (parts.length == 3) {
            for (String mode : parts[2].split(",")) {
                if (!MODES.contains(mode)) {
                    v.error(at, field, "\"" + mode + "\" is not a volume mode; expected ro or rw (also z, Z,"
                            + " nocopy, or a propagation such as rshared)");
                    return Optional.empty();
                }
                readOnly |= mode.equals("ro");
            }
        }
        boolean ro = readOnly;
        return source(parts[0], at, field, v, declared).flatMap(src -> target(parts[1], at, field, v)
                .map(t -> new VolumeMount(src.type(), Optional.of(src.name()), t, ro, pos)));
    }

    private static Optional<VolumeMount> readLong(MappingNode map, String field, Values v, Set<String> declared) {
        Optional<String> type = Optional.empty();
        Optional<String> source = Optional.empty();
        Optional<String> target = Optional.empty();
        boolean readOnly = false;
        Node sourceNode = map;
        Node typeNode = map;
        for (NodeTuple t : map.getValue()) {
            String key = Values.key(t);
            Node value = t.getValueNode();
            String f = field + "." + key;
            switch (key) {
                case "type" -> { type = v.string(value, f); typeNode = value; }
                case "source" -> { source = v.string(value, f); sourceNode = value; }
                case "target" -> target = v.string(value, f).flatMap(s -> target(s, value, f, v));
                case "read_only" -> readOnly = v.bool(value, f).orElse(false);
                case "bind", "volume", "tmpfs", "consistency" -> { /* agent defaults apply; see compose-reference */ }
                default -> v.error(t.getKeyNode(), f, "unknown volume field \"" + key + "\"",
                        DidYouMean.hint(key, LONG_KEYS).orElse("allowed: " + String.join(", ", LONG_KEYS)));
            }
        }
        if (target.isEmpty()) {
            v.error(map, field, "a volume in long syntax needs target: (the path in the container)");
            return Optional.empty();
        }
        SourcePosition pos = Diagnostics.position(map);
        String kind = type.orElse("volume");
        switch (kind) {
            case "tmpfs" -> {
                return Optional.of(new VolumeMount(Type.TMPFS, Optional.empty(), target.get(), readOnly, pos));
            }
            case "bind", "volume" -> {
                if (source.isEmpty()) {
                    if (kind.equals("bind")) {
                        v.error(map, field, "a bind mount needs source: (an absolute path on the agent)");
                        return Optional.empty();
                    }
                    return Optional.of(new VolumeMount(Type.VOLUME, Optional.empty(), target.get(), readOnly, pos));
                }
                Optional<Source> src = source(source.get(), sourceNode, field + ".source", v, declared);
                if (src.isPresent() && !src.get().type().name().equalsIgnoreCase(kind)) {
                    v.error(sourceNode, field + ".source", "type is " + kind + " but \"" + source.get() + "\" is "
                            + (kind.equals("bind") ? "a volume name" : "a path"),
                            kind.equals("bind") ? "give an absolute path on the agent" : "use type: bind for a path");
                    return Optional.empty();
                }
                boolean ro = readOnly;
                String to = target.get();
                return src.map(s -> new VolumeMount(s.type(), Optional.of(s.name()), to, ro, pos));
            }
            default -> {
                v.error(typeNode, field + ".type", "\"" + kind + "\" volumes are not supported on Mesos;"
                        + " expected bind, volume or tmpfs");
                return Optional.empty();
            }
        }
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
