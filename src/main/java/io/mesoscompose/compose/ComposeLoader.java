package io.mesoscompose.compose;

import io.mesoscompose.compose.model.ComposeProject;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Public entry point: compose files → one interpolated, merged YAML tree → {@link ProjectReader}. Never throws for
 * bad input; every problem is a {@link Diagnostic}.
 */
public final class ComposeLoader {

    private ComposeLoader() {}

    public static LoadResult load(LoadRequest request) {
        Diagnostics d = new Diagnostics();
        try {
            return new LoadResult(loadInto(request, d), d.all());
        } catch (RuntimeException | StackOverflowError e) {
            d.add(Diagnostic.Severity.ERROR, io.mesoscompose.compose.model.SourcePosition.UNKNOWN, null, "",
                    "the compose files could not be loaded: " + e, null);
            return new LoadResult(Optional.empty(), d.all());
        }
    }

    private static Optional<ComposeProject> loadInto(LoadRequest request, Diagnostics d) {
        if (request.files().isEmpty()) {
            d.add(Diagnostic.Severity.ERROR, io.mesoscompose.compose.model.SourcePosition.UNKNOWN, null, "",
                    "no compose file given", null);
            return Optional.empty();
        }
        Map<String, String> env = environment(request, d);
        MappingNode merged = null;
        for (SourceFile file : request.files()) {
            Optional<MappingNode> root = YamlParser.parse(file, d);
            if (root.isEmpty()) {
                continue;
            }
            MappingNode tree = (MappingNode) interpolate(root.get(), env, d, true,
                    new IdentityHashMap<>());
            merged = merged == null ? tree : TreeMerge.merge(merged, tree);
        }
        if (merged == null || d.hasErrors()) {
            return Optional.empty();
        }
        Optional<String> name = projectName(request, merged);
        if (name.isEmpty()) {
            d.error(merged, null, "name", "the project has no name",
                    "give one with --project-name, a top-level name:, or COMPOSE_PROJECT_NAME");
            return Optional.empty();
        }
        Optional<ComposeProject> project = ProjectReader.read(name.get(), merged, env, request.readFile(), d);
        return d.hasErrors() ? Optional.empty() : project;
    }

    /** The given environment over the variables of an optional {@code .env} (read through the request). */
    private static Map<String, String> environment(LoadRequest request, Diagnostics d) {
        Map<String, String> env = new java.util.HashMap<>();
        Optional<String> dotEnv = request.readFile().apply(".env");
        if (dotEnv.isPresent()) {
            try {
                env.putAll(DotEnv.parse(dotEnv.get(), request.environment()));
            } catch (IllegalArgumentException e) {
                d.add(Diagnostic.Severity.ERROR, io.mesoscompose.compose.model.SourcePosition.UNKNOWN, null, "",
                        ".env: " + e.getMessage(), null);
            }
        }
        env.putAll(request.environment());
        return env;
    }

    /** As docker compose: the explicit name, else {@code COMPOSE_PROJECT_NAME}, else the top-level {@code name:}. */
    static Optional<String> projectName(LoadRequest request, MappingNode root) {
        Optional<String> raw = request.projectName().filter(s -> !s.isBlank());
        if (raw.isEmpty()) {
            raw = Optional.ofNullable(request.environment().get("COMPOSE_PROJECT_NAME")).filter(s -> !s.isBlank());
        }
        if (raw.isEmpty()) {
            raw = TreeMerge.get(root, "name").filter(ScalarNode.class::isInstance)
                    .map(n -> ((ScalarNode) n).getValue()).filter(s -> !s.isBlank());
        }
        return raw.map(s -> s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "")).filter(s -> !s.isEmpty());
    }

    /** Interpolates scalar values (not keys); skips {@code x-*} extension fields. */
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
                    boolean extension = extensionLevel && t.getKeyNode() instanceof ScalarNode k
                            && k.getValue().startsWith("x-");
                    boolean services = extensionLevel && t.getKeyNode() instanceof ScalarNode k
                            && k.getValue().equals("services");
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
