package io.mesoscompose.plan;

import io.mesoscompose.compose.model.ComposeProject;
import io.mesoscompose.compose.model.ContainerType;
import io.mesoscompose.compose.model.Service;
import io.mesoscompose.compose.model.VolumeMount;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.v1.Protos.Parameter;
import org.apache.mesos.v1.Protos.Parameters;
import org.apache.mesos.v1.Protos.Volume;

/**
 * Service volumes as Mesos volumes.
 * <ul>
 *   <li>bind ({@code /host:/ctr[:ro]}) → host_path + container_path + mode;</li>
 *   <li>named ({@code data:/ctr}) → a DOCKER_VOLUME source with the top-level volume's real name, its driver (else
 *       the framework's default driver) and driver options — the Docker containerizer and UCR's docker/volume
 *       isolator both understand it;</li>
 *   <li>anonymous ({@code /ctr}) → a relative host_path, which Mesos places in the task's sandbox: a fresh
 *       directory per task that goes away with it, as an anonymous volume does;</li>
 *   <li>tmpfs → Docker's {@code --tmpfs} (returned by {@link #dockerTmpfs}); UCR has no tmpfs volume.</li>
 * </ul>
 */
final class Volumes {
    private Volumes() {}

    static List<Volume> volumes(ComposeProject project, Service s, ContainerType type, PlanSettings settings, Warnings warnings) {
        List<Volume> out = new ArrayList<>();
        for (VolumeMount m : s.volumes()) {
            Volume.Builder v = Volume.newBuilder().setContainerPath(m.target())
                    .setMode(m.readOnly() ? Volume.Mode.RO : Volume.Mode.RW);
            switch (m.type()) {
                case BIND -> v.setHostPath(m.source().orElseThrow());
                case VOLUME -> {
                    if (m.source().isEmpty()) {
                        v.setHostPath("volumes" + m.target().replaceAll("[^A-Za-z0-9._/-]", "_"));
                    } else {
                        namedVolume(project, m.source().get(), settings, v);
                    }
                }
                case TMPFS -> {
                    if (type != ContainerType.DOCKER) {
                        warnings.add(m.position(), "volumes", "tmpfs mounts need the Docker containerizer; "
                                + m.target() + " ignored", null);
                    }
                    continue;
                }
            }
            out.add(v.build());
        }
        if (type == ContainerType.NONE && !out.isEmpty()) {
            warnings.add("volumes", "container_type none has no container to mount volumes in; volumes ignored",
                    "use container_type docker or mesos");
            return List.of();
        }
        return out;
    }

    private static void namedVolume(ComposeProject project, String key, PlanSettings settings, Volume.Builder v) {
        var top = Optional.ofNullable(project.volumes().get(key));
        var docker = v.getSourceBuilder().setType(Volume.Source.Type.DOCKER_VOLUME).getDockerVolumeBuilder()
                .setName(top.map(io.mesoscompose.compose.model.Volume::effectiveName).orElse(key))
                .setDriver(top.flatMap(io.mesoscompose.compose.model.Volume::driver).orElse(settings.defaultVolumeDriver()));
        Map<String, String> opts = top.map(io.mesoscompose.compose.model.Volume::driverOpts).orElse(Map.of());
        if (!opts.isEmpty()) {
            Parameters.Builder p = Parameters.newBuilder();
            opts.forEach((k, val) -> p.addParameter(Parameter.newBuilder().setKey(k).setValue(val)));
            docker.setDriverOptions(p);
        }
    }

    /** {@code --tmpfs} values: the service's tmpfs volumes and its {@code tmpfs:} list. */
    static List<String> dockerTmpfs(Service s) {
        List<String> out = new ArrayList<>();
        for (VolumeMount m : s.volumes()) {
            if (m.type() == VolumeMount.Type.TMPFS) {
                out.add(m.target() + (m.readOnly() ? ":ro" : ""));
            }
        }
        out.addAll(s.options().tmpfs());
        return out;
    }
}
