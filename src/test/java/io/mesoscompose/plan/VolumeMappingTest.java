package io.mesoscompose.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.mesoscompose.compose.ComposeLoader;
import io.mesoscompose.compose.Diagnostic;
import io.mesoscompose.compose.LoadRequest;
import io.mesoscompose.compose.LoadResult;
import io.mesoscompose.compose.SourceFile;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.v1.Protos.ContainerInfo;
import org.apache.mesos.v1.Protos.MountPropagation;
import org.apache.mesos.v1.Protos.Parameter;
import org.apache.mesos.v1.Protos.Volume;
import org.junit.jupiter.api.Test;

/**
 * Volumes as a real agent takes them: Mesos' Docker containerizer passes ContainerInfo volumes as {@code -v} with one
 * {@code --volume-driver} and refuses two drivers (src/docker/docker.cpp); its own containerizer mounts named volumes
 * through dvdcli and a volume plugin (isolators/docker/volume).
 */
class VolumeMappingTest {

    private static ProjectPlan plan(String service, String top) {
        String yaml = "services:\n  s:\n    image: i\n" + service.indent(4) + top;
        LoadResult r = ComposeLoader.load(new LoadRequest(List.of(new SourceFile("c.yml", yaml)), Optional.of("p"),
                Map.of(), f -> Optional.empty()));
        assertThat(r.diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
        return Planner.plan(r.project().orElseThrow(), PlanSettings.defaults());
    }

    private static ContainerInfo container(String service, String top) {
        ProjectPlan p = plan(service, top);
        assertThat(p.hasErrors()).as(p.warnings().toString()).isFalse();
        return p.services().get(0).template().getContainer();
    }

    private static List<String> parameters(ContainerInfo c, String key) {
        return c.getDocker().getParametersList().stream().filter(p -> p.getKey().equals(key))
                .map(Parameter::getValue).toList();
    }

    @Test
    void aGoFilesNamedVolumeKeepsItsNameWithoutProjectPrefixAndItsDriver() {
        // the seed: "12345test:/tmp" with driver local → the same Docker volume the Go project used
        ContainerInfo c = container("volumes: [\"12345test:/tmp\"]", "volumes:\n  12345test:\n    driver: local\n");
        assertThat(c.getVolumesList()).singleElement().satisfies(v -> {
            assertThat(v.getSource().getDockerVolume().getName()).isEqualTo("12345test");
            assertThat(v.getSource().getDockerVolume().getDriver()).isEqualTo("local");
        });
        assertThat(parameters(c, "mount")).isEmpty();
    }

    @Test
    void anExplicitDriverBesideTheImplicitLocalBecomesMountFlagsNotTwoVolumeDrivers() {
        ContainerInfo c = container("volumes: [\"data:/data\", \"cache:/cache:ro\"]",
                "volumes:\n  data: {driver: rexray, driver_opts: {size: \"10\"}}\n  cache: {}\n");
        assertThat(c.getVolumesList()).isEmpty();
        assertThat(parameters(c, "mount")).containsExactly(
                "type=volume,source=data,target=/data,volume-driver=rexray,volume-opt=size=10",
                "type=volume,source=cache,target=/cache,readonly,volume-driver=local");
    }

    @Test
    void nocopyAndQuotedOptionsGoIntoTheMountFlag() {
        ContainerInfo c = container("volumes: [\"data:/data:nocopy\"]",
                "volumes:\n  data: {driver_opts: {o: \"addr=10.0.0.1,rw\"}}\n");
        assertThat(parameters(c, "mount")).containsExactly(
                "type=volume,source=data,target=/data,volume-driver=local,volume-nocopy=true,\"volume-opt=o=addr=10.0.0.1,rw\"");
    }

    @Test
    void theMesosContainerizerRefusesTheLocalDriverAndPassesAPluginsOptions() {
        ProjectPlan refused = plan("container_type: mesos\nvolumes: [\"data:/data\"]", "volumes:\n  data: {}\n");
        assertThat(refused.hasErrors()).isTrue();
        assertThat(refused.warnings()).filteredOn(Diagnostic::isError).singleElement().hasToString("c.yml:5:15: error:"
                + " service \"s\": volumes: volume \"data\" uses the Docker volume driver local, which the Mesos"
                + " containerizer cannot mount: it mounts named volumes with dvdcli through a Docker volume plugin"
                + " (give the volume a driver: installed as a plugin on the agents (e.g. rexray), bind-mount an agent"
                + " path, or use container_type docker)");
        ContainerInfo c = container("container_type: mesos\nvolumes: [\"data:/data\"]",
                "volumes:\n  data: {driver: rexray, driver_opts: {size: \"10\"}}\n");
        Volume.Source.DockerVolume v = c.getVolumes(0).getSource().getDockerVolume();
        assertThat(v.getDriver()).isEqualTo("rexray");
        assertThat(v.getDriverOptions().getParameterList()).extracting(Parameter::getKey, Parameter::getValue)
                .containsExactly(tuple("size", "10"));
    }

    @Test
    void selinuxAndPropagationOfABindAreDockerVolumeFlagsOrUcrPropagation() {
        ContainerInfo docker = container("volumes: [\"/srv/a:/a:ro,z\", \"/srv/b:/b:rshared\", \"/srv/c:/c\"]", "");
        assertThat(parameters(docker, "volume")).containsExactly("/srv/a:/a:ro,z", "/srv/b:/b:rw,rshared");
        assertThat(docker.getVolumesList()).extracting(Volume::getHostPath).containsExactly("/srv/c");

        ProjectPlan ucr = plan("container_type: mesos\nnetwork_mode: host\nvolumes: [\"/srv/a:/a:Z\","
                + " \"/srv/b:/b:rshared\", \"/srv/c:/c:rprivate\"]", "");
        List<Volume> volumes = ucr.services().get(0).template().getContainer().getVolumesList();
        assertThat(volumes.get(1).getSource().getHostPath().getPath()).isEqualTo("/srv/b");
        assertThat(volumes.get(1).getSource().getHostPath().getMountPropagation().getMode())
                .isEqualTo(MountPropagation.Mode.BIDIRECTIONAL);
        assertThat(ucr.warnings()).extracting(Diagnostic::message).containsExactly(
                "SELinux relabelling (Z) needs the Docker containerizer; ignored for /a",
                "the Mesos containerizer propagates mounts host-to-container or both ways; rprivate ignored for /c");
    }

    @Test
    void tmpfsSizeAndModeReachDocker() {
        ContainerInfo c = container("""
                volumes:
                  - {type: tmpfs, target: /run, tmpfs: {size: 64m, mode: 1777}}
                tmpfs: ["/tmp:size=1m"]
                """, "");
        assertThat(parameters(c, "tmpfs")).containsExactly("/run:size=67108864,mode=1777", "/tmp:size=1m");
        ProjectPlan ucr = plan("container_type: mesos\nnetwork_mode: host\ntmpfs: [/tmp]", "");
        assertThat(ucr.warnings()).extracting(Diagnostic::message).containsExactly(
                "tmpfs mounts need the Docker containerizer; /tmp ignored");
    }
}
