package io.mesoscompose.compose;

import io.mesoscompose.compose.KnownFields.Handling;
import io.mesoscompose.compose.model.Command;
import io.mesoscompose.compose.model.ContainerType;
import io.mesoscompose.compose.model.Deploy;
import io.mesoscompose.compose.model.EnvValue;
import io.mesoscompose.compose.model.NetworkMode;
import io.mesoscompose.compose.model.RestartPolicy;
import io.mesoscompose.compose.model.Service;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * One service: each field of the Compose Specification is mapped, ignored with a warning, or rejected with an
 * error ({@link KnownFields}); unknown fields get a did-you-mean hint. Families of fields with their own syntax
 * are read by {@link PortSyntax}, {@link VolumeSyntax}, {@link DeployReader}, {@link HealthCheckReader},
 * {@link EnvironmentReader}, {@link NetworkingReader} and {@link ContainerOptionsReader}.
 */
final class ServiceReader {

    private final String name;
    private final Values v;
    private final ReadContext ctx;
    private final Service.Builder b;
    private final Map<String, EnvValue> environment = new LinkedHashMap<>();
    private Node environmentNode;
    private Node envFileNode;
    private Optional<RestartPolicy> restart = Optional.empty();
    private Optional<DeployReader.Result> deploy = Optional.empty();
    private Node deployNode;
    private final Shortcuts shortcuts = new Shortcuts();
    private boolean hasImage;
    private boolean misspelledImage;
    private Node buildNode;
    private final ContainerOptionsReader options;
    private final NetworkingReader networking;
    private final Map<String, Node> commandStrings = new LinkedHashMap<>();
    private boolean shell;

    /** Service-level resource shortcuts, folded into deploy at the end. */
    private static final class Shortcuts {
        OptionalDouble cpus = OptionalDouble.empty();
        OptionalDouble memLimit = OptionalDouble.empty();
        OptionalDouble memReservation = OptionalDouble.empty();
        Optional<Integer> scale = Optional.empty();
        Node scaleNode;
    }

    private ServiceReader(String name, MappingNode node, ReadContext ctx) {
        this.name = name;
        this.ctx = ctx;
        this.v = new Values(ctx.diagnostics(), name);
        this.b = Service.builder(name, "").position(Diagnostics.position(node));
        this.options = new ContainerOptionsReader(v);
        this.networking = new NetworkingReader(v, ctx);
    }

    static Optional<Service> read(String name, Node node, ReadContext ctx) {
        Values v = new Values(ctx.diagnostics(), name);
        if (!name.matches("[a-zA-Z0-9][a-zA-Z0-9._-]*")) {
            v.error(node, "", "\"" + name + "\" is not a valid service name; use letters, digits, '.', '_' and '-'");
        }
        Optional<MappingNode> map = v.mapping(node, "");
        if (map.isEmpty()) {
            if (Values.isNull(node)) {
                v.error(node, "", "the service is empty", "a service needs at least image:");
            }
            return Optional.empty();
        }
        ServiceReader r = new ServiceReader(name, map.get(), ctx);
        for (NodeTuple t : map.get().getValue()) {
            r.field(t);
        }
        return Optional.of(r.finish(map.get()));
    }

    private void field(NodeTuple t) {
        String key = Values.key(t);
        Node value = t.getValueNode();
        if (key.startsWith("x-")) {
            return;
        }
        if (KnownFields.SERVICE_MAPPED.contains(key)) {
            mapped(key, value);
            return;
        }
        KnownFields.Rule rule = KnownFields.SERVICE_OTHER.get(key);
        if (rule == null) {
            Optional<String> meant = DidYouMean.closest(key, KnownFields.allServiceFields());
            misspelledImage |= meant.filter("image"::equals).isPresent();
            v.error(t.getKeyNode(), key, "unknown field \"" + key + "\"",
                    meant.map(m -> "did you mean `" + m + "`?").orElse("see docs/compose-reference.md"));
        } else if (rule.handling() == Handling.IGNORED) {
            v.warning(t.getKeyNode(), key, "ignored: " + rule.reason(), null);
        } else {
            v.error(t.getKeyNode(), key, "not supported: " + rule.reason());
        }
    }

    private void mapped(String key, Node value) {
        switch (key) {
            case "image" -> v.string(value, key).filter(s -> !s.isBlank()).ifPresentOrElse(
                    s -> { b.image(s); hasImage = true; },
                    () -> v.error(value, key, "the image is empty"));
            case "build" -> buildNode = value;
            case "extends" -> { } // resolved while loading (Extends); left only where that failed, with an error
            case "command" -> command(value, key).ifPresent(b::command);
            case "entrypoint" -> command(value, key).ifPresent(b::entrypoint);
            case "arguments" -> b.arguments(v.strings(value, key, true));
            case "shell" -> v.bool(value, key).ifPresent(on -> { b.shell(on); shell = on; });
            case "container_type" -> v.string(value, key).ifPresent(s -> containerType(s, value).ifPresent(b::containerType));
            case "mesos" -> b.mesos(MesosOptionsReader.read(value, v));
            case "environment" -> environmentNode = value;
            case "env_file" -> envFileNode = value;
            case "labels" -> b.labels(EnvironmentReader.labels(value, key, v));
            case "hostname" -> v.string(value, key).ifPresent(b::hostname);
            case "container_name" -> v.string(value, key).ifPresent(b::containerName);
            case "network_mode" -> v.string(value, key).flatMap(s -> networkMode(s, value)).ifPresent(b::networkMode);
            case "network", "networks" -> networking.networks(key, value);
            case "ports" -> networking.ports(value);
            case "expose" -> networking.expose(value);
            case "volumes" -> b.volumes(readList(value, key, (item, f) -> VolumeSyntax.read(item, f, v, ctx.volumes())
                    .map(List::of).orElse(List.of())));
            case "ulimits" -> b.ulimits(options.ulimits(value));
            case "cap_add" -> b.capAdd(options.capabilities(value, key));
            case "cap_drop" -> b.capDrop(options.capabilities(value, key));
            case "privileged" -> v.bool(value, key).ifPresent(b::privileged);
            case "deploy" -> { deploy = Optional.of(DeployReader.read(value, v)); deployNode = value; }
            case "gpus" -> GpusReader.read(value, v).ifPresent(b::gpus);
            case "restart" -> restart = v.string(value, key).flatMap(s -> restart(s, value));
            case "healthcheck" -> b.healthcheck(HealthCheckReader.read(value, v).orElse(null));
            case "depends_on" -> b.dependsOn(DependsOn.read(value, v, ctx));
            case "secrets" -> b.secrets(SecretsReader.mounts(value, v, ctx.secrets()));
            case "cpus" -> v.number(value, key, 0.001).ifPresent(c -> shortcuts.cpus = OptionalDouble.of(c));
            case "mem_limit" -> v.memoryMb(value, key).ifPresent(m -> shortcuts.memLimit = OptionalDouble.of(m));
            case "mem_reservation" -> v.memoryMb(value, key).ifPresent(m -> shortcuts.memReservation = OptionalDouble.of(m));
            case "scale" -> {
                shortcuts.scale = v.integer(value, key, 0, 100_000).map(Long::intValue);
                shortcuts.scaleNode = value;
            }
            case "pull_policy" -> v.warning(value, key, "ignored: each Mesos agent pulls images by its own"
                    + " configuration", null);
            case "platform" -> v.warning(value, key, "ignored: the image is pulled for the agent's platform",
                    "to choose agents, use deploy.placement.constraints node.platform.os==/node.platform.arch==");
            case "links" -> v.warning(value, key, "ignored: tasks find each other through the network's DNS or"
                    + " service discovery", null);
            case "profiles" -> { } // read by Profiles before the service
            default -> options.field(key, value);
        }
    }

    private Service finish(MappingNode node) {
        if (!shell) {
            commandStrings.forEach(this::checkWords);
        }
        if (envFileNode != null && ctx.active()) {
            EnvironmentReader.envFiles(envFileNode, v, ctx, environment);
        }
        if (environmentNode != null) {
            EnvironmentReader.environment(environmentNode, v, ctx, environment);
        }
        b.environment(environment);
        networking.applyTo(b);
        b.options(options.build());
        DeployReader.Result d = deploy.orElse(new DeployReader.Result(Deploy.DEFAULT, Optional.empty(), Optional.empty()));
        b.deploy(withShortcuts(d.deploy()));
        b.restart(d.restartPolicy().or(() -> restart).orElse(null));
        d.runtime().ifPresent(b::runtime);
        Service service = LegacyLabels.fold(b.build(), v);
        if (networking.goDefaultNetwork() && service.networkMode().isEmpty()) {
            // The Go project's network: default without a top-level "default": its user network named default.
            service = service.toBuilder().networkMode(NetworkMode.USER).build();
        }
        image(node, service);
        return service;
    }

    /**
     * Every service needs an image, except one of container type none: the Mesos command executor runs its command
     * on the agent (the Go project's command-launcher.yaml), and an image it has is not used.
     */
    private void image(MappingNode node, Service service) {
        boolean commandOnly = service.containerType().filter(t -> t == ContainerType.NONE).isPresent();
        if (commandOnly) {
            if (hasImage) {
                v.warning(node, "image", "ignored: container_type none runs the command with the Mesos command"
                        + " executor on the agent, without a container", null);
            }
            if (service.command().isEmpty() && service.entrypoint().isEmpty()) {
                v.error(node, "command", "container_type none runs no image, so it needs a command",
                        "set command: to what the agent should run");
            }
            return;
        }
        if (!hasImage) {
            if (buildNode != null) {
                v.error(buildNode, "build", "a Mesos cluster cannot build images",
                        "build and push the image to a registry the agents can reach, then set image:");
            } else if (!misspelledImage) { // a misspelled image: already reported with its did-you-mean
                v.error(node, "image", "the service has no image",
                        "set image: to the container image to run, or container_type: none to run a command on the"
                                + " agent");
            }
        } else if (buildNode != null) {
            v.warning(buildNode, "build", "ignored: the cluster pulls the image; build and push it first", null);
        }
    }

    private Deploy withShortcuts(Deploy d) {
        Deploy.Resources limits = d.limits();
        Deploy.Resources reservations = d.reservations();
        if (limits.cpus().isEmpty() && shortcuts.cpus.isPresent()) {
            limits = new Deploy.Resources(shortcuts.cpus, limits.memoryMb(), limits.gpus());
        }
        if (limits.memoryMb().isEmpty() && shortcuts.memLimit.isPresent()) {
            limits = new Deploy.Resources(limits.cpus(), shortcuts.memLimit, limits.gpus());
        }
        if (reservations.memoryMb().isEmpty() && shortcuts.memReservation.isPresent()) {
            reservations = new Deploy.Resources(reservations.cpus(), shortcuts.memReservation, reservations.gpus());
        }
        int replicas = d.replicas();
        if (shortcuts.scale.isPresent()) {
            if (deployNode != null && DeployReader.declaresReplicas(deployNode) && replicas != shortcuts.scale.get()) {
                v.error(shortcuts.scaleNode, "scale", "scale: " + shortcuts.scale.get() + " contradicts deploy.replicas: "
                        + replicas, "keep one of them");
            }
            replicas = shortcuts.scale.get();
        }
        return new Deploy(d.mode(), replicas, limits, reservations, d.constraints(), d.updateConfig(), d.labels(),
                d.rollbackConfig(), d.spread());
    }

    /** A string is split into words when run (checked in {@link #finish}), a list is the argv as written. */
    private Optional<Command> command(Node value, String field) {
        if (value instanceof ScalarNode) {
            commandStrings.put(field, value);
            return v.string(value, field).map(Command.StringForm::new);
        }
        List<String> argv = v.strings(value, field, false);
        return argv.isEmpty() ? Optional.empty() : Optional.of(new Command.ExecForm(argv));
    }

    /** Without {@code shell: true} a string runs as words, as in docker compose: it must split into words. */
    private void checkWords(String field, Node at) {
        v.string(at, field).map(CommandWords::split).ifPresent(r -> {
            switch (r) {
                case CommandWords.Result.Refused refused -> v.error(at, field, refused.reason(), refused.hint());
                case CommandWords.Result.Words words -> { }
            }
        });
    }

    private Optional<ContainerType> containerType(String s, Node at) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "docker" -> Optional.of(ContainerType.DOCKER);
            case "mesos", "ucr" -> Optional.of(ContainerType.MESOS);
            case "none" -> Optional.of(ContainerType.NONE);
            default -> {
                v.error(at, "container_type", "\"" + s + "\" is not a container type; expected docker, mesos (UCR)"
                        + " or none");
                yield Optional.empty();
            }
        };
    }

    private Optional<NetworkMode> networkMode(String s, Node at) {
        String mode = s.toLowerCase(Locale.ROOT);
        if (mode.startsWith("service:") || mode.startsWith("container:")) {
            v.error(at, "network_mode", "\"" + s + "\": sharing another container's network is not possible"
                    + " between Mesos tasks", "put both services on the same named network");
            return Optional.empty();
        }
        return switch (mode) {
            case "bridge" -> Optional.of(NetworkMode.BRIDGE);
            case "host" -> Optional.of(NetworkMode.HOST);
            case "user" -> Optional.of(NetworkMode.USER);
            case "none" -> Optional.of(NetworkMode.NONE);
            default -> {
                v.error(at, "network_mode", "\"" + s + "\" is not a network mode; expected bridge, host, user or none");
                yield Optional.empty();
            }
        };
    }

    /** {@code no}, {@code always}, {@code on-failure[:N]}, {@code unless-stopped}. */
    private Optional<RestartPolicy> restart(String s, Node at) {
        if (s.startsWith("on-failure")) {
            String rest = s.substring("on-failure".length());
            if (rest.isEmpty()) {
                return Optional.of(RestartPolicy.of(RestartPolicy.Condition.ON_FAILURE));
            }
            if (rest.matches(":\\d{1,9}")) {
                return Optional.of(new RestartPolicy(RestartPolicy.Condition.ON_FAILURE,
                        java.util.OptionalInt.of(Integer.parseInt(rest.substring(1))), Optional.empty(), Optional.empty()));
            }
        }
        return switch (s) {
            case "no" -> Optional.of(RestartPolicy.of(RestartPolicy.Condition.NO));
            case "always" -> Optional.of(RestartPolicy.of(RestartPolicy.Condition.ALWAYS));
            case "unless-stopped" -> Optional.of(RestartPolicy.of(RestartPolicy.Condition.UNLESS_STOPPED));
            default -> {
                v.error(at, "restart", "\"" + s + "\" is not a restart policy; expected no, always, on-failure,"
                        + " on-failure:N or unless-stopped");
                yield Optional.empty();
            }
        };
    }

    interface ItemReader<T> {
        List<T> read(Node item, String field);
    }

    /** Reads each item of a YAML list, with {@code field[i]} as its field path. */
    static <T> List<T> readList(Node list, String field, Values v, ItemReader<T> reader) {
        List<T> out = new ArrayList<>();
        if (list instanceof org.snakeyaml.engine.v2.nodes.SequenceNode seq) {
            for (int i = 0; i < seq.getValue().size(); i++) {
                out.addAll(reader.read(seq.getValue().get(i), field + "[" + i + "]"));
            }
        } else if (!Values.isNull(list)) {
            v.error(list, field, "expected a list, found " + Values.kind(list));
        }
        return out;
    }

    private <T> List<T> readList(Node list, String field, ItemReader<T> reader) {
        return readList(list, field, v, reader);
    }
}
