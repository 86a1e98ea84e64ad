package io.mesoscompose.plan;

import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import io.mesoscompose.compose.model.Constraint;
import io.mesoscompose.compose.model.PortRange;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.mesos.v1.Protos.Environment;
import org.apache.mesos.v1.Protos.TaskInfo;

/**
 * Why a service's running replicas would be replaced by a new plan: the parts of {@link Fingerprint} that differ,
 * named for an operator. Pure.
 *
 * <p>Whether they are replaced is the fingerprint's decision alone ({@link #replaces}), exactly as the scheduler
 * decides it; the reasons only explain it. They never carry a value that could be secret: environment variables,
 * labels and secret references are named, not shown, and a command is only said to have changed. Values shown are
 * the image, resources, ports, placement constraints, the lifecycle and the task name.
 */
public final class PlanDiff {

    /** Fields of the TaskInfo template read specially; every other field is named by its path when it differs. */
    private static final Set<String> COMMAND_LINE = Set.of("command.value", "command.arguments", "command.shell");
    private static final Set<String> IMAGES = Set.of("container.docker.image", "container.mesos.image.docker.name");
    private static final String ENVIRONMENT = "command.environment.variables";

    private PlanDiff() {}

    /** Whether applying {@code after} replaces the replicas that run {@code before}: their fingerprints differ. */
    public static boolean replaces(ServicePlan before, ServicePlan after) {
        return !before.fingerprint().equals(after.fingerprint());
    }

    /** What differs between the two plans, in the order of the fingerprint's parts; empty when nothing does. */
    public static List<String> reasons(ServicePlan before, ServicePlan after) {
        List<String> reasons = new ArrayList<>(template(before.template(), after.template()));
        if (before.lifecycle() != after.lifecycle()) {
            reasons.add("lifecycle " + lower(before.lifecycle()) + " → " + lower(after.lifecycle()));
        }
        if (!before.restart().equals(after.restart())) {
            reasons.add("restart policy");
        }
        needs(before.needs(), after.needs(), reasons);
        if (!before.hostPorts().equals(after.hostPorts())) {
            reasons.add("host ports " + ports(before.hostPorts()) + " → " + ports(after.hostPorts()));
        }
        Set<String> secrets = changedKeys(before.secretEnv(), after.secretEnv());
        if (!secrets.isEmpty()) {
            reasons.add("secrets " + String.join(", ", secrets));
        }
        List<String> constraintsBefore = before.constraints().stream().map(Constraint::source).toList();
        List<String> constraintsAfter = after.constraints().stream().map(Constraint::source).toList();
        if (!constraintsBefore.equals(constraintsAfter)) {
            reasons.add("placement constraints " + constraintsBefore + " → " + constraintsAfter);
        }
        if (!before.dependsOn().equals(after.dependsOn())) {
            reasons.add("depends_on");
        }
        if (reasons.isEmpty() && replaces(before, after)) {
            reasons.add("the task definition"); // cannot happen while every part above is compared; never silent
        }
        return List.copyOf(reasons);
    }

    private static List<String> template(TaskInfo before, TaskInfo after) {
        Set<String> paths = new LinkedHashSet<>();
        differences("", before, after, paths);
        List<String> reasons = new ArrayList<>();
        if (paths.contains("name")) {
            reasons.add("task name " + before.getName() + " → " + after.getName());
        }
        for (String image : IMAGES) {
            if (paths.contains(image)) {
                reasons.add("image " + image(before, image) + " → " + image(after, image));
            }
        }
        if (paths.stream().anyMatch(COMMAND_LINE::contains)) {
            reasons.add("command");
        }
        if (paths.contains(ENVIRONMENT)) {
            reasons.add("environment " + String.join(", ", changedKeys(
                    environment(before.getCommand().getEnvironment()),
                    environment(after.getCommand().getEnvironment()))));
        }
        paths.stream()
                .filter(p -> !p.equals("name") && !IMAGES.contains(p) && !COMMAND_LINE.contains(p)
                        && !p.equals(ENVIRONMENT))
                .map(PlanDiff::shorter)
                .forEach(reasons::add);
        return reasons;
    }

    /**
     * The paths ({@code container.docker.network}) of the fields that differ; a message set on one side only, or a
     * repeated field, is named as a whole.
     */
    private static void differences(String prefix, Message a, Message b, Set<String> out) {
        for (FieldDescriptor field : a.getDescriptorForType().getFields()) {
            String path = prefix.isEmpty() ? field.getName() : prefix + "." + field.getName();
            if (field.isRepeated()) {
                if (!a.getField(field).equals(b.getField(field))) {
                    out.add(path);
                }
            } else if (a.hasField(field) != b.hasField(field)) {
                out.add(path);
            } else if (a.hasField(field) && field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                differences(path, (Message) a.getField(field), (Message) b.getField(field), out);
            } else if (!Objects.equals(a.getField(field), b.getField(field))) {
                out.add(path);
            }
        }
    }

    /** {@code labels.labels} (a message holding one list) is {@code labels}. */
    private static String shorter(String path) {
        int dot = path.lastIndexOf('.');
        int before = path.lastIndexOf('.', dot - 1);
        return dot > 0 && path.substring(dot + 1).equals(path.substring(before + 1, dot)) ? path.substring(0, dot) : path;
    }

    private static String image(TaskInfo task, String path) {
        return path.startsWith("container.docker") ? task.getContainer().getDocker().getImage()
                : task.getContainer().getMesos().getImage().getDocker().getName();
    }

    /** Names only: an environment value may be a password. */
    private static Map<String, String> environment(Environment environment) {
        return environment.getVariablesList().stream().collect(Collectors.toMap(Environment.Variable::getName,
                v -> v.getType() + ":" + v.getValue() + ":" + v.getSecret(), (x, y) -> y));
    }

    /** {@code NAME (added)}, {@code NAME (changed)}, {@code NAME (removed)}, in name order. */
    private static Set<String> changedKeys(Map<String, ?> before, Map<String, ?> after) {
        Set<String> names = new TreeSet<>(before.keySet());
        names.addAll(after.keySet());
        Set<String> changed = new LinkedHashSet<>();
        for (String name : names) {
            if (!before.containsKey(name)) {
                changed.add(name + " (added)");
            } else if (!after.containsKey(name)) {
                changed.add(name + " (removed)");
            } else if (!before.get(name).equals(after.get(name))) {
                changed.add(name + " (changed)");
            }
        }
        return changed;
    }

    private static void needs(ServicePlan.ResourceNeeds a, ServicePlan.ResourceNeeds b, List<String> reasons) {
        compare("cpus", a, b, ServicePlan.ResourceNeeds::cpus, "", reasons);
        compare("memory", a, b, ServicePlan.ResourceNeeds::memMb, " MB", reasons);
        compare("disk", a, b, ServicePlan.ResourceNeeds::diskMb, " MB", reasons);
        compare("gpus", a, b, n -> (double) n.gpus(), "", reasons);
    }

    private static void compare(String what, ServicePlan.ResourceNeeds a, ServicePlan.ResourceNeeds b,
                                Function<ServicePlan.ResourceNeeds, Double> value, String unit, List<String> reasons) {
        double before = value.apply(a);
        double after = value.apply(b);
        if (Double.compare(before, after) != 0) {
            reasons.add(what + " " + number(before) + unit + " → " + number(after) + unit);
        }
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    /** {@code [80/tcp:8080, 443/tcp:any of 31000-32000]}. */
    private static String ports(List<ServicePlan.HostPortRequest> ports) {
        return ports.stream().map(p -> p.key() + ":" + (p.fixed().isPresent() ? String.valueOf(p.fixed().getAsInt())
                : range(p.range()))).collect(Collectors.joining(", ", "[", "]"));
    }

    private static String range(PortRange range) {
        return range.equals(PortRange.ANY) ? "any" : "any of " + range.from() + "-" + range.to();
    }

    private static String lower(ServicePlan.Lifecycle lifecycle) {
        return lifecycle.name().toLowerCase(Locale.ROOT);
    }
}
