package io.mesoscompose.compose;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Compose's {@code !reset} and {@code !override} tags (compose-go loader/reset.go). In a document, a value tagged
 * {@code !reset} is dropped, and the field at its path is removed from what the earlier files (or the service it
 * extends) define; a value tagged {@code !override} replaces that field as a whole instead of being merged into it.
 * Tags reached through anchors and merge keys count at every place they are used.
 */
final class ResetTags {

    static final String RESET = "!reset";
    static final String OVERRIDE = "!override";

    /** The paths (mapping keys from the document root; list items as {@code [i]}) a document resets or overrides. */
    record Paths(List<List<String>> all) {
        static final Paths NONE = new Paths(List.of());

        Paths {
            all = List.copyOf(all);
        }
    }

    private ResetTags() {}

    /**
     * Finds the tagged paths of a freshly parsed document, then drops its {@code !reset} values and the tags.
     * {@code text} is the file it comes from: without either tag in it there is nothing to walk.
     */
    static Paths strip(MappingNode document, String text) {
        if (!text.contains(RESET) && !text.contains(OVERRIDE)) {
            return Paths.NONE;
        }
        List<List<String>> paths = new ArrayList<>(tagged(document, new IdentityHashMap<>()));
        untag(document, new IdentityHashMap<>());
        return new Paths(paths);
    }

    /**
     * Removes from {@code tree} the fields at the given paths; the result shares every node it does not change.
     * As compose-go, list items are never removed this way.
     */
    static MappingNode apply(MappingNode tree, Paths paths, List<String> prefix) {
        MappingNode out = tree;
        for (List<String> path : paths.all()) {
            if (path.size() > prefix.size() && path.subList(0, prefix.size()).equals(prefix)) {
                out = remove(out, path.subList(prefix.size(), path.size()));
            }
        }
        return out;
    }

    private static MappingNode remove(MappingNode map, List<String> path) {
        List<NodeTuple> tuples = new ArrayList<>(map.getValue());
        for (int i = 0; i < tuples.size(); i++) {
            NodeTuple t = tuples.get(i);
            if (!(t.getKeyNode() instanceof ScalarNode k) || !k.getValue().equals(path.get(0))) {
                continue;
            }
            if (path.size() == 1) {
                tuples.remove(i);
            } else if (t.getValueNode() instanceof MappingNode child) {
                MappingNode changed = remove(child, path.subList(1, path.size()));
                if (changed == child) {
                    return map;
                }
                tuples.set(i, new NodeTuple(t.getKeyNode(), changed));
            } else {
                return map;
            }
            return TreeMerge.mapping(map, tuples);
        }
        return map;
    }

    private static boolean isTag(Node n, String tag) {
        return n.getTag().getValue().equals(tag);
    }

    private static boolean isTagged(Node n) {
        return isTag(n, RESET) || isTag(n, OVERRIDE);
    }

    /**
     * Tagged paths below {@code node}, relative to it. Each distinct node is walked once and its result replayed
     * wherever an alias uses it again, so a document full of aliases stays linear.
     */
    private static List<List<String>> tagged(Node node, Map<Node, List<List<String>>> done) {
        List<List<String>> known = done.get(node);
        if (known != null) {
            return known;
        }
        done.put(node, List.of()); // an alias cycle counts once
        List<List<String>> found = new ArrayList<>();
        switch (node) {
            case MappingNode map -> {
                for (NodeTuple t : map.getValue()) {
                    collect(Values.key(t), t.getValueNode(), found, done);
                }
            }
            case SequenceNode seq -> {
                for (int i = 0; i < seq.getValue().size(); i++) {
                    collect("[" + i + "]", seq.getValue().get(i), found, done);
                }
            }
            default -> { }
        }
        done.put(node, found);
        return found;
    }

    private static void collect(String segment, Node value, List<List<String>> found, Map<Node, List<List<String>>> done) {
        if (isTagged(value)) {
            found.add(List.of(segment));
            return; // as compose-go: tags inside a !reset or !override value are not looked at
        }
        for (List<String> rel : tagged(value, done)) {
            List<String> path = new ArrayList<>(rel.size() + 1);
            path.add(segment);
            path.addAll(rel);
            found.add(path);
        }
    }

    /** Drops {@code !reset} values and turns {@code !override} back into an ordinary node, in place. */
    private static void untag(Node node, Map<Node, Boolean> done) {
        if (done.put(node, Boolean.TRUE) != null) {
            return;
        }
        switch (node) {
            case MappingNode map -> {
                List<NodeTuple> kept = new ArrayList<>();
                for (NodeTuple t : map.getValue()) {
                    if (!isTag(t.getValueNode(), RESET)) {
                        kept.add(t);
                        retag(t.getValueNode(), done);
                    }
                }
                map.setValue(kept);
            }
            case SequenceNode seq -> {
                seq.getValue().removeIf(n -> isTag(n, RESET));
                seq.getValue().forEach(n -> retag(n, done));
            }
            default -> { }
        }
    }

    private static void retag(Node n, Map<Node, Boolean> done) {
        if (isTag(n, OVERRIDE)) {
            n.setTag(switch (n) {
                case MappingNode m -> Tag.MAP;
                case SequenceNode s -> Tag.SEQ;
                default -> Tag.STR;
            });
        }
        untag(n, done);
    }
}
