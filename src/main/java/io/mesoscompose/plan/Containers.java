package io.mesoscompose.plan;

import io.mesoscompose.compose.model.ComposeProject;
import io.mesoscompose.compose.model.ContainerOptions;
import io.mesoscompose.compose.model.ContainerType;
import io.mesoscompose.compose.model.Gpus;
import io.mesoscompose.compose.model.NetworkMode;
import io.mesoscompose.compose.model.Service;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.mesos.v1.Protos.ContainerInfo;
import org.apache.mesos.v1.Protos.ContainerInfo.DockerInfo;
import org.apache.mesos.v1.Protos.Image;
import org.apache.mesos.v1.Protos.LinuxInfo;
import org.apache.mesos.v1.Protos.NetworkInfo;
import org.apache.mesos.v1.Protos.Parameter;
import org.apache.mesos.v1.Protos.TTYInfo;
import org.apache.mesos.v1.Protos.Volume;

/**
 * The ContainerInfo of a service: Docker (DockerInfo with network, port mappings, privileged and {@code docker run}
 * parameters) or UCR (a Docker image for the Mesos containerizer, CNI NetworkInfos, LinuxInfo capabilities,
 * RLimitInfo). Container type none has no ContainerInfo.
 *
 * <p>Docker parameters are {@code docker run} long options without the dashes, in a fixed order: service labels
 * ({@code label=k=v}, so they are Docker labels as well as task labels), network aliases, entrypoint, the
 * container options, cap-add/cap-drop, ulimits, the mounts Mesos' Volume cannot express ({@link Volumes}: volume,
 * mount, tmpfs), expose, gpus, runtime. The last two as the Go mesos-compose
 * sets them (api/compose.go {@code getGPUs}, {@code getRuntime}; docs/src/gpus.md): {@code gpus: {driver: nvidia,
 * device: N}} → {@code gpus=device=N}; {@code driver: amd} → {@code device=/dev/kfd}, {@code device=/dev/dri},
 * {@code security-opt=seccomp=unconfined}; {@code deploy.runtime: R} → {@code runtime=r}, {@code memory-swap=0},
 * {@code cpu-shares=0}.
 */
final class Containers {
    private Containers() {}

    static Optional<ContainerInfo> container(ComposeProject project, Service s, ContainerType type, Networks net,
                                             List<Ports.Published> ports, int gpus, List<Volume> secretVolumes,
                                             PlanSettings settings, Warnings warnings) {
        Volumes.Mounts mounts = Volumes.mounts(project, s, type, settings, warnings);
        if (type == ContainerType.NONE) {
            dockerRunOnly(s, "container_type none has no container", warnings);
            return Optional.empty();
        }
        ContainerInfo.Builder c = ContainerInfo.newBuilder()
                .addAllVolumes(mounts.volumes())
                .addAllVolumes(secretVolumes);
        Optional<String> hostname = Naming.hostname(s, net.mode(), settings);
        if (type == ContainerType.DOCKER) {
            c.setType(ContainerInfo.Type.DOCKER).setDocker(docker(s, net, ports, hostname, gpus, mounts, settings));
            if (net.mode() == NetworkMode.USER) {
                c.addNetworkInfos(NetworkInfo.newBuilder().setName(net.names().get(0)));
            }
            hostname.ifPresent(c::setHostname);
        } else {
            c.setType(ContainerInfo.Type.MESOS).setMesos(ContainerInfo.MesosInfo.newBuilder().setImage(Image.newBuilder()
                    .setType(Image.Type.DOCKER).setCached(!settings.forcePullImage())
                    .setDocker(Image.Docker.newBuilder().setName(s.image()))));
            List<String> cni = switch (net.mode()) {
                case USER -> net.names();
                case BRIDGE -> List.of(settings.ucrBridgeNetwork());
                case HOST -> List.of();
                case NONE -> {
                    warnings.add("network_mode", "the Mesos containerizer has no 'none' network; the host's is used", null);
                    yield List.of();
                }
            };
            for (int i = 0; i < cni.size(); i++) {
                NetworkInfo.Builder n = NetworkInfo.newBuilder().setName(cni.get(i));
                if (i == 0) {
                    n.addAllPortMappings(Ports.networkMappings(ports));
                }
                c.addNetworkInfos(n);
            }
            if (!cni.isEmpty()) {
                // Without its own network namespace a UCR container cannot have its own hostname.
                hostname.ifPresent(c::setHostname);
            }
            if (!s.capAdd().isEmpty() || !s.capDrop().isEmpty() || s.privileged()) {
                var caps = Limits.capabilities(s, warnings);
                c.setLinuxInfo(LinuxInfo.newBuilder().setEffectiveCapabilities(caps).setBoundingCapabilities(caps));
            }
            if (!s.ulimits().isEmpty()) {
                c.setRlimitInfo(Limits.rlimits(s.ulimits(), warnings));
            }
            if (s.options().tty()) {
                c.setTtyInfo(TTYInfo.getDefaultInstance());
            }
            dockerOnlyOptions(s, warnings);
            dockerRunOnly(s, "the Mesos containerizer runs no docker command", warnings);
        }
        return Optional.of(c.build());
    }

    private static DockerInfo docker(Service s, Networks net, List<Ports.Published> ports, Optional<String> hostname,
                                     int gpus, Volumes.Mounts mounts, PlanSettings settings) {
        DockerInfo.Builder d = DockerInfo.newBuilder()
                .setImage(s.image())
                .setNetwork(switch (net.mode()) {
                    case HOST -> DockerInfo.Network.HOST;
                    case BRIDGE -> DockerInfo.Network.BRIDGE;
                    case USER -> DockerInfo.Network.USER;
                    case NONE -> DockerInfo.Network.NONE;
                })
                .setPrivileged(s.privileged())
                .setForcePullImage(settings.forcePullImage());
        if (net.mode() == NetworkMode.BRIDGE || net.mode() == NetworkMode.USER) {
            d.addAllPortMappings(Ports.dockerMappings(ports));
        }
        List<String[]> p = new ArrayList<>();
        s.labels().forEach((k, v) -> p.add(new String[] {"label", k + "=" + v}));
        if (net.mode() == NetworkMode.USER) {
            // Docker accepts aliases on user networks only; without one the hostname is the alias (Go project).
            List<String> aliases = !net.aliases().isEmpty() ? net.aliases() : hostname.map(List::of).orElse(List.of());
            aliases.forEach(a -> p.add(new String[] {"network-alias", a}));
        }
        Commands.dockerEntrypoint(s, ContainerType.DOCKER).ifPresent(e -> p.add(new String[] {"entrypoint", e}));
        options(s.options(), p);
        s.capAdd().forEach(cap -> p.add(new String[] {"cap-add", cap}));
        s.capDrop().forEach(cap -> p.add(new String[] {"cap-drop", cap}));
        Limits.dockerUlimits(s.ulimits()).forEach(u -> p.add(new String[] {"ulimit", u}));
        p.addAll(mounts.dockerParameters());
        s.expose().forEach(port -> p.add(new String[] {"expose", Integer.toString(port)}));
        boolean nvidiaDevice = s.gpus().filter(g -> g.driver() == Gpus.Driver.NVIDIA).isPresent();
        if (gpus > 0 && !nvidiaDevice) {
            p.add(new String[] {"gpus", Integer.toString(gpus)});
        }
        s.gpus().ifPresent(g -> {
            switch (g.driver()) {
                case NVIDIA -> p.add(new String[] {"gpus", "device=" + g.device().orElse(0)});
                case AMD -> {
                    p.add(new String[] {"device", "/dev/kfd"});
                    p.add(new String[] {"device", "/dev/dri"});
                    p.add(new String[] {"security-opt", "seccomp=unconfined"});
                }
            }
        });
        s.runtime().ifPresent(r -> {
            p.add(new String[] {"runtime", r.toLowerCase(Locale.ROOT)});
            p.add(new String[] {"memory-swap", "0"});
            p.add(new String[] {"cpu-shares", "0"});
        });
        p.forEach(kv -> d.addParameters(Parameter.newBuilder().setKey(kv[0]).setValue(kv[1])));
        return d.build();
    }

    private static void options(ContainerOptions o, List<String[]> p) {
        o.user().ifPresent(v -> p.add(new String[] {"user", v}));
        o.workingDir().ifPresent(v -> p.add(new String[] {"workdir", v}));
        o.domainname().ifPresent(v -> p.add(new String[] {"domainname", v}));
        if (o.tty()) p.add(new String[] {"tty", "true"});
        if (o.stdinOpen()) p.add(new String[] {"interactive", "true"});
        if (o.readOnly()) p.add(new String[] {"read-only", "true"});
        if (o.init()) p.add(new String[] {"init", "true"});
        o.stopSignal().ifPresent(v -> p.add(new String[] {"stop-signal", v}));
        o.shmSizeBytes().ifPresent(v -> p.add(new String[] {"shm-size", v + "b"}));
        o.sysctls().forEach((k, v) -> p.add(new String[] {"sysctl", k + "=" + v}));
        o.extraHosts().forEach(v -> p.add(new String[] {"add-host", v}));
        o.dns().forEach(v -> p.add(new String[] {"dns", v}));
        o.dnsSearch().forEach(v -> p.add(new String[] {"dns-search", v}));
        o.devices().forEach(v -> p.add(new String[] {"device", v}));
        o.securityOpt().forEach(v -> p.add(new String[] {"security-opt", v}));
        o.logging().ifPresent(l -> {
            p.add(new String[] {"log-driver", l.driver()});
            l.options().forEach((k, v) -> p.add(new String[] {"log-opt", k + "=" + v}));
        });
    }

    /** The Go project's Docker-only fields ({@code deploy.runtime}, {@code gpus:}) where no docker command runs. */
    private static void dockerRunOnly(Service s, String why, Warnings warnings) {
        s.runtime().ifPresent(r -> warnings.add("deploy.runtime", "ignored: " + why + " (the runtime " + r
                + " is a docker run option)", "use container_type: docker"));
        s.gpus().ifPresent(g -> warnings.add("gpus", "ignored: " + why + " (gpus driver "
                + g.driver().name().toLowerCase(Locale.ROOT) + " becomes docker run options)",
                "for the Mesos containerizer reserve GPUs with deploy.resources.reservations.devices"));
    }

    /** Options only {@code docker run} has: said once, so nobody wonders why they had no effect under UCR. */
    private static void dockerOnlyOptions(Service s, Warnings warnings) {
        ContainerOptions o = s.options();
        List<String> ignored = new ArrayList<>();
        if (o.workingDir().isPresent()) ignored.add("working_dir");
        if (o.domainname().isPresent()) ignored.add("domainname");
        if (o.stdinOpen()) ignored.add("stdin_open");
        if (o.readOnly()) ignored.add("read_only");
        if (o.init()) ignored.add("init");
        if (o.stopSignal().isPresent()) ignored.add("stop_signal");
        if (o.shmSizeBytes().isPresent()) ignored.add("shm_size");
        if (!o.sysctls().isEmpty()) ignored.add("sysctls");
        if (!o.extraHosts().isEmpty()) ignored.add("extra_hosts");
        if (!o.dns().isEmpty()) ignored.add("dns");
        if (!o.dnsSearch().isEmpty()) ignored.add("dns_search");
        if (!o.devices().isEmpty()) ignored.add("devices");
        if (!o.securityOpt().isEmpty()) ignored.add("security_opt");
        if (o.logging().isPresent()) ignored.add("logging");
        if (!s.expose().isEmpty()) ignored.add("expose");
        if (!ignored.isEmpty()) {
            warnings.add(String.join(", ", ignored), "only the Docker containerizer supports these; ignored with "
                    + "container_type mesos", null);
        }
    }
}
