package io.mesoscompose.compose;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/**
 * A service's {@code extends} (compose-go loader/extends.go): {@code extends: base} or {@code extends: {service:
 * base, file: other.yaml}}. The base service (itself resolved first, through any chain) is merged under the
 * extending one with the ordinary merge rules, after the extending document's {@code !reset}/{@code !override}
 * tags have been applied to it. A base from another file comes with that file's relative paths (made relative to
 * the project when it was read). Cycles and missing services are errors at the {@code extends} that names them.
 */
final class Extends {

    /** A file read for {@code extends}: its services, resolved on demand. */
    static final class OtherFile {
        final Resolver services;

        OtherFile(Resolver services) {
            this.services = services;
        }
    }

    private Extends() {}

    /** The document with every service's {@code extends} resolved. */
    static MappingNode apply(MappingNode document, String file, ResetTags.Paths tags, Map<String, String> env,
                             Loading ctx) {
        Optional<Node> section = TreeMerge.get(document, "services");
        if (section.isEmpty() || !(section.get() instanceof MappingNode services)) {
            return document;
        }
        Resolver r = new Resolver(services, file, tags, env, ctx);
        List<NodeTuple> resolved = new ArrayList<>();
        for (NodeTuple t : services.getValue()) {
            Node service = r.resolve(Values.key(t), List.of()).orElse(t.getValueNode());
            resolved.add(new NodeTuple(t.getKeyNode(), service));
        }
        return TreeMerge.with(document, "services", TreeMerge.mapping(services, resolved));
    }

    /**
     * Reads a file named by {@code extends.file}: its documents merged, no include, no extends at its top; its
     * paths made project-relative.
     */
    private static Optional<OtherFile> read(String path, String text, Map<String, String> env, Loading ctx) {
        MappingNode merged = null;
        List<List<String>> tagged = new ArrayList<>();
        for (MappingNode document : YamlParser.parseAll(new SourceFile(path, text), ctx.d)) {
            tagged.addAll(ResetTags.strip(document, text).all());
            TreeInterpolation.apply(document, env, ctx.d);
            RelativePaths.rebase(document, RelativePaths.dirOf(path));
            merged = merged == null ? document : TreeMerge.merge(merged, document, ctx.d);
        }
        if (merged == null) {
            return Optional.empty();
        }
        Optional<Node> services = TreeMerge.get(merged, "services");
        if (services.isEmpty() || !(services.get() instanceof MappingNode map)) {
            ctx.d.error(merged, null, "services", "a file that services extend needs a services: mapping");
            return Optional.empty();
        }
        return Optional.of(new OtherFile(new Resolver(map, path, new ResetTags.Paths(tagged), env, ctx)));
    }

    /** The services of one file, each resolved once. */
    static final class Resolver {
        private final Map<String, Node> services = new LinkedHashMap<>();
        private final Set<String> done = new HashSet<>();
        private final String file;
        private final ResetTags.Paths tags;
        private final Map<String, String> env;
        private final Loading ctx;

        Resolver(MappingNode section, String file, ResetTags.Paths tags, Map<String, String> env, Loading ctx) {
            section.getValue().forEach(t -> services.put(Values.key(t), t.getValueNode()));
            this.file = file;
            this.tags = tags;
            this.env = env;
            this.ctx = ctx;
        }

        boolean has(String name) {
            return services.containsKey(name);
        }

        /** The service with its {@code extends} resolved; empty for a name this file does not define. */
        Optional<Node> resolve(String name, List<String> chain) {
            Node node = services.get(name);
            if (node == null || done.contains(name) || !(node instanceof MappingNode service)) {
                return Optional.ofNullable(node);
            }
            Optional<Node> ext = TreeMerge.get(service, "extends");
            MappingNode result = ext.isEmpty() ? service : extend(name, service, ext.get(), chain);
            services.put(name, result);
            done.add(name);
            return Optional.of(result);
        }

        private MappingNode extend(String name, MappingNode service, Node ext, List<String> chain) {
            MappingNode without = TreeMerge.without(service, "extends");
            Values v = new Values(ctx.d, name);
            Optional<String> ref = Optional.empty();
            Optional<String> other = Optional.empty();
            if (ext instanceof MappingNode m) {
                ref = TreeMerge.get(m, "service").flatMap(n -> v.string(n, "extends.service"));
                other = TreeMerge.get(m, "file").flatMap(n -> v.string(n, "extends.file"));
                v.each(m, "extends", List.of("service", "file"), (k, val, p) -> { });
                if (ref.isEmpty()) {
                    v.error(ext, "extends", "extends needs service: (the service to extend)");
                    return without;
                }
            } else {
                ref = v.string(ext, "extends");
            }
            if (ref.isEmpty()) {
                return without;
            }
            String link = file + ": " + name;
            if (chain.contains(link) || chain.size() >= Loading.MAX_DEPTH) {
                List<String> cycle = new ArrayList<>(chain);
                cycle.add(link);
                v.error(ext, "extends", "circular extends: " + String.join(" → ", cycle));
                return without;
            }
            List<String> next = new ArrayList<>(chain);
            next.add(link);
            Optional<Node> base = other.isPresent() ? fromOtherFile(other.get(), ref.get(), name, ext, next, v)
                    : fromThisFile(ref.get(), name, ext, next, v);
            if (base.isEmpty() || Values.isNull(base.get())) {
                return without;
            }
            if (!(base.get() instanceof MappingNode source)) {
                v.error(ext, "extends", "service \"" + ref.get() + "\" is not a mapping, so it cannot be extended");
                return without;
            }
            List<String> path = List.of("services", name);
            MappingNode reset = ResetTags.apply(source, tags, path);
            MappingNode merged = TreeMerge.mergeMappings(reset, service, path, ctx.d);
            return TreeMerge.mapping(service, TreeMerge.without(merged, "extends").getValue());
        }

        private Optional<Node> fromThisFile(String ref, String name, Node at, List<String> chain, Values v) {
            if (!has(ref)) {
                v.error(at, "extends", "cannot extend service \"" + name + "\": service \"" + ref + "\" is not in "
                        + file, DidYouMean.hint(ref, services.keySet()).orElse(null));
                return Optional.empty();
            }
            return resolve(ref, chain);
        }

        private Optional<Node> fromOtherFile(String path, String ref, String name, Node at, List<String> chain,
                                             Values v) {
            Optional<OtherFile> other = ctx.otherFile(path, at, name, env, text -> read(path, text, env, ctx));
            if (other.isEmpty()) {
                return Optional.empty();
            }
            if (!other.get().services.has(ref)) {
                v.error(at, "extends", "cannot extend service \"" + name + "\": service \"" + ref + "\" is not in "
                        + path, DidYouMean.hint(ref, other.get().services.services.keySet()).orElse(null));
                return Optional.empty();
            }
            return other.get().services.resolve(ref, chain);
        }
    }
}
