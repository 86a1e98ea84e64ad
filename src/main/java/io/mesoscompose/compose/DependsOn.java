package io.mesoscompose.compose;

import io.mesoscompose.compose.model.Dependency;
import io.mesoscompose.compose.model.Dependency.Condition;
import io.mesoscompose.compose.model.Service;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/** {@code depends_on:} as a list of services or a mapping with {@code condition, restart, required}; and cycles. */
final class DependsOn {

    private DependsOn() {}

    static List<Dependency> read(Node node, Values v, ReadContext ctx) {
        List<Dependency> out = new ArrayList<>();
        if (node instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                String name = Values.key(t);
                String path = "depends_on." + name;
                Condition[] condition = {Condition.STARTED};
                boolean[] restartRequired = {false, true};
                v.mapping(t.getValueNode(), path).ifPresent(m -> v.each(m, path,
                        List.of("condition", "restart", "required"), (k, val, p) -> {
                            switch (k) {
                                case "condition" -> v.string(val, p).flatMap(c -> condition(c, val, p, v))
                                        .ifPresent(c -> condition[0] = c);
                                case "restart" -> restartRequired[0] = v.bool(val, p).orElse(false);
                                default -> restartRequired[1] = v.bool(val, p).orElse(true);
                            }
                        }));
                if (exists(name, t.getKeyNode(), path, v, ctx)) {
                    out.add(new Dependency(name, condition[0], restartRequired[0], restartRequired[1]));
                }
            }
        } else {
            for (String name : v.strings(node, "depends_on", false)) {
                if (exists(name, node, "depends_on", v, ctx)) {
                    out.add(new Dependency(name, Condition.STARTED, false, true));
                }
            }
        }
        return out;
    }

    private static Optional<Condition> condition(String c, Node at, String path, Values v) {
        return switch (c) {
            case "service_started" -> Optional.of(Condition.STARTED);
            case "service_healthy" -> Optional.of(Condition.HEALTHY);
            case "service_completed_successfully" -> Optional.of(Condition.COMPLETED_SUCCESSFULLY);
            default -> {
                v.error(at, path, "\"" + c + "\" is not a condition; expected service_started, service_healthy or"
                        + " service_completed_successfully");
                yield Optional.empty();
            }
        };
    }

    private static boolean exists(String name, Node at, String path, Values v, ReadContext ctx) {
        if (name.equals(v.service)) {
            v.error(at, path, "a service cannot depend on itself");
            return false;
        }
        if (!ctx.serviceNames().contains(name)) {
            // compose-go refuses the file; the Go mesos-compose ignores depends_on, and its own graylog.yaml
            // example names a service it does not have. Accepted, with the dependency dropped and said so.
            v.warning(at, path, "ignored: depends on \"" + name + "\", which is not a service of this project",
                    DidYouMean.hint(name, ctx.serviceNames()).orElse(null));
            return false;
        }
        return true;
    }

    /** Reports one error per dependency cycle (a project whose services wait on each other never starts). */
    static void checkCycles(Map<String, Service> services, Diagnostics d) {
        Set<String> done = new HashSet<>();
        for (String start : services.keySet()) {
            List<String> path = new ArrayList<>();
            if (cycle(start, services, path, new HashSet<>(), done)) {
                Service first = services.get(path.get(0));
                d.add(Diagnostic.Severity.ERROR, first.position(), first.name(), "depends_on",
                        "dependency cycle: " + String.join(" → ", path), "remove one of these depends_on entries");
                return;
            }
        }
    }

    private static boolean cycle(String at, Map<String, Service> services, List<String> path, Set<String> onPath,
                                 Set<String> done) {
        if (onPath.contains(at)) {
            path.subList(0, path.indexOf(at)).clear();
            path.add(at);
            return true;
        }
        if (done.contains(at) || !services.containsKey(at)) {
            return false;
        }
        onPath.add(at);
        path.add(at);
        for (Dependency dep : services.get(at).dependsOn()) {
            if (cycle(dep.service(), services, path, onPath, done)) {
                return true;
            }
        }
        path.remove(path.size() - 1);
        onPath.remove(at);
        done.add(at);
        return false;
    }
}
