package io.mesoscompose.compose;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * The top-level {@code include:} (compose-go loader/include.go). Each entry, {@code path} or {@code {path,
 * env_file, project_directory}}, is a compose project of its own: its files ({@code path} may list several, merged
 * like {@code -f}) are loaded with every step of {@link ModelLoader}, relative paths from its project directory
 * (default: the directory of its first file), and variables from its {@code env_file} (default: the {@code .env} of
 * its project directory) under the including project's, which win. Its services, networks, volumes, secrets and
 * configs join the including document; where both define one, the including document's definition is merged over
 * the included one.
 */
final class Includes {

    private static final List<String> RESOURCES = List.of("services", "volumes", "networks", "secrets", "configs");

    private Includes() {}

    /** One include entry, its paths already relative to the project. */
    private record Entry(List<String> paths, List<String> envFiles, Optional<String> projectDirectory, Node at) {}

    /** The document without {@code include:}, with the included resources in it. */
    static MappingNode apply(MappingNode document, Map<String, String> env, ResetTags.Paths tags, Loading ctx,
                             List<String> includedFrom) {
        Optional<Node> include = TreeMerge.get(document, "include");
        if (include.isEmpty()) {
            return document;
        }
        MappingNode out = TreeMerge.without(document, "include");
        Values v = new Values(ctx.d, null);
        if (!(include.get() instanceof SequenceNode list)) {
            if (!Values.isNull(include.get())) {
                v.error(include.get(), "include", "include must be a list, found " + Values.kind(include.get()));
            }
            return out;
        }
        for (int i = 0; i < list.getValue().size(); i++) {
            Optional<Entry> entry = entry(list.getValue().get(i), "include[" + i + "]", v);
            if (entry.isPresent()) {
                Optional<MappingNode> model = load(entry.get(), env, ctx, includedFrom, v);
                if (model.isPresent()) {
                    out = importResources(out, model.get(), tags, ctx.d);
                }
            }
        }
        return out;
    }

    private static Optional<Entry> entry(Node item, String field, Values v) {
        if (item instanceof ScalarNode) {
            return v.string(item, field).map(p -> new Entry(List.of(p), List.of(), Optional.empty(), item));
        }
        Optional<MappingNode> map = v.mapping(item, field);
        if (map.isEmpty()) {
            return Optional.empty();
        }
        List<String> paths = new ArrayList<>();
        List<String> envFiles = new ArrayList<>();
        List<String> dir = new ArrayList<>();
        v.each(map.get(), field, List.of("path", "env_file", "project_directory"), (k, val, p) -> {
            switch (k) {
                case "path" -> paths.addAll(v.strings(val, p, true));
                case "env_file" -> envFiles.addAll(v.strings(val, p, true));
                default -> v.string(val, p).ifPresent(dir::add);
            }
        });
        if (paths.isEmpty()) {
            v.error(item, field, "an include needs path: (the compose file to include)");
            return Optional.empty();
        }
        return Optional.of(new Entry(paths, envFiles, dir.stream().findFirst(), item));
    }

    private static Optional<MappingNode> load(Entry e, Map<String, String> env, Loading ctx, List<String> includedFrom,
                                              Values v) {
        String main = e.paths().get(0);
        if (includedFrom.contains(main) || includedFrom.size() >= Loading.MAX_DEPTH) {
            List<String> cycle = new ArrayList<>(includedFrom);
            cycle.add(main);
            v.error(e.at(), "include", "include cycle: " + String.join(" → ", cycle));
            return Optional.empty();
        }
        if (!ctx.mayInclude(e.at())) {
            return Optional.empty();
        }
        String dir = e.projectDirectory().orElse(RelativePaths.dirOf(main));
        Map<String, String> scope = new HashMap<>(env);
        variables(e, dir, env, ctx).forEach(scope::putIfAbsent);
        List<SourceFile> files = new ArrayList<>();
        for (String path : e.paths()) {
            ctx.read(path, e.at(), null, "include").ifPresent(text -> files.add(new SourceFile(path, text)));
        }
        if (files.size() < e.paths().size()) {
            return Optional.empty();
        }
        return ModelLoader.load(files, scope, dir, ctx, includedFrom).map(m -> bareNamesResolved(m, scope));
    }

    /** The include's own variables: its env_file entries, else the .env of its project directory. */
    private static Map<String, String> variables(Entry e, String dir, Map<String, String> env, Loading ctx) {
        Map<String, String> vars = new LinkedHashMap<>();
        List<String> files = e.envFiles().isEmpty() ? List.of(RelativePaths.join(dir, ".env")) : e.envFiles();
        for (String file : files) {
            if (file.equals("/dev/null")) {
                continue;
            }
            Optional<String> text = e.envFiles().isEmpty() ? ctx.readIfPresent(file) : ctx.read(file, e.at(), null,
                    "include.env_file");
            try {
                text.ifPresent(t -> vars.putAll(DotEnv.parse(t, env, vars)));
            } catch (IllegalArgumentException ex) {
                ctx.d.error(e.at(), null, "include.env_file", file + ": " + ex.getMessage());
            }
        }
        return vars;
    }

    /**
     * compose-go ResolveEnvironment: a bare {@code NAME} in a service's environment list takes its value from the
     * include's variables, which the including project does not have.
     */
    private static MappingNode bareNamesResolved(MappingNode model, Map<String, String> scope) {
        Optional<Node> section = TreeMerge.get(model, "services");
        if (section.isEmpty() || !(section.get() instanceof MappingNode services)) {
            return model;
        }
        List<NodeTuple> out = new ArrayList<>();
        for (NodeTuple t : services.getValue()) {
            Node s = t.getValueNode();
            if (s instanceof MappingNode service && TreeMerge.get(service, "environment").orElse(null)
                    instanceof SequenceNode list) {
                List<Node> items = new ArrayList<>();
                for (Node item : list.getValue()) {
                    boolean bare = item instanceof ScalarNode x && !x.getValue().contains("=")
                            && scope.containsKey(x.getValue());
                    items.add(bare ? TreeMerge.scalar(((ScalarNode) item).getValue() + "="
                            + scope.get(((ScalarNode) item).getValue()), item) : item);
                }
                s = TreeMerge.with(service, "environment", TreeMerge.sequence(list, items));
            }
            out.add(new NodeTuple(t.getKeyNode(), s));
        }
        return TreeMerge.with(model, "services", TreeMerge.mapping(services, out));
    }

    /** compose-go importResources: what the including document defines too is merged over the included one. */
    private static MappingNode importResources(MappingNode document, MappingNode included, ResetTags.Paths tags,
                                               Diagnostics d) {
        MappingNode out = document;
        for (String key : RESOURCES) {
            Optional<Node> from = TreeMerge.get(included, key);
            if (from.isEmpty() || !(from.get() instanceof MappingNode resources)) {
                continue;
            }
            Node existing = TreeMerge.get(out, key).orElse(null);
            MappingNode to = existing instanceof MappingNode m ? m : TreeMerge.emptyMapping(resources);
            for (NodeTuple t : resources.getValue()) {
                String name = Values.key(t);
                Optional<Node> conflict = TreeMerge.get(to, name);
                Node value = t.getValueNode();
                if (conflict.isPresent()) {
                    List<String> path = List.of(key, name);
                    Node base = value instanceof MappingNode m ? ResetTags.apply(m, tags, path) : value;
                    value = TreeMerge.merge(path, base, conflict.get(), d);
                }
                to = conflict.isPresent() ? TreeMerge.with(to, name, value) : withEntry(to, t.getKeyNode(), value);
            }
            out = TreeMerge.with(out, key, to);
        }
        return out;
    }

    private static MappingNode withEntry(MappingNode map, Node key, Node value) {
        List<NodeTuple> tuples = new ArrayList<>(map.getValue());
        tuples.add(new NodeTuple(key, value));
        return TreeMerge.mapping(map, tuples);
    }
}
