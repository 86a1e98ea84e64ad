package io.mesoscompose.compose;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * The fields that compose-go merges by a rule of their own (override/merge.go, {@code mergeSpecials}), as a table of
 * path patterns ({@code *} stands for any one key). What the rules produce is then made unique by
 * {@link UniqueEntries}: together they give "environment merged key by key, whether each file wrote a list or a
 * mapping", "dns appended without repeats", and so on.
 */
final class MergeRules {

    enum Rule {
        /** The later value replaces the earlier one whole (command, entrypoint, healthcheck.test). */
        REPLACE,
        /** Both become {@code KEY=value} lists (a mapping's entries sorted) and the later one is appended. */
        TO_LIST,
        /** As TO_LIST, without appending what the earlier list already has. */
        TO_LIST_NEW_ONLY,
        /** Both become mappings (a list item {@code x} → {@code x: {condition: service_started, required: true}}). */
        DEPENDS_ON,
        /** Both become mappings (a list item {@code x} → {@code x: null}), then merge. */
        TO_MAPPING,
        /** Options merge when both name the same driver (or one names none); otherwise the later one replaces. */
        LOGGING,
        /** A string is {@code {context: …}}; then the mappings merge. */
        BUILD
    }

    private static final PathTable<Rule> RULES = new PathTable<>();

    static {
        for (String p : List.of("services.*.command", "services.*.entrypoint", "services.*.healthcheck.test",
                "services.*.ulimits.*")) {
            rule(p, Rule.REPLACE);
        }
        for (String p : List.of("networks.*.labels", "volumes.*.labels", "services.*.annotations",
                "services.*.build.args", "services.*.build.additional_contexts", "services.*.build.labels",
                "services.*.deploy.labels", "services.*.dns", "services.*.dns_opt", "services.*.dns_search",
                "services.*.env_file", "services.*.label_file", "services.*.environment", "services.*.labels",
                "services.*.volumes.*.volume.labels", "services.*.sysctls", "services.*.tmpfs")) {
            rule(p, Rule.TO_LIST);
        }
        rule("services.*.extra_hosts", Rule.TO_LIST_NEW_ONLY);
        rule("services.*.build.extra_hosts", Rule.TO_LIST_NEW_ONLY);
        rule("services.*.depends_on", Rule.DEPENDS_ON);
        rule("services.*.networks", Rule.TO_MAPPING);
        rule("services.*.models", Rule.TO_MAPPING);
        rule("services.*.logging", Rule.LOGGING);
        rule("services.*.build", Rule.BUILD);
    }

    private MergeRules() {}

    private static void rule(String pattern, Rule rule) {
        RULES.put(pattern, rule);
    }

    static Optional<Rule> at(List<String> path) {
        return RULES.get(path);
    }

    static Node apply(Rule rule, Node base, Node override, List<String> path, Diagnostics d) {
        return switch (rule) {
            case REPLACE -> override;
            case TO_LIST -> {
                List<Node> items = new ArrayList<>(toList(base));
                items.addAll(toList(override));
                yield TreeMerge.sequence(base, items);
            }
            case TO_LIST_NEW_ONLY -> {
                List<Node> items = new ArrayList<>(toList(base));
                List<String> known = items.stream().map(MergeRules::text).toList();
                toList(override).stream().filter(n -> !known.contains(text(n))).forEach(items::add);
                yield TreeMerge.sequence(base, items);
            }
            case DEPENDS_ON, TO_MAPPING -> {
                boolean deps = rule == Rule.DEPENDS_ON;
                Optional<MappingNode> b = toMapping(base, deps);
                Optional<MappingNode> o = toMapping(override, deps);
                yield b.isPresent() && o.isPresent() ? TreeMerge.mergeMappings(b.get(), o.get(), path, d)
                        : TreeMerge.merge(List.of(), base, override, d);
            }
            case LOGGING -> {
                if (base instanceof MappingNode b && override instanceof MappingNode o) {
                    Optional<String> before = TreeMerge.get(b, "driver").map(MergeRules::text);
                    Optional<String> after = TreeMerge.get(o, "driver").map(MergeRules::text);
                    yield before.isEmpty() || after.isEmpty() || before.equals(after)
                            ? TreeMerge.mergeMappings(b, o, path, d) : o;
                }
                yield override;
            }
            case BUILD -> {
                MappingNode b = base instanceof ScalarNode s ? contextOnly(s) : base instanceof MappingNode m ? m : null;
                MappingNode o = override instanceof ScalarNode s ? contextOnly(s)
                        : override instanceof MappingNode m ? m : null;
                yield b != null && o != null ? TreeMerge.mergeMappings(b, o, path, d) : override;
            }
        };
    }

    /** compose-go's convertIntoSequence: a mapping's entries as sorted {@code KEY=value}, a string as one item. */
    static List<Node> toList(Node n) {
        return switch (n) {
            case SequenceNode s -> s.getValue();
            case MappingNode m -> {
                List<Node> items = new ArrayList<>();
                for (NodeTuple t : m.getValue()) {
                    String key = Values.key(t);
                    Node v = t.getValueNode();
                    if (Values.isNull(v)) {
                        items.add(TreeMerge.scalar(key, t.getKeyNode()));
                    } else if (v instanceof SequenceNode list) {
                        list.getValue().forEach(x -> items.add(TreeMerge.scalar(key + "=" + text(x), x)));
                    } else {
                        items.add(TreeMerge.scalar(key + "=" + text(v), v));
                    }
                }
                items.sort(Comparator.comparing(MergeRules::text));
                yield items;
            }
            case ScalarNode s when Values.isNull(s) -> List.of();
            default -> List.of(n);
        };
    }

    private static Optional<MappingNode> toMapping(Node n, boolean dependency) {
        return switch (n) {
            case MappingNode m -> Optional.of(m);
            case SequenceNode s -> {
                List<NodeTuple> tuples = new ArrayList<>();
                for (Node item : s.getValue()) {
                    Node value = dependency
                            ? TreeMerge.mapping(TreeMerge.emptyMapping(item), List.of(
                                    new NodeTuple(TreeMerge.scalar("condition", item),
                                            TreeMerge.scalar("service_started", item)),
                                    new NodeTuple(TreeMerge.scalar("required", item), TreeMerge.scalar("true", item))))
                            : TreeMerge.nullAt(item);
                    tuples.add(new NodeTuple(item, value));
                }
                yield Optional.of(TreeMerge.mapping(TreeMerge.emptyMapping(s), tuples));
            }
            default -> Optional.empty();
        };
    }

    private static MappingNode contextOnly(ScalarNode s) {
        return TreeMerge.with(TreeMerge.emptyMapping(s), "context", s);
    }

    static String text(Node n) {
        return n instanceof ScalarNode s ? s.getValue() : String.valueOf(n);
    }
}
