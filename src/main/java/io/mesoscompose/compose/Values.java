package io.mesoscompose.compose;

import io.mesoscompose.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Typed reading of YAML values for one service (or the top level, service {@code null}). Every conversion that
 * fails reports an error at the node, naming the field and what is allowed, and returns empty so reading goes
 * on: the user sees all problems at once.
 *
 * <p>Interpolation turns every scalar it touches into a string, so numbers and booleans are accepted both as
 * YAML scalars and as their text ({@code "true"}, {@code "0.5"}).
 */
final class Values {

    final Diagnostics d;
    final String service;

    Values(Diagnostics d, String service) {
        this.d = d;
        this.service = service;
    }

    void error(Node at, String field, String message) {
        d.error(at, service, field, message);
    }

    void error(Node at, String field, String message, String hint) {
        d.error(at, service, field, message, hint);
    }

    void warning(Node at, String field, String message, String hint) {
        d.warning(at, service, field, message, hint);
    }

    static boolean isNull(Node n) {
        return n instanceof ScalarNode s && s.getTag().equals(Tag.NULL);
    }

    /** A scalar as text; a list or mapping is an error. YAML null is empty without an error. */
    Optional<String> string(Node n, String field) {
        if (n instanceof ScalarNode s) {
            return isNull(s) ? Optional.empty() : Optional.of(s.getValue());
        }
        error(n, field, "expected a string, found " + kind(n));
        return Optional.empty();
    }

    Optional<Boolean> bool(Node n, String field) {
        return string(n, field).flatMap(v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on" -> Optional.of(true);
            case "false", "no", "off" -> Optional.of(false);
            default -> {
                error(n, field, "\"" + v + "\" is not a boolean; expected true or false");
                yield Optional.empty();
            }
        });
    }

    Optional<Long> integer(Node n, String field, long min, long max) {
        return string(n, field).flatMap(v -> {
            try {
                long value = Long.parseLong(v.strip());
                if (value < min || value > max) {
                    error(n, field, value + " is out of range; expected " + min + " to " + max);
                    return Optional.empty();
                }
                return Optional.of(value);
            } catch (NumberFormatException e) {
                error(n, field, "\"" + v + "\" is not a whole number");
                return Optional.empty();
            }
        });
    }

    Optional<Double> number(Node n, String field, double min) {
        return string(n, field).flatMap(v -> {
            try {
                double value = Double.parseDouble(v.strip());
                if (!(value >= min) || Double.isInfinite(value)) {
                    error(n, field, v + " is out of range; expected a number of at least " + min);
                    return Optional.empty();
                }
                return Optional.of(value);
            } catch (NumberFormatException e) {
                error(n, field, "\"" + v + "\" is not a number");
                return Optional.empty();
            }
        });
    }

    /** Compose durations: {@code 1m30s}, {@code 10s}, {@code 500ms}, {@code 1h}. */
    Optional<Duration> duration(Node n, String field) {
        return string(n, field).flatMap(v -> {
            try {
                return Optional.of(Durations.parse(v));
            } catch (IllegalArgumentException | ArithmeticException e) {
                error(n, field, "\"" + v + "\" is not a duration; expected e.g. 10s, 1m30s, 500ms or 1h");
                return Optional.empty();
            }
        });
    }

    /** Compose byte sizes ({@code 512k}, {@code 50M}, {@code 1gb}, binary multiples); a bare number is bytes. */
    Optional<Long> bytes(Node n, String field) {
        return string(n, field).flatMap(v -> Units.bytes(v).or(() -> {
            error(n, field, "\"" + v + "\" is not a size; expected a number with an optional unit b, k, m or g"
                    + " (e.g. 64m, 1g)");
            return Optional.empty();
        }));
    }

    /**
     * Memory in MB for Mesos: a bare number means MB (the Go mesos-compose's and the seed's convention), unless it
     * is 1048576 or more, which only makes sense as bytes (compose's unit): then it is taken as bytes, with a warning.
     */
    Optional<Double> memoryMb(Node n, String field) {
        string(n, field).filter(Units::bareBytes).ifPresent(v -> warning(n, field, v.strip() + " is taken as bytes ("
                + Math.round(Units.memoryMb(v).orElse(0.0)) + " MB): a bare number means MB below 1048576, as in"
                + " the Go mesos-compose", "write the unit, e.g. 512m or 1g"));
        return string(n, field).flatMap(v -> Units.memoryMb(v).or(() -> {
            error(n, field, "\"" + v + "\" is not a memory size; expected MB as a bare number (50) or a number"
                    + " with a unit b, k, m or g (e.g. 512m, 1g)");
            return Optional.empty();
        }));
    }

    Optional<MappingNode> mapping(Node n, String field) {
        if (n instanceof MappingNode m) {
            return Optional.of(m);
        }
        if (!isNull(n)) {
            error(n, field, "expected a mapping (key: value), found " + kind(n));
        }
        return Optional.empty();
    }

    /** A list of scalars; a single scalar is accepted as a list of one when {@code single} is true. */
    List<String> strings(Node n, String field, boolean single) {
        List<String> out = new ArrayList<>();
        if (n instanceof SequenceNode seq) {
            for (int i = 0; i < seq.getValue().size(); i++) {
                string(seq.getValue().get(i), field + "[" + i + "]").ifPresent(out::add);
            }
        } else if (single && n instanceof ScalarNode) {
            string(n, field).ifPresent(out::add);
        } else if (!isNull(n)) {
            error(n, field, "expected a list" + (single ? " or a string" : "") + ", found " + kind(n));
        }
        return out;
    }

    /**
     * A map given as a mapping or as a list of {@code KEY=VALUE} (labels, environment, sysctls...). A list item
     * without {@code =} maps to null (environment takes it from the caller's environment; labels make it empty).
     */
    Map<String, Optional<String>> keyValues(Node n, String field, char separator) {
        Map<String, Optional<String>> out = new LinkedHashMap<>();
        if (n instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                String key = key(t);
                Node v = t.getValueNode();
                if (v instanceof ScalarNode) {
                    out.put(key, string(v, field + "." + key));
                } else {
                    error(v, field + "." + key, "expected a string, number or boolean, found " + kind(v));
                }
            }
        } else if (n instanceof SequenceNode seq) {
            for (int i = 0; i < seq.getValue().size(); i++) {
                Node item = seq.getValue().get(i);
                string(item, field + "[" + i + "]").ifPresent(text -> {
                    int at = text.indexOf(separator);
                    String key = at < 0 ? text : text.substring(0, at);
                    if (key.isBlank()) {
                        error(item, field, "\"" + text + "\" has no name; expected NAME" + separator + "value");
                        return;
                    }
                    out.put(key, at < 0 ? Optional.empty() : Optional.of(text.substring(at + 1)));
                });
            }
        } else if (!isNull(n)) {
            error(n, field, "expected a mapping or a list of NAME" + separator + "value, found " + kind(n));
        }
        return out;
    }

    /** Visits one field of a mapping: its key, value, and the full field path for messages. */
    interface FieldVisitor {
        void visit(String key, Node value, String path);
    }

    /**
     * Visits each field of {@code map} whose key is in {@code known}; any other key is an error with a
     * did-you-mean hint (or the list of allowed keys). Keys starting with {@code x-} are extensions: skipped.
     */
    void each(MappingNode map, String field, java.util.Collection<String> known, FieldVisitor visitor) {
        for (NodeTuple t : map.getValue()) {
            String key = key(t);
            String path = field.isEmpty() ? key : field + "." + key;
            if (key.startsWith("x-")) {
                continue;
            }
            if (known.contains(key)) {
                visitor.visit(key, t.getValueNode(), path);
            } else {
                error(t.getKeyNode(), path, "unknown field \"" + key + "\"" + (field.isEmpty() ? "" : " in " + field),
                        DidYouMean.hint(key, known).orElse("allowed: " + String.join(", ", new java.util.TreeSet<>(known))));
            }
        }
    }

    static String key(NodeTuple t) {
        return t.getKeyNode() instanceof ScalarNode s ? s.getValue() : String.valueOf(t.getKeyNode());
    }

    static String kind(Node n) {
        return switch (n) {
            case MappingNode m -> "a mapping";
            case SequenceNode s -> "a list";
            case ScalarNode s when isNull(s) -> "nothing (null)";
            case ScalarNode s -> "\"" + s.getValue() + "\"";
            default -> "a YAML node";
        };
    }
}
