package io.mesoscompose.compose;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * compose-go's override.EnforceUnicity: in the lists below, an entry whose key an earlier entry already has takes
 * that earlier entry's place, so the later file wins and nothing is there twice. Keys: the name before {@code =}
 * (environment, labels, dns, cap_add…), the container path (volumes, devices), the mount target (secrets), the
 * published binding (ports), the path (env_file). Runs after every merge, so it also settles a single file's lists.
 */
final class UniqueEntries {

    private enum Key { NAME, VOLUME_TARGET, DEVICE_TARGET, SECRET_TARGET, CONFIG_TARGET, ENV_FILE, EXPOSE, PORT }

    private static final PathTable<Key> TABLE = new PathTable<>();

    static {
        for (String p : List.of("networks.*.labels", "networks.*.ipam.options", "services.*.annotations",
                "services.*.build.args", "services.*.build.additional_contexts", "services.*.build.platform",
                "services.*.build.tags", "services.*.build.labels", "services.*.cap_add", "services.*.cap_drop",
                "services.*.deploy.labels", "services.*.dns", "services.*.dns_opt", "services.*.dns_search",
                "services.*.environment", "services.*.labels", "services.*.links", "services.*.networks.*.aliases",
                "services.*.networks.*.link_local_ips", "services.*.profiles", "services.*.sysctls",
                "services.*.tmpfs")) {
            TABLE.put(p, Key.NAME);
        }
        TABLE.put("services.*.volumes", Key.VOLUME_TARGET);
        TABLE.put("services.*.devices", Key.DEVICE_TARGET);
        TABLE.put("services.*.secrets", Key.SECRET_TARGET);
        TABLE.put("services.*.configs", Key.CONFIG_TARGET);
        TABLE.put("services.*.env_file", Key.ENV_FILE);
        TABLE.put("services.*.expose", Key.EXPOSE);
        TABLE.put("services.*.ports", Key.PORT);
    }

    private UniqueEntries() {}

    static MappingNode apply(MappingNode root) {
        return (MappingNode) walk(root, List.of());
    }

    private static Node walk(Node node, List<String> path) {
        Optional<Key> key = TABLE.get(path);
        if (key.isPresent()) {
            return node instanceof SequenceNode seq ? unique(seq, key.get()) : node;
        }
        if (!(node instanceof MappingNode map) || !TABLE.leadsSomewhere(path)) {
            return node;
        }
        List<NodeTuple> tuples = new ArrayList<>(map.getValue());
        boolean changed = false;
        for (int i = 0; i < tuples.size(); i++) {
            NodeTuple t = tuples.get(i);
            List<String> next = new ArrayList<>(path);
            next.add(Values.key(t));
            Node value = walk(t.getValueNode(), next);
            if (value != t.getValueNode()) {
                tuples.set(i, new NodeTuple(t.getKeyNode(), value));
                changed = true;
            }
        }
        return changed ? TreeMerge.mapping(map, tuples) : map;
    }

    private static Node unique(SequenceNode seq, Key key) {
        List<Node> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (Node entry : seq.getValue()) {
            Optional<String> k = keyOf(entry, key);
            Integer at = k.map(seen::get).orElse(null);
            if (at != null) {
                out.set(at, entry);
            } else {
                k.ifPresent(x -> seen.put(x, out.size()));
                out.add(entry);
            }
        }
        return out.size() == seq.getValue().size() ? seq : TreeMerge.sequence(seq, out);
    }

    private static Optional<String> keyOf(Node entry, Key key) {
        if (entry instanceof ScalarNode s && !Values.isNull(s)) {
            String text = s.getValue();
            String[] parts = text.split(":", -1);
            return Optional.of(switch (key) {
                case NAME -> text.contains("=") ? text.substring(0, text.indexOf('=')) : text;
                case VOLUME_TARGET, DEVICE_TARGET -> parts.length == 1 ? parts[0] : parts[1];
                case SECRET_TARGET -> "/run/secrets/" + text;
                case CONFIG_TARGET -> "/" + text;
                case ENV_FILE, EXPOSE, PORT -> text;
            });
        }
        if (entry instanceof MappingNode m) {
            return switch (key) {
                case VOLUME_TARGET, DEVICE_TARGET -> field(m, "target");
                case SECRET_TARGET -> field(m, "target").or(() -> field(m, "source").map(x -> "/run/secrets/" + x));
                case CONFIG_TARGET -> field(m, "target").or(() -> field(m, "source").map(x -> "/" + x));
                case ENV_FILE -> field(m, "path");
                case PORT -> field(m, "target").map(target -> field(m, "host_ip").orElse("0.0.0.0") + ":"
                        + field(m, "published").orElse("") + ":" + target + "/" + field(m, "protocol").orElse("tcp"));
                case NAME, EXPOSE -> Optional.empty();
            };
        }
        return Optional.empty();
    }

    private static Optional<String> field(MappingNode m, String name) {
        return TreeMerge.get(m, name).filter(ScalarNode.class::isInstance).map(n -> ((ScalarNode) n).getValue());
    }
}
