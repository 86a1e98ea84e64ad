package io.mesoscompose.compose;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Merges a later compose file over an earlier one (Compose "merge" rules, the common part): mappings merge
 * recursively, scalars and the command-like sequences are replaced, other sequences are appended without
 * duplicating equal scalars. Nodes keep their own file's positions.
 */
final class TreeMerge {

    /** Sequences that an override replaces as a whole. */
    private static final Set<String> REPLACED = Set.of("command", "entrypoint", "test", "dns", "dns_search");

    private TreeMerge() {}

    static MappingNode merge(MappingNode base, MappingNode override) {
        List<NodeTuple> out = new ArrayList<>(base.getValue());
        for (NodeTuple t : override.getValue()) {
            String key = keyOf(t);
            int at = indexOf(out, key);
            if (at < 0) {
                out.add(t);
            } else {
                Node merged = mergeValue(key, out.get(at).getValueNode(), t.getValueNode());
                out.set(at, new NodeTuple(out.get(at).getKeyNode(), merged));
            }
        }
        base.setValue(out);
        return base;
    }

    private static Node mergeValue(String key, Node base, Node override) {
        if (base instanceof MappingNode b && override instanceof MappingNode o) {
            return merge(b, o);
        }
        if (base instanceof SequenceNode b && override instanceof SequenceNode o && !REPLACED.contains(key)) {
            List<Node> items = new ArrayList<>(b.getValue());
            for (Node n : o.getValue()) {
                boolean dup = n instanceof ScalarNode s && items.stream()
                        .anyMatch(i -> i instanceof ScalarNode is && is.getValue().equals(s.getValue()));
                if (!dup) {
                    items.add(n);
                }
            }
            b.getValue().clear();
            b.getValue().addAll(items);
            return b;
        }
        return override;
    }

    static Optional<Node> get(MappingNode map, String key) {
        int at = indexOf(map.getValue(), key);
        return at < 0 ? Optional.empty() : Optional.of(map.getValue().get(at).getValueNode());
    }

    private static int indexOf(List<NodeTuple> tuples, String key) {
        for (int i = 0; i < tuples.size(); i++) {
            if (key != null && key.equals(keyOf(tuples.get(i)))) {
                return i;
            }
        }
        return -1;
    }

    private static String keyOf(NodeTuple t) {
        return t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
    }
}
