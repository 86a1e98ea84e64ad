package io.mesoscompose.compose;

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
 * Composes one compose file into snakeyaml-engine's Node graph with positions. The composer resolves anchors and
 * aliases but not merge keys ({@code <<}), so those are applied here; duplicate keys are reported as errors.
 * Syntax errors become diagnostics, never exceptions.
 */
final class YamlParser {

    /** Bounds that keep a hostile file (alias bomb, huge text) from exhausting the server. */
    private static final int MAX_ALIASES = 50;
    private static final int MAX_CODE_POINTS = 3 * 1024 * 1024;

    private YamlParser() {}

    static Optional<MappingNode> parse(SourceFile file, Diagnostics d) {
        LoadSettings settings = LoadSettings.builder()
                .setLabel(file.name())
                .setMaxAliasesForCollections(MAX_ALIASES)
                .setCodePointLimit(MAX_CODE_POINTS)
                .setAllowRecursiveKeys(false)
                .build();
        Optional<Node> root;
        try {
            root = new Compose(settings).composeReader(new StringReader(file.content()));
        } catch (MarkedYamlEngineException e) {
            Mark mark = e.getProblemMark().or(e::getContextMark).orElse(null);
            d.add(Diagnostic.Severity.ERROR, mark == null ? new io.mesoscompose.compose.model.SourcePosition(
                            file.name(), 0, 0)
                            : new io.mesoscompose.compose.model.SourcePosition(file.name(), mark.getLine() + 1,
                            mark.getColumn() + 1),
                    null, "", "invalid YAML: " + oneLine(e.getProblem()), null);
            return Optional.empty();
        } catch (RuntimeException e) {
            d.add(Diagnostic.Severity.ERROR, new io.mesoscompose.compose.model.SourcePosition(file.name(), 0, 0),
                    null, "", "invalid YAML: " + oneLine(String.valueOf(e.getMessage())), null);
            return Optional.empty();
        }
        if (root.isEmpty()) {
            d.add(Diagnostic.Severity.ERROR, new io.mesoscompose.compose.model.SourcePosition(file.name(), 1, 1),
                    null, "", "the file is empty", null);
            return Optional.empty();
        }
        if (!(root.get() instanceof MappingNode mapping)) {
            d.error(root.get(), null, "", "the top level of a compose file must be a mapping");
            return Optional.empty();
        }
        resolveMergeKeys(mapping, d, new IdentityHashMap<>());
        return Optional.of(mapping);
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
