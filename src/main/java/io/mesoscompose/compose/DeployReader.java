package io.mesoscompose.compose;

import io.mesoscompose.compose.model.Constraint;
import io.mesoscompose.compose.model.Deploy;
import io.mesoscompose.compose.model.Deploy.Resources;
import io.mesoscompose.compose.model.Deploy.UpdateConfig;
import io.mesoscompose.compose.model.RestartPolicy;
import io.mesoscompose.compose.model.SpreadPreference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * {@code deploy:}: mode, replicas, resources, placement, restart_policy, update_config, rollback_config, labels, and
 * the Go mesos-compose's {@code runtime} (the Docker runtime, e.g. runcvm).
 */
final class DeployReader {

    private static final List<String> KEYS = List.of("mode", "replicas", "resources", "placement", "restart_policy",
            "update_config", "rollback_config", "labels", "endpoint_mode", "runtime");

    /**
     * What {@code deploy:} says; the restart policy is merged with {@code restart:} by the service reader, the
     * runtime goes to the service.
     */
    record Result(Deploy deploy, Optional<RestartPolicy> restartPolicy, Optional<String> runtime) {}

    private final Values v;
    private Deploy.Mode mode = Deploy.Mode.REPLICATED;
    private Optional<Integer> replicas = Optional.empty();
    private Resources limits = Resources.NONE;
    private Resources reservations = Resources.NONE;
    private final List<Constraint> constraints = new ArrayList<>();
    private final List<SpreadPreference> spread = new ArrayList<>();
    private Optional<UpdateConfig> updateConfig = Optional.empty();
    private Optional<UpdateConfig> rollbackConfig = Optional.empty();
    private Map<String, String> labels = new LinkedHashMap<>();
    private Optional<RestartPolicy> restartPolicy = Optional.empty();
    private Optional<String> runtime = Optional.empty();

    private DeployReader(Values v) {
        this.v = v;
    }

    static Result read(Node node, Values v) {
        DeployReader r = new DeployReader(v);
        v.mapping(node, "deploy").ifPresent(map -> v.each(map, "deploy", KEYS, r::field));
        Deploy deploy = new Deploy(r.mode, r.replicas.orElse(1), r.limits, r.reservations, r.constraints,
                r.updateConfig, r.labels, r.rollbackConfig, r.spread);
        return new Result(deploy, r.restartPolicy, r.runtime);
    }

    /** Whether {@code deploy.replicas} was written (to detect a conflict with the service's {@code scale:}). */
    static boolean declaresReplicas(Node node) {
        return node instanceof MappingNode m && TreeMerge.get(m, "replicas").isPresent();
    }

    private void field(String key, Node value, String path) {
        switch (key) {
            case "mode" -> v.string(value, path).ifPresent(m -> {
                switch (m) {
                    case "replicated" -> mode = Deploy.Mode.REPLICATED;
                    case "global" -> {
                        mode = Deploy.Mode.GLOBAL;
                        v.error(value, path, "global mode (one task on every node) is not supported: Mesos offers"
                                + " no fixed node list", "use replicas: N with the constraint unique");
                    }
                    default -> v.error(value, path, "\"" + m + "\" is not a deploy mode; expected replicated");
                }
            });
            case "replicas" -> replicas = v.integer(value, path, 0, 100_000).map(Long::intValue);
            case "resources" -> v.mapping(value, path).ifPresent(map -> v.each(map, path,
                    List.of("limits", "reservations"), (k, val, p) -> {
                        Resources res = resources(val, p);
                        if (k.equals("limits")) {
                            limits = res;
                        } else {
                            reservations = res;
                        }
                    }));
            case "placement" -> v.mapping(value, path).ifPresent(map -> v.each(map, path,
                    List.of("constraints", "attributes", "preferences", "max_replicas_per_node"), this::placement));
            case "restart_policy" -> v.mapping(value, path).ifPresent(this::restartPolicy);
            case "update_config" -> v.mapping(value, path)
                    .ifPresent(map -> updateConfig = Optional.of(update(map, path, false)));
            case "rollback_config" -> v.mapping(value, path)
                    .ifPresent(map -> rollbackConfig = Optional.of(update(map, path, true)));
            case "labels" -> v.keyValues(value, path, '=').forEach((k, val) -> labels.put(k, val.orElse("")));
            case "endpoint_mode" -> v.warning(value, path, "ignored: tasks are found through Mesos service"
                    + " discovery (DiscoveryInfo), not a swarm VIP", null);
            case "runtime" -> runtime = v.string(value, path).map(String::strip).filter(r -> !r.isEmpty());
            default -> throw new IllegalStateException(key);
        }
    }

    private Resources resources(Node node, String path) {
        OptionalDouble[] cpus = {OptionalDouble.empty()};
        OptionalDouble[] mem = {OptionalDouble.empty()};
        OptionalInt[] gpus = {OptionalInt.empty()};
        v.mapping(node, path).ifPresent(map -> v.each(map, path,
                List.of("cpus", "memory", "pids", "devices", "generic_resources"), (k, val, p) -> {
                    switch (k) {
                        case "cpus" -> v.number(val, p, 0.001).ifPresent(c -> cpus[0] = OptionalDouble.of(c));
                        case "memory" -> v.memoryMb(val, p).ifPresent(m -> mem[0] = OptionalDouble.of(m));
                        case "devices" -> gpus[0] = gpus(val, p);
                        default -> v.warning(val, p, "ignored: Mesos offers no " + k + " resource per task", null);
                    }
                }));
        return new Resources(cpus[0], mem[0], gpus[0]);
    }

    /** {@code devices: [{capabilities: [gpu], count: N}]} → N GPUs ({@code all} is refused: Mesos needs a number). */
    private OptionalInt gpus(Node node, String path) {
        int total = 0;
        if (node instanceof SequenceNode seq) {
            for (Node device : seq.getValue()) {
                Optional<MappingNode> map = v.mapping(device, path);
                if (map.isEmpty()) {
                    continue;
                }
                boolean gpu = TreeMerge.get(map.get(), "capabilities")
                        .map(c -> v.strings(c, path + ".capabilities", false).contains("gpu")).orElse(false);
                if (!gpu) {
                    v.warning(device, path, "ignored: only GPU devices (capabilities: [gpu]) can be reserved", null);
                    continue;
                }
                Optional<Node> count = TreeMerge.get(map.get(), "count");
                if (count.isEmpty()) {
                    v.error(device, path, "a GPU reservation needs count: N (Mesos allocates GPUs by number)");
                    continue;
                }
                total += v.integer(count.get(), path + ".count", 1, 64).orElse(0L).intValue();
            }
        } else {
            v.error(node, path, "expected a list of devices");
        }
        return total > 0 ? OptionalInt.of(total) : OptionalInt.empty();
    }

    private void placement(String key, Node value, String path) {
        switch (key) {
            case "constraints" -> forEachString(value, path,
                    (text, at, p) -> ConstraintSyntax.constraint(text, at, p, v).ifPresent(constraints::add));
            case "attributes" -> forEachString(value, path,
                    (text, at, p) -> ConstraintSyntax.attribute(text, at, p, v).ifPresent(constraints::add));
            case "max_replicas_per_node" -> v.integer(value, path, 1, 100_000).ifPresent(n -> {
                if (n == 1) {
                    constraints.add(new Constraint.Unique("max_replicas_per_node: 1", Diagnostics.position(value)));
                } else {
                    v.error(value, path, "only 1 is supported (the same as the constraint unique)");
                }
            });
            case "preferences" -> preferences(value, path);
            default -> throw new IllegalStateException(key);
        }
    }

    /** {@code preferences: [{spread: node.labels.rack}]}: spread over the values of an agent attribute. */
    private void preferences(Node list, String path) {
        if (!(list instanceof SequenceNode seq)) {
            v.error(list, path, "expected a list of preferences such as - spread: node.labels.rack, found "
                    + Values.kind(list));
            return;
        }
        for (int i = 0; i < seq.getValue().size(); i++) {
            Node item = seq.getValue().get(i);
            String p = path + "[" + i + "]";
            v.mapping(item, p).ifPresent(map -> v.each(map, p, List.of("spread"), (k, value, at) ->
                    v.string(value, at).ifPresent(text -> spreadLabel(text.strip()).ifPresentOrElse(
                            attribute -> spread.add(new SpreadPreference(attribute, text.strip(),
                                    Diagnostics.position(value))),
                            () -> v.error(value, at, "\"" + text + "\" cannot be spread over",
                                    "expected node.labels.ATTRIBUTE (an agent attribute), e.g. node.labels.rack")))));
        }
    }

    /** The agent attribute a spread descriptor names, as constraints map node and engine labels. */
    private static Optional<String> spreadLabel(String descriptor) {
        for (String prefix : new String[] {"node.labels.", "engine.labels."}) {
            // swarmkit (manager/scheduler/nodeset.go) compares the prefix ignoring case
            if (descriptor.regionMatches(true, 0, prefix, 0, prefix.length()) && descriptor.length() > prefix.length()) {
                return Optional.of(descriptor.substring(prefix.length()));
            }
        }
        return Optional.empty();
    }

    private interface EachString {
        void accept(String text, Node at, String path);
    }

    private void forEachString(Node list, String path, EachString each) {
        if (!(list instanceof SequenceNode seq)) {
            v.error(list, path, "expected a list of strings, found " + Values.kind(list));
            return;
        }
        for (int i = 0; i < seq.getValue().size(); i++) {
            Node item = seq.getValue().get(i);
            String p = path + "[" + i + "]";
            v.string(item, p).ifPresent(text -> each.accept(text, item, p));
        }
    }

    private void restartPolicy(MappingNode map) {
        RestartPolicy.Condition[] condition = {RestartPolicy.Condition.ALWAYS};
        OptionalInt[] max = {OptionalInt.empty()};
        Optional<Duration>[] delay = new Optional[] {Optional.empty()};
        Optional<Duration>[] window = new Optional[] {Optional.empty()};
        v.each(map, "deploy.restart_policy", List.of("condition", "delay", "max_attempts", "window"), (k, val, p) -> {
            switch (k) {
                case "condition" -> v.string(val, p).ifPresent(c -> {
                    switch (c) {
                        case "none" -> condition[0] = RestartPolicy.Condition.NO;
                        case "on-failure" -> condition[0] = RestartPolicy.Condition.ON_FAILURE;
                        case "any" -> condition[0] = RestartPolicy.Condition.ALWAYS;
                        default -> v.error(val, p, "\"" + c + "\" is not a restart condition; expected none,"
                                + " on-failure or any");
                    }
                });
                case "delay" -> delay[0] = v.duration(val, p);
                case "max_attempts" -> v.integer(val, p, 0, Integer.MAX_VALUE)
                        .ifPresent(n -> max[0] = OptionalInt.of(n.intValue()));
                default -> window[0] = v.duration(val, p);
            }
        });
        restartPolicy = Optional.of(new RestartPolicy(condition[0], max[0], delay[0], window[0]));
    }

    /**
     * {@code update_config} / {@code rollback_config}, as {@code docker stack deploy} hands them to Swarm: a missing
     * parallelism is 1 (docker/cli convertUpdateConfig), a missing or zero monitor is Swarm's default of 5 s (the
     * daemon sends no monitor for 0, swarmkit api/defaults), and the values swarmkit's controlapi
     * {@code validateUpdate} refuses (a negative delay or monitor, a ratio outside 0..1) are errors here.
     */
    private UpdateConfig update(MappingNode map, String path, boolean rollback) {
        UpdateConfig d = UpdateConfig.DEFAULT;
        int[] parallelism = {d.parallelism()};
        Duration[] delay = {d.delay()};
        UpdateConfig.Order[] order = {d.order()};
        UpdateConfig.FailureAction[] action = {d.failureAction()};
        Duration[] monitor = {d.monitor()};
        double[] ratio = {d.maxFailureRatio()};
        v.each(map, path, List.of("parallelism", "delay", "order", "failure_action", "monitor", "max_failure_ratio"),
                (k, val, p) -> {
                    switch (k) {
                        case "parallelism" -> v.integer(val, p, 0, 100_000).ifPresent(n -> parallelism[0] = n.intValue());
                        case "delay" -> notNegative(val, p).ifPresent(t -> delay[0] = t);
                        case "monitor" -> notNegative(val, p).ifPresent(t -> {
                            if (t.isZero()) {
                                v.warning(val, p, "0 means Swarm's default of " + d.monitor().toSeconds() + "s: Docker"
                                        + " sends no monitor for 0", "write the monitor you want, e.g. 1s");
                            } else {
                                monitor[0] = t;
                            }
                        });
                        case "max_failure_ratio" -> v.number(val, p, Double.NEGATIVE_INFINITY).ifPresent(r -> {
                            if (r < 0 || r > 1) {
                                v.error(val, p, r + " is out of range; expected a fraction from 0 to 1 (0.25: a quarter"
                                        + " of the updated tasks may fail)");
                            } else {
                                ratio[0] = r;
                            }
                        });
                        case "order" -> v.string(val, p).ifPresent(o -> {
                            switch (o) {
                                case "stop-first" -> order[0] = UpdateConfig.Order.STOP_FIRST;
                                case "start-first" -> order[0] = UpdateConfig.Order.START_FIRST;
                                default -> v.error(val, p, "\"" + o + "\" is not an order; expected stop-first or start-first");
                            }
                        });
                        default -> v.string(val, p).ifPresent(a -> {
                            switch (a) {
                                case "pause" -> action[0] = UpdateConfig.FailureAction.PAUSE;
                                case "continue" -> action[0] = UpdateConfig.FailureAction.CONTINUE;
                                case "rollback" -> {
                                    action[0] = UpdateConfig.FailureAction.ROLLBACK;
                                    if (rollback) {
                                        v.warning(val, p, "a rollback is never rolled back: a failing rollback pauses,"
                                                + " as in Swarm", "write pause or continue");
                                    }
                                }
                                default -> v.error(val, p, "\"" + a + "\" is not a failure action; expected pause,"
                                        + " continue or rollback");
                            }
                        });
                    }
                });
        return new UpdateConfig(parallelism[0], delay[0], order[0], action[0], monitor[0], ratio[0]);
    }

    private Optional<Duration> notNegative(Node value, String path) {
        if (value instanceof ScalarNode scalar && scalar.getValue().strip().startsWith("-")) {
            v.error(value, path, "a duration cannot be negative");
            return Optional.empty();
        }
        return v.duration(value, path);
    }
}
