package io.mesoscompose.plan;

import io.mesoscompose.compose.model.ComposeProject;
import io.mesoscompose.compose.model.ContainerType;
import io.mesoscompose.compose.model.Service;
import io.mesoscompose.compose.model.VolumeMount;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.mesos.v1.Protos.MountPropagation;
import org.apache.mesos.v1.Protos.Parameter;
import org.apache.mesos.v1.Protos.Parameters;
import org.apache.mesos.v1.Protos.Volume;

/**
 * Service volumes as Mesos volumes, or as {@code docker run} parameters where a Mesos Volume cannot say it.
 * Grounded in how the agent uses them: Mesos' Docker containerizer turns ContainerInfo volumes into
 * {@code -v SOURCE:TARGET:rw|ro} plus one {@code --volume-driver} for the whole container and refuses two drivers
 * ("Only one volume driver is supported"), passing neither driver options nor other modes (src/docker/docker.cpp);
 * its own containerizer mounts DOCKER_VOLUMEs through dvdcli and a Docker volume plugin, each with its driver and
 * options (isolators/docker/volume), and bind mounts with host-to-container or bidirectional propagation.
 * <ul>
 *   <li>bind ({@code /host:/ctr[:ro]}) → host_path + container_path + mode. With SELinux {@code z}/{@code Z} or a
 *       propagation, on Docker: a {@code volume} parameter ({@code -v} with those modes); on UCR shared
 *       propagation is a HOST_PATH source with BIDIRECTIONAL propagation, the rest a warning;</li>
 *   <li>named ({@code data:/ctr}) → on Docker, a DOCKER_VOLUME with the volume's real name and driver (its own,
 *       else the framework's default); when the service's volumes need more than {@code -v} can say — two drivers,
 *       driver options, {@code nocopy} — every named volume becomes a {@code mount} parameter
 *       ({@code --mount type=volume,…,volume-driver=…,volume-opt=…}) instead. On UCR a DOCKER_VOLUME with driver and
 *       options; the {@code local} driver is refused there, as dvdcli needs a plugin;</li>
 *   <li>anonymous ({@code /ctr}) → a relative host_path, which Mesos places in the task's sandbox: a fresh
 *       directory per task that goes away with it, as an anonymous volume does;</li>
 *   <li>tmpfs (entries and the {@code tmpfs:} list) → Docker's {@code --tmpfs} with {@code size} and
 *       {@code mode}; UCR has no tmpfs volume.</li>
 * </ul>
 */
final class Volumes {

    /** The ContainerInfo volumes and the {@code docker run} parameters ({@code [key, value]}) of a service. */
    record Mounts(List<Volume> volumes, List<String[]> dockerParameters) {
        Mounts {
            volumes = List.copyOf(volumes);
            dockerParameters = List.copyOf(dockerParameters);
        }
    }

    private Volumes() {}

    static Mounts mounts(ComposeProject project, Service s, ContainerType type, PlanSettings settings,
                         Warnings warnings) {
        if (type == ContainerType.NONE) {
            if (!s.volumes().isEmpty() || !s.options().tmpfs().isEmpty()) {
                warnings.add("volumes", "container_type none has no container to mount volumes in; volumes ignored",
                        "use container_type docker or mesos");
            }
            return new Mounts(List.of(), List.of());
        }
        List<Volume> volumes = new ArrayList<>();
        List<String[]> params = new ArrayList<>();
        boolean namedAsMountFlags = type == ContainerType.DOCKER && needMountFlags(project, s, settings);
        for (VolumeMount m : s.volumes()) {
            switch (m.type()) {
                case BIND -> bind(m, type, volumes, params, warnings);
                case VOLUME -> {
                    if (m.source().isEmpty()) {
                        volumes.add(mode(m).setContainerPath(m.target())
                                .setHostPath("volumes" + m.target().replaceAll("[^A-Za-z0-9._/-]", "_")).build());
                    } else if (namedAsMountFlags) {
                        params.add(new String[] {"mount", mountFlag(project, m, settings)});
                    } else {
                        named(project, m, type, settings, warnings).ifPresent(volumes::add);
                    }
                }
                case TMPFS -> {
                    if (type == ContainerType.DOCKER) {
                        params.add(new String[] {"tmpfs", tmpfs(m)});
                    } else {
                        warnings.add(m.position(), "volumes", "tmpfs mounts need the Docker containerizer; "
                                + m.target() + " ignored", null);
                    }
                }
            }
        }
        if (type == ContainerType.DOCKER) {
            s.options().tmpfs().forEach(t -> params.add(new String[] {"tmpfs", t}));
        } else if (!s.options().tmpfs().isEmpty()) {
            warnings.add("tmpfs", "tmpfs mounts need the Docker containerizer; " + String.join(", ", s.options().tmpfs())
                    + " ignored", null);
        }
        return new Mounts(volumes, params);
    }

    private static Volume.Builder mode(VolumeMount m) {
        return Volume.newBuilder().setMode(m.readOnly() ? Volume.Mode.RO : Volume.Mode.RW);
    }

    private static void bind(VolumeMount m, ContainerType type, List<Volume> volumes, List<String[]> params,
                             Warnings warnings) {
        String host = m.source().orElseThrow();
        Optional<String> propagation = m.options().propagation();
        Optional<String> selinux = m.options().selinux();
        if (type == ContainerType.DOCKER) {
            if (propagation.isEmpty() && selinux.isEmpty()) {
                volumes.add(mode(m).setContainerPath(m.target()).setHostPath(host).build());
                return;
            }
            List<String> modes = new ArrayList<>(List.of(m.readOnly() ? "ro" : "rw"));
            selinux.ifPresent(modes::add);
            propagation.ifPresent(modes::add);
            params.add(new String[] {"volume", host + ":" + m.target() + ":" + String.join(",", modes)});
            return;
        }
        selinux.ifPresent(z -> warnings.add(m.position(), "volumes", "SELinux relabelling (" + z + ") needs the"
                + " Docker containerizer; ignored for " + m.target(), null));
        Volume.Builder v = mode(m).setContainerPath(m.target());
        switch (propagation.orElse("rslave")) {
            case "shared", "rshared" -> v.getSourceBuilder().setType(Volume.Source.Type.HOST_PATH).getHostPathBuilder()
                    .setPath(host).setMountPropagation(MountPropagation.newBuilder()
                            .setMode(MountPropagation.Mode.BIDIRECTIONAL));
            case "slave", "rslave" -> v.setHostPath(host); // Mesos' default: host to container
            default -> {
                warnings.add(m.position(), "volumes", "the Mesos containerizer propagates mounts host-to-container or"
                        + " both ways; " + propagation.get() + " ignored for " + m.target(), "use container_type docker");
                v.setHostPath(host);
            }
        }
        volumes.add(v.build());
    }

    /** The driver a named volume is created with: its own, else the framework's default. */
    private static String driver(ComposeProject project, String key, PlanSettings settings) {
        return Optional.ofNullable(project.volumes().get(key)).flatMap(v -> v.driver())
                .orElse(settings.defaultVolumeDriver());
    }

    private static String realName(ComposeProject project, String key) {
        return Optional.ofNullable(project.volumes().get(key)).map(v -> v.effectiveName())
                .orElse(key);
    }

    private static Map<String, String> driverOptions(ComposeProject project, String key) {
        return Optional.ofNullable(project.volumes().get(key)).map(v -> v.driverOpts())
                .orElse(Map.of());
    }

    /** Whether {@code -v} with one {@code --volume-driver} cannot say what the named volumes need. */
    private static boolean needMountFlags(ComposeProject project, Service s, PlanSettings settings) {
        Set<String> drivers = new LinkedHashSet<>();
        boolean more = false;
        for (VolumeMount m : s.volumes()) {
            if (m.type() == VolumeMount.Type.VOLUME && m.source().isPresent()) {
                drivers.add(driver(project, m.source().get(), settings));
                more |= m.options().nocopy() || !driverOptions(project, m.source().get()).isEmpty();
            }
        }
        return more || drivers.size() > 1;
    }

    private static Optional<Volume> named(ComposeProject project, VolumeMount m, ContainerType type,
                                          PlanSettings settings, Warnings warnings) {
        String key = m.source().orElseThrow();
        String driver = driver(project, key, settings);
        if (type == ContainerType.MESOS && driver.equals("local")) {
            warnings.error(m.position(), "volumes", "volume \"" + key + "\" uses the Docker volume driver local,"
                    + " which the Mesos containerizer cannot mount: it mounts named volumes with dvdcli through a"
                    + " Docker volume plugin", "give the volume a driver: installed as a plugin on the agents (e.g."
                    + " rexray), bind-mount an agent path, or use container_type docker");
            return Optional.empty();
        }
        Volume.Builder v = mode(m).setContainerPath(m.target());
        var docker = v.getSourceBuilder().setType(Volume.Source.Type.DOCKER_VOLUME).getDockerVolumeBuilder()
                .setName(realName(project, key)).setDriver(driver);
        Map<String, String> opts = driverOptions(project, key);
        if (!opts.isEmpty()) {
            Parameters.Builder p = Parameters.newBuilder();
            opts.forEach((k, val) -> p.addParameter(Parameter.newBuilder().setKey(k).setValue(val)));
            docker.setDriverOptions(p);
        }
        return Optional.of(v.build());
    }

    /** {@code --mount} for a named volume: docker reads it as CSV, so fields with commas or quotes are quoted. */
    private static String mountFlag(ComposeProject project, VolumeMount m, PlanSettings settings) {
        String key = m.source().orElseThrow();
        List<String> fields = new ArrayList<>(List.of("type=volume", "source=" + realName(project, key),
                "target=" + m.target()));
        if (m.readOnly()) {
            fields.add("readonly");
        }
        fields.add("volume-driver=" + driver(project, key, settings));
        if (m.options().nocopy()) {
            fields.add("volume-nocopy=true");
        }
        driverOptions(project, key).forEach((k, v) -> fields.add("volume-opt=" + k + "=" + v));
        return String.join(",", fields.stream().map(Volumes::csv).toList());
    }

    private static String csv(String field) {
        return field.contains(",") || field.contains("\"") ? "\"" + field.replace("\"", "\"\"") + "\"" : field;
    }

    /** {@code --tmpfs} value: the path, then {@code ro}, {@code size=} bytes and {@code mode=} octal as given. */
    private static String tmpfs(VolumeMount m) {
        List<String> options = new ArrayList<>();
        if (m.readOnly()) {
            options.add("ro");
        }
        m.options().tmpfsSizeBytes().ifPresent(b -> options.add("size=" + b));
        m.options().tmpfsMode().ifPresent(mode -> options.add("mode=" + Integer.toOctalString(mode)));
        return options.isEmpty() ? m.target() : m.target() + ":" + String.join(",", options);
    }
}
