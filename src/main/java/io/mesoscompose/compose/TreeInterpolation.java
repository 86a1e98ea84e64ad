package io.mesoscompose.compose;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Interpolates the scalar values (not the keys) of a freshly parsed document in place, with {@link Interpolation}.
 * Extension fields ({@code x-*}) at the top level and inside a service are left as written. Each distinct node is
 * done once, however many aliases use it.
 */
final class TreeInterpolation {

    private TreeInterpolation() {}

    static void apply(MappingNode document, Map<String, String> env, Diagnostics d) {
        interpolate(document, env, d, true, new IdentityHashMap<>());
    }

    private static Node interpolate(Node node, Map<String, String> env, Diagnostics d, boolean extensionLevel,
                                    Map<Node, Node> done) {
        Node seen = done.get(node);
        if (seen != null) {
            return seen;
        }
        Node result = switch (node) {
            case ScalarNode s when s.getTag().equals(Tag.STR) || s.getValue().contains("$") -> {
                Interpolation.Result r = Interpolation.apply(s.getValue(), env);
                r.error().ifPresent(msg -> d.error(s, null, "", msg));
                r.unset().ifPresent(v -> d.warning(s, null, "", "variable " + v
                        + " is not set; defaulting to a blank string", null));
                yield r.value().equals(s.getValue()) ? s : new ScalarNode(s.getTag(), true, r.value(),
                        s.getScalarStyle() == null ? ScalarStyle.PLAIN : s.getScalarStyle(), s.getStartMark(),
                        s.getEndMark());
            }
            case SequenceNode seq -> {
                List<Node> items = new ArrayList<>();
                seq.getValue().forEach(n -> items.add(interpolate(n, env, d, false, done)));
                seq.getValue().clear();
                seq.getValue().addAll(items);
                yield seq;
            }
            case MappingNode map -> {
                List<NodeTuple> tuples = new ArrayList<>();
                for (NodeTuple t : map.getValue()) {
                    String key = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : "";
                    boolean extension = extensionLevel && key.startsWith("x-");
                    boolean services = extensionLevel && key.equals("services");
                    tuples.add(extension ? t : new NodeTuple(t.getKeyNode(),
                            interpolateChild(t.getValueNode(), env, d, services, done)));
                }
                map.setValue(tuples);
                yield map;
            }
            default -> node;
        };
        done.put(node, result);
        return result;
    }

    /** Under {@code services:}, each service mapping is itself a level where {@code x-*} keys are skipped. */
    private static Node interpolateChild(Node value, Map<String, String> env, Diagnostics d, boolean services,
                                         Map<Node, Node> done) {
        if (services && value instanceof MappingNode all) {
            List<NodeTuple> tuples = new ArrayList<>();
            for (NodeTuple t : all.getValue()) {
                tuples.add(new NodeTuple(t.getKeyNode(), interpolate(t.getValueNode(), env, d, true, done)));
            }
            all.setValue(tuples);
            return all;
        }
        return interpolate(value, env, d, false, done);
    }
}
