package io.mesoscompose.compose;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Merges a later compose document over an earlier one as compose-go's override.MergeYaml does: mappings merge key by
 * key, lists are appended, scalars replaced, an empty (null) value keeps the earlier one, and the fields of
 * {@link MergeRules} follow their own rule. Never changes its inputs: a node shared by aliases stays as it is for
 * its other uses. Nodes keep their own file's positions.
 */
final class TreeMerge {

    private TreeMerge() {}

    /** A later document over an earlier one. */
    static MappingNode merge(MappingNode base, MappingNode override, Diagnostics d) {
        return mergeMappings(base, override, List.of(), d);
    }

    /** The value at {@code path} (keys from the document root): {@code override} over {@code base}. */
    static Node merge(List<String> path, Node base, Node override, Diagnostics d) {
        Optional<MergeRules.Rule> rule = MergeRules.at(path);
        if (rule.isPresent()) {
            return MergeRules.apply(rule.get(), base, override, path, d);
        }
        if (Values.isNull(override)) {
            return base;
        }
        return switch (base) {
            case MappingNode b when override instanceof MappingNode o -> mergeMappings(b, o, path, d);
            case SequenceNode b when override instanceof SequenceNode o -> {
                List<Node> items = new ArrayList<>(b.getValue());
                items.addAll(o.getValue());
                yield sequence(b, items);
            }
            case MappingNode b -> mismatch(path, b, override, d);
            case SequenceNode b -> mismatch(path, b, override, d);
            default -> override;
        };
    }

    static MappingNode mergeMappings(MappingNode base, MappingNode override, List<String> path, Diagnostics d) {
        List<NodeTuple> out = new ArrayList<>(base.getValue());
        for (NodeTuple t : override.getValue()) {
            String key = keyOf(t);
            int at = indexOf(out, key);
            if (at < 0) {
                out.add(t);
            } else {
                List<String> next = new ArrayList<>(path);
                next.add(key);
                out.set(at, new NodeTuple(out.get(at).getKeyNode(),
                        merge(next, out.get(at).getValueNode(), t.getValueNode(), d)));
            }
        }
        return mapping(base, out);
    }

    private static Node mismatch(List<String> path, Node base, Node override, Diagnostics d) {
        d.error(override, null, String.join(".", path), "cannot merge " + Values.kind(override) + " into "
                + Values.kind(base) + " given at " + Diagnostics.position(base), "give the same form in both files");
        return override;
    }

    static Optional<Node> get(MappingNode map, String key) {
        int at = indexOf(map.getValue(), key);
        return at < 0 ? Optional.empty() : Optional.of(map.getValue().get(at).getValueNode());
    }

    /** A mapping like {@code like} (tag, style, position) with other entries. */
    static MappingNode mapping(MappingNode like, List<NodeTuple> tuples) {
        return new MappingNode(like.getTag(), true, tuples, like.getFlowStyle(), like.getStartMark(), like.getEndMark());
    }

    /** A list at {@code like}'s position with these items. */
    static SequenceNode sequence(Node like, List<Node> items) {
        return new SequenceNode(Tag.SEQ, true, items,
                like instanceof SequenceNode s ? s.getFlowStyle() : FlowStyle.BLOCK,
                like.getStartMark(), like.getEndMark());
    }

    /** {@code map} with the value of {@code key} set (replaced in place, else added at the end). */
    static MappingNode with(MappingNode map, String key, Node value) {
        List<NodeTuple> tuples = new ArrayList<>(map.getValue());
        int at = indexOf(tuples, key);
        if (at < 0) {
            tuples.add(new NodeTuple(scalar(key, value), value));
        } else {
            tuples.set(at, new NodeTuple(tuples.get(at).getKeyNode(), value));
        }
        return mapping(map, tuples);
    }

    /** {@code map} without {@code key}. */
    static MappingNode without(MappingNode map, String key) {
        List<NodeTuple> tuples = new ArrayList<>(map.getValue());
        tuples.removeIf(t -> key.equals(keyOf(t)));
        return tuples.size() == map.getValue().size() ? map : mapping(map, tuples);
    }

    /** An empty block mapping positioned at {@code at}. */
    static MappingNode emptyMapping(Node at) {
        return new MappingNode(Tag.MAP, true, new ArrayList<>(), FlowStyle.BLOCK, at.getStartMark(), at.getEndMark());
    }

    /** YAML null positioned at {@code at}. */
    static ScalarNode nullAt(Node at) {
        return new ScalarNode(Tag.NULL, true, "", ScalarStyle.PLAIN, at.getStartMark(), at.getEndMark());
    }

    /** A plain string scalar positioned at {@code at}. */
    static ScalarNode scalar(String text, Node at) {
        return new ScalarNode(Tag.STR, true, text,
                ScalarStyle.PLAIN, at.getStartMark(), at.getEndMark());
    }

    static int indexOf(List<NodeTuple> tuples, String key) {
        for (int i = 0; i < tuples.size(); i++) {
            if (key != null && key.equals(keyOf(tuples.get(i)))) {
                return i;
            }
        }
        return -1;
    }

    static String keyOf(NodeTuple t) {
        return t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
    }
}
