package io.mesoscompose.compose;

import io.mesoscompose.compose.model.ComposeProject;
import io.mesoscompose.compose.model.ConfigDef;
import io.mesoscompose.compose.model.Network;
import io.mesoscompose.compose.model.SecretDef;
import io.mesoscompose.compose.model.Service;
import io.mesoscompose.compose.model.Volume;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/**
 * The merged, interpolated YAML tree of a project → the immutable {@link ComposeProject}. Top-level sections are
 * read first so services can be checked against them (undeclared volumes, networks, secrets, dependencies).
 * Every problem is a diagnostic; the project is returned only when there is no error.
 */
public final class ProjectReader {

    private static final List<String> RESOURCE_KEYS = List.of("name", "driver", "driver_opts", "external", "labels",
            "attachable", "internal", "enable_ipv6", "enable_ipv4", "ipam");

    private ProjectReader() {}

    public static Optional<ComposeProject> read(String projectName, MappingNode root, Map<String, String> environment,
                                                Function<String, Optional<String>> readFile, Diagnostics d) {
        Values v = new Values(d, null);
        Map<String, Node> sections = new LinkedHashMap<>();
        for (NodeTuple t : root.getValue()) {
            String key = Values.key(t);
            if (key.startsWith("x-")) {
                continue;
            }
            if (KnownFields.TOP_MAPPED.contains(key)) {
                sections.put(key, t.getValueNode());
                continue;
            }
            KnownFields.Rule rule = KnownFields.TOP_OTHER.get(key);
            if (rule == null) {
                v.error(t.getKeyNode(), key, "unknown top-level field \"" + key + "\"", DidYouMean
                        .hint(key, KnownFields.TOP_MAPPED).orElse("allowed: " + String.join(", ", KnownFields.TOP_MAPPED)));
            } else if (rule.handling() == KnownFields.Handling.IGNORED) {
                v.warning(t.getKeyNode(), key, "ignored: " + rule.reason(), null);
            } else {
                v.error(t.getKeyNode(), key, "not supported: " + rule.reason());
            }
        }
        Map<String, Network> networks = new LinkedHashMap<>();
        Map<String, Volume> volumes = new LinkedHashMap<>();
        Map<String, SecretDef> secrets = new LinkedHashMap<>();
        Map<String, ConfigDef> configs = new LinkedHashMap<>();
        Set<String> secretKeys = new LinkedHashSet<>();
        entries(sections.get("networks"), "networks", v).forEach((k, n) -> networks.put(k, network(k, n, v)));
        entries(sections.get("volumes"), "volumes", v).forEach((k, n) -> volumes.put(k, volume(k, n, v)));
        entries(sections.get("secrets"), "secrets", v).forEach((k, n) -> {
            secretKeys.add(k);
            SecretsReader.definition(k, n, v).ifPresent(s -> secrets.put(k, s));
        });
        entries(sections.get("configs"), "configs", v).forEach((k, n) -> configs.put(k, config(k, n, v)));
        Map<String, Node> serviceNodes = entries(sections.get("services"), "services", v);
        if (!sections.containsKey("services") || serviceNodes.isEmpty()) {
            v.error(sections.getOrDefault("services", root), "services", "the project has no services");
        }
        ReadContext ctx = new ReadContext(d, environment, readFile, serviceNodes.keySet(), networks.keySet(),
                volumes.keySet(), secretKeys, true);
        Map<String, List<String>> profiles = Profiles.declared(serviceNodes, d);
        Set<String> active = Profiles.active(environment);
        Map<String, Service> running = new LinkedHashMap<>();
        serviceNodes.forEach((name, node) -> {
            if (Profiles.enabled(profiles.get(name), active)) {
                ServiceReader.read(name, node, ctx).ifPresent(s -> running.put(name, s));
            } else {
                disabled(name, node, ctx, d);
            }
        });
        if (!serviceNodes.isEmpty() && running.isEmpty()) {
            v.error(sections.get("services"), "services", "no service is enabled by the active profiles "
                    + active, "enable one with --profile (or COMPOSE_PROFILES)");
        }
        Map<String, Service> services = Profiles.dependenciesChecked(running, profiles, d);
        DependsOn.checkCycles(services, d);
        if (d.hasErrors()) {
            return Optional.empty();
        }
        return Optional.of(new ComposeProject(projectName, services, networks, volumes, secrets, configs));
    }

    /** A service no active profile enables: checked as the others (its errors count), but not part of the project. */
    private static void disabled(String name, Node node, ReadContext ctx, Diagnostics d) {
        Diagnostics quiet = new Diagnostics();
        ServiceReader.read(name, node, ctx.inactive(quiet));
        quiet.all().stream().filter(Diagnostic::isError).forEach(d::add);
    }

    /**
     * The entries of a top-level section, by key (a section written as null or empty has none). Their names are the
     * user's: {@code x-foo} here is a service (or volume…) like any other, as in compose-go (processExtensions).
     */
    private static Map<String, Node> entries(Node section, String field, Values v) {
        Map<String, Node> out = new LinkedHashMap<>();
        if (section == null) {
            return out;
        }
        v.mapping(section, field).ifPresent(map -> map.getValue().forEach(t -> out.put(Values.key(t), t.getValueNode())));
        return out;
    }

    private record Resource(Optional<String> name, Optional<String> driver, boolean external,
                            Map<String, String> driverOpts, Map<String, String> labels) {}

    private static Resource resource(String field, Node node, Values v) {
        Optional<String>[] name = new Optional[] {Optional.empty()};
        Optional<String>[] driver = new Optional[] {Optional.empty()};
        boolean[] external = {false};
        Map<String, String> opts = new LinkedHashMap<>();
        Map<String, String> labels = new LinkedHashMap<>();
        v.mapping(node, field).ifPresent(m -> v.each(m, field, RESOURCE_KEYS, (k, val, p) -> {
            switch (k) {
                case "name" -> name[0] = v.string(val, p);
                case "driver" -> driver[0] = v.string(val, p);
                case "external" -> external[0] = external(val, p, v, name);
                case "driver_opts" -> v.keyValues(val, p, '=').forEach((o, x) -> opts.put(o, x.orElse("")));
                case "labels" -> labels.putAll(EnvironmentReader.labels(val, p, v));
                default -> v.warning(val, p, "ignored: the network (CNI or docker) is configured on the agents", null);
            }
        }));
        return new Resource(name[0], driver[0], external[0], opts, labels);
    }

    /** {@code external: true}, or the legacy {@code external: {name: x}}. */
    private static boolean external(Node val, String path, Values v, Optional<String>[] name) {
        if (val instanceof MappingNode m) {
            TreeMerge.get(m, "name").flatMap(n -> v.string(n, path + ".name")).ifPresent(n -> name[0] = Optional.of(n));
            return true;
        }
        return v.bool(val, path).orElse(false);
    }

    private static Network network(String key, Node node, Values v) {
        Resource r = resource("networks." + key, node, v);
        return new Network(key, r.name(), r.driver(), r.external(), r.driverOpts(), r.labels());
    }

    private static Volume volume(String key, Node node, Values v) {
        Resource r = resource("volumes." + key, node, v);
        return new Volume(key, r.name(), r.driver(), r.external(), r.driverOpts(), r.labels());
    }

    private static ConfigDef config(String key, Node node, Values v) {
        String[] f = {null, null, null, null};
        boolean[] external = {false};
        String field = "configs." + key;
        v.mapping(node, field).ifPresent(m -> v.each(m, field, List.of("content", "file", "environment", "external",
                "name"), (k, val, p) -> {
            switch (k) {
                case "content" -> f[0] = v.string(val, p).orElse(null);
                case "file" -> f[1] = v.string(val, p).orElse(null);
                case "environment" -> f[2] = v.string(val, p).orElse(null);
                case "name" -> f[3] = v.string(val, p).orElse(null);
                default -> external[0] = v.bool(val, p).orElse(false);
            }
        }));
        return new ConfigDef(key, Optional.ofNullable(f[0]), Optional.ofNullable(f[1]), Optional.ofNullable(f[2]),
                external[0], Optional.ofNullable(f[3]));
    }
}
