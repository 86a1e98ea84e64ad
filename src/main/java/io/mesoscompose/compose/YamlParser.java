package io.mesoscompose.compose;

import io.mesoscompose.compose.model.SourcePosition;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * Composes a compose file into snakeyaml-engine's Node graphs (one per YAML document) with positions. The composer
 * resolves anchors and aliases but not merge keys ({@code <<}), so those are applied here; duplicate keys are
 * reported as errors. Syntax errors become diagnostics, never exceptions. The graphs are fresh for every call: the
 * loader may change them in place.
 */
final class YamlParser {

    /**
     * Bounds that keep a hostile file (alias bomb, huge text) from exhausting the server. Aliases themselves are
     * cheap (the node graph shares the aliased node), and a large real file may use thousands; what must be bounded
     * is the size of the tree once every alias is expanded, which is what a reader walking it would see.
     */
    private static final int MAX_ALIASES = 20_000;
    private static final long MAX_EXPANDED_NODES = 2_000_000;
    private static final int MAX_CODE_POINTS = 3 * 1024 * 1024;

    private YamlParser() {}

    /** The first document of a file (tests and the client's project name use this). */
    static Optional<MappingNode> parse(SourceFile file, Diagnostics d) {
        List<MappingNode> all = parseAll(file, d);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    /**
     * Every document of a file ({@code ---} separates them; compose merges them in order as if each were another
     * {@code -f} file). Empty documents are skipped; a file with none at all is an error.
     */
    static List<MappingNode> parseAll(SourceFile file, Diagnostics d) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(file.name())
                .setMaxAliasesForCollections(MAX_ALIASES)
                .setCodePointLimit(MAX_CODE_POINTS)
                .setAllowRecursiveKeys(false)
                .build();
        List<Node> roots = new ArrayList<>();
        try {
            new Compose(settings).composeAllFromReader(new StringReader(file.content())).forEach(roots::add);
        } catch (MarkedYamlEngineException e) {
            Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
            d.add(Diagnostic.Severity.ERROR, mark == null ? new SourcePosition(file.name(), 0, 0)
                            : new SourcePosition(file.name(), mark.getLine() + 1, mark.getColumn() + 1),
                    null, "", "invalid YAML: " + oneLine(e.getProblem()), null);
            return List.of();
        } catch (RuntimeException e) {
            d.add(Diagnostic.Severity.ERROR, new SourcePosition(file.name(), 0, 0),
                    null, "", "invalid YAML: " + oneLine(String.valueOf(e.getMessage())), null);
            return List.of();
        }
        List<MappingNode> documents = new ArrayList<>();
        for (Node root : roots) {
            if (Values.isNull(root)) {
                continue;
            }
            document(root, d).ifPresent(documents::add);
        }
        if (roots.stream().allMatch(Values::isNull)) {
            d.add(Diagnostic.Severity.ERROR, new SourcePosition(file.name(), 1, 1), null, "", "the file is empty", null);
        }
        return documents;
    }

    private static Optional<MappingNode> document(Node root, Diagnostics d) {
        if (!(root instanceof MappingNode mapping)) {
            d.error(root, null, "", "the top level of a compose file must be a mapping");
            return Optional.empty();
        }
        long expanded = expandedSize(mapping, new IdentityHashMap<>());
        if (expanded > MAX_EXPANDED_NODES) {
            d.error(mapping, null, "", "the file expands through its aliases to more than " + MAX_EXPANDED_NODES
                    + " YAML nodes; refused as an alias bomb");
            return Optional.empty();
        }
        resolveMergeKeys(mapping, d, new IdentityHashMap<>());
        return Optional.of(mapping);
    }

    /** Nodes of the tree with every alias expanded; linear time (each distinct node is sized once), saturating. */
    private static long expandedSize(Node node, Map<Node, Long> sized) {
        Long known = sized.get(node);
        if (known != null) {
            return known;
        }
        sized.put(node, 1L); // a recursive alias counts once instead of looping
        long size = 1;
        switch (node) {
            case SequenceNode seq -> {
                for (Node n : seq.getValue()) {
                    size = Math.min(Long.MAX_VALUE / 4, size + expandedSize(n, sized));
                }
            }
            case MappingNode map -> {
                for (NodeTuple t : map.getValue()) {
                    size = Math.min(Long.MAX_VALUE / 4, size + expandedSize(t.getKeyNode(), sized)
                            + expandedSize(t.getValueNode(), sized));
                }
            }
            default -> { }
        }
        sized.put(node, size);
        return size;
    }

    private static String oneLine(String s) {
        return s == null ? "syntax error" : s.replace('\n', ' ').trim();
    }

    /** Applies {@code <<} merge keys (explicit keys win over merged ones) and reports duplicate keys. */
    private static void resolveMergeKeys(Node node, Diagnostics d, Map<Node, Boolean> done) {
        if (done.put(node, Boolean.TRUE) != null) {
            return;
        }
        switch (node) {
            case SequenceNode seq -> seq.getValue().forEach(n -> resolveMergeKeys(n, d, done));
            case MappingNode map -> {
                map.getValue().forEach(t -> resolveMergeKeys(t.getValueNode(), d, done));
                List<NodeTuple> own = new ArrayList<>();
                List<NodeTuple> merged = new ArrayList<>();
                Set<String> seen = new HashSet<>();
                for (NodeTuple t : map.getValue()) {
                    String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
                    if ("<<".equals(key)) {
                        mergeSources(t.getValueNode(), d, done).forEach(merged::add);
                    } else {
                        if (key != null && !seen.add(key)) {
                            d.error(t.getKeyNode(), null, key, "duplicate key \"" + key + "\"");
                        }
                        own.add(t);
                    }
                }
                for (NodeTuple t : merged) {
                    String key = t.getKeyNode() instanceof ScalarNode s ? s.getValue() : null;
                    if (key == null || seen.add(key)) {
                        own.add(t);
                    }
                }
                map.setValue(own);
            }
            default -> { }
        }
    }

    private static List<NodeTuple> mergeSources(Node value, Diagnostics d, Map<Node, Boolean> done) {
        List<NodeTuple> out = new ArrayList<>();
        List<Node> sources = value instanceof SequenceNode seq ? seq.getValue() : List.of(value);
        for (Node source : sources) {
            if (source instanceof MappingNode m) {
                resolveMergeKeys(m, d, done);
                out.addAll(m.getValue());
            } else {
                d.error(source, null, "<<", "a merge key needs a mapping or a list of mappings");
            }
        }
        return out;
    }
}
