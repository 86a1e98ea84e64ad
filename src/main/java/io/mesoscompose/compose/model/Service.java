package io.mesoscompose.compose.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One service of a compose project, validated and normalised (string/list/map variants of a field are one form
 * here; defaults that depend on framework settings, such as the restart policy or resources, stay empty and are
 * applied by the plan).
 *
 * @param arguments     {@code arguments:} (mesos-compose extension): extra argv after the command
 * @param shell         {@code shell:} (mesos-compose extension): run the command through the shell
 * @param labels        the service's labels (compose {@code labels:}; {@code deploy.labels} are in {@link Deploy})
 * @param networkMode   {@code network_mode:}; empty means "decide from the networks" (plan)
 * @param networks      {@code networks:} / {@code network:} (string or list), in order
 * @param expose        {@code expose:} container ports (not published on the host)
 * @param runtime       {@code deploy.runtime} (Go mesos-compose): the Docker runtime, e.g. {@code runcvm}
 * @param gpus          {@code gpus:} in the Go mesos-compose's form ({@code driver}, {@code device})
 */
public record Service(
        String name,
        SourcePosition position,
        String image,
        Optional<Command> command,
        Optional<Command> entrypoint,
        List<String> arguments,
        Optional<Boolean> shell,
        Map<String, EnvValue> environment,
        Map<String, String> labels,
        Optional<String> hostname,
        Optional<String> containerName,
        Optional<ContainerType> containerType,
        MesosOptions mesos,
        Optional<NetworkMode> networkMode,
        List<ServiceNetwork> networks,
        List<PortMapping> ports,
        List<Integer> expose,
        List<VolumeMount> volumes,
        Map<String, Ulimit> ulimits,
        Set<String> capAdd,
        Set<String> capDrop,
        boolean privileged,
        Deploy deploy,
        Optional<RestartPolicy> restart,
        Optional<HealthCheck> healthcheck,
        List<Dependency> dependsOn,
        List<SecretMount> secrets,
        ContainerOptions options,
        Optional<String> runtime,
        Optional<Gpus> gpus) {

    public Service {
        arguments = List.copyOf(arguments);
        environment = Maps.ordered(environment);
        labels = Maps.ordered(labels);
        networks = List.copyOf(networks);
        ports = List.copyOf(ports);
        expose = List.copyOf(expose);
        volumes = List.copyOf(volumes);
        ulimits = Maps.ordered(ulimits);
        capAdd = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(capAdd));
        capDrop = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(capDrop));
        dependsOn = List.copyOf(dependsOn);
        secrets = List.copyOf(secrets);
    }

    public static Builder builder(String name, String image) {
        return new Builder(name, image);
    }

    public Builder toBuilder() {
        Builder b = new Builder(name, image);
        b.position = position;
        b.command = command;
        b.entrypoint = entrypoint;
        b.arguments = new ArrayList<>(arguments);
        b.shell = shell;
        b.environment = new LinkedHashMap<>(environment);
        b.labels = new LinkedHashMap<>(labels);
        b.hostname = hostname;
        b.containerName = containerName;
        b.containerType = containerType;
        b.mesos = mesos;
        b.networkMode = networkMode;
        b.networks = new ArrayList<>(networks);
        b.ports = new ArrayList<>(ports);
        b.expose = new ArrayList<>(expose);
        b.volumes = new ArrayList<>(volumes);
        b.ulimits = new LinkedHashMap<>(ulimits);
        b.capAdd = new LinkedHashSet<>(capAdd);
        b.capDrop = new LinkedHashSet<>(capDrop);
        b.privileged = privileged;
        b.deploy = deploy;
        b.restart = restart;
        b.healthcheck = healthcheck;
        b.dependsOn = new ArrayList<>(dependsOn);
        b.secrets = new ArrayList<>(secrets);
        b.options = options;
        b.runtime = runtime;
        b.gpus = gpus;
        return b;
    }

    /** Builds a Service field by field; the loader uses it, and tests use it to state only what they care about. */
    public static final class Builder {
        private final String name;
        private String image;
        private SourcePosition position = SourcePosition.UNKNOWN;
        private Optional<Command> command = Optional.empty();
        private Optional<Command> entrypoint = Optional.empty();
        private List<String> arguments = new ArrayList<>();
        private Optional<Boolean> shell = Optional.empty();
        private Map<String, EnvValue> environment = new LinkedHashMap<>();
        private Map<String, String> labels = new LinkedHashMap<>();
        private Optional<String> hostname = Optional.empty();
        private Optional<String> containerName = Optional.empty();
        private Optional<ContainerType> containerType = Optional.empty();
        private MesosOptions mesos = MesosOptions.NONE;
        private Optional<NetworkMode> networkMode = Optional.empty();
        private List<ServiceNetwork> networks = new ArrayList<>();
        private List<PortMapping> ports = new ArrayList<>();
        private List<Integer> expose = new ArrayList<>();
        private List<VolumeMount> volumes = new ArrayList<>();
        private Map<String, Ulimit> ulimits = new LinkedHashMap<>();
        private Set<String> capAdd = new LinkedHashSet<>();
        private Set<String> capDrop = new LinkedHashSet<>();
        private boolean privileged;
        private Deploy deploy = Deploy.DEFAULT;
        private Optional<RestartPolicy> restart = Optional.empty();
        private Optional<HealthCheck> healthcheck = Optional.empty();
        private List<Dependency> dependsOn = new ArrayList<>();
        private List<SecretMount> secrets = new ArrayList<>();
        private ContainerOptions options = ContainerOptions.NONE;
        private Optional<String> runtime = Optional.empty();
        private Optional<Gpus> gpus = Optional.empty();

        private Builder(String name, String image) {
            this.name = name;
            this.image = image;
        }

        public Builder image(String v) { image = v; return this; }
        public Builder position(SourcePosition v) { position = v; return this; }
        public Builder command(Command v) { command = Optional.ofNullable(v); return this; }
        public Builder entrypoint(Command v) { entrypoint = Optional.ofNullable(v); return this; }
        public Builder arguments(List<String> v) { arguments = new ArrayList<>(v); return this; }
        public Builder shell(Boolean v) { shell = Optional.ofNullable(v); return this; }
        public Builder environment(Map<String, EnvValue> v) { environment = new LinkedHashMap<>(v); return this; }
        public Builder env(String key, String literal) { environment.put(key, new EnvValue.Literal(literal)); return this; }
        public Builder labels(Map<String, String> v) { labels = new LinkedHashMap<>(v); return this; }
        public Builder label(String key, String value) { labels.put(key, value); return this; }
        public Builder hostname(String v) { hostname = Optional.ofNullable(v); return this; }
        public Builder containerName(String v) { containerName = Optional.ofNullable(v); return this; }
        public Builder containerType(ContainerType v) { containerType = Optional.ofNullable(v); return this; }
        public Builder mesos(MesosOptions v) { mesos = v; return this; }
        public Builder networkMode(NetworkMode v) { networkMode = Optional.ofNullable(v); return this; }
        public Builder networks(List<ServiceNetwork> v) { networks = new ArrayList<>(v); return this; }
        public Builder ports(List<PortMapping> v) { ports = new ArrayList<>(v); return this; }
        public Builder expose(List<Integer> v) { expose = new ArrayList<>(v); return this; }
        public Builder volumes(List<VolumeMount> v) { volumes = new ArrayList<>(v); return this; }
        public Builder ulimits(Map<String, Ulimit> v) { ulimits = new LinkedHashMap<>(v); return this; }
        public Builder capAdd(Set<String> v) { capAdd = new LinkedHashSet<>(v); return this; }
        public Builder capDrop(Set<String> v) { capDrop = new LinkedHashSet<>(v); return this; }
        public Builder privileged(boolean v) { privileged = v; return this; }
        public Builder deploy(Deploy v) { deploy = v; return this; }
        public Builder restart(RestartPolicy v) { restart = Optional.ofNullable(v); return this; }
        public Builder healthcheck(HealthCheck v) { healthcheck = Optional.ofNullable(v); return this; }
        public Builder dependsOn(List<Dependency> v) { dependsOn = new ArrayList<>(v); return this; }
        public Builder secrets(List<SecretMount> v) { secrets = new ArrayList<>(v); return this; }
        public Builder options(ContainerOptions v) { options = v; return this; }
        public Builder runtime(String v) { runtime = Optional.ofNullable(v); return this; }
        public Builder gpus(Gpus v) { gpus = Optional.ofNullable(v); return this; }

        public Service build() {
            return new Service(name, position, image, command, entrypoint, arguments, shell, environment, labels,
                    hostname, containerName, containerType, mesos, networkMode, networks, ports, expose, volumes,
                    ulimits, capAdd, capDrop, privileged, deploy, restart, healthcheck, dependsOn, secrets, options,
                    runtime, gpus);
        }
    }
}
