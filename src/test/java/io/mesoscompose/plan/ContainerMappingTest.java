package io.mesoscompose.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.mesoscompose.compose.model.ComposeProject;
import io.mesoscompose.compose.model.ContainerOptions;
import io.mesoscompose.compose.model.ContainerType;
import io.mesoscompose.compose.model.Service;
import io.mesoscompose.compose.model.Ulimit;
import io.mesoscompose.compose.model.Volume;
import io.mesoscompose.compose.model.VolumeMount;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.apache.mesos.v1.Protos.CapabilityInfo.Capability;
import org.apache.mesos.v1.Protos.ContainerInfo;
import org.apache.mesos.v1.Protos.Parameter;
import org.apache.mesos.v1.Protos.RLimitInfo;
import org.junit.jupiter.api.Test;

class ContainerMappingTest {
    private static final Map<String, Volume> VOLUMES = Map.of(
            "data", new Volume("data", Optional.of("real-data"), Optional.of("rexray"), false, Map.of("size", "10"), Map.of()),
            "cache", new Volume("cache", Optional.empty(), Optional.empty(), false, Map.of(), Map.of()));

    static ProjectPlan plan(Service s) {
        return Planner.plan(new ComposeProject("p", Map.of(s.name(), s), Map.of(), VOLUMES, Map.of(), Map.of()),
                PlanSettings.defaults());
    }

    static ContainerInfo container(Service s) {
        return plan(s).services().get(0).template().getContainer();
    }

    static VolumeMount mount(VolumeMount.Type type, String source, String target, boolean ro) {
        return new VolumeMount(type, Optional.ofNullable(source), target, ro, SeedExample.POS);
    }

    @Test
    void volumesOfEveryKind() {
        Service s = Service.builder("s", "img").volumes(List.of(
                mount(VolumeMount.Type.BIND, "/srv/conf", "/etc/app", true),
                mount(VolumeMount.Type.VOLUME, "cache", "/cache", false),
                mount(VolumeMount.Type.VOLUME, null, "/var/lib/x", false),
                mount(VolumeMount.Type.TMPFS, null, "/run", false))).build();
        ContainerInfo c = container(s);
        assertThat(c.getVolumesList()).hasSize(3);
        assertThat(c.getVolumes(0).getHostPath()).isEqualTo("/srv/conf");
        assertThat(c.getVolumes(0).getMode()).isEqualTo(org.apache.mesos.v1.Protos.Volume.Mode.RO);
        var cache = c.getVolumes(1).getSource().getDockerVolume();
        assertThat(cache.getName()).isEqualTo("cache");
        assertThat(cache.getDriver()).isEqualTo("local");
        assertThat(c.getVolumes(2).getHostPath()).isEqualTo("volumes/var/lib/x");
        assertThat(c.getDocker().getParametersList()).extracting(Parameter::getKey, Parameter::getValue)
                .containsExactly(tuple("tmpfs", "/run"));
        // a second driver, and driver options, are more than -v can say: every named volume becomes --mount
        Service two = s.toBuilder().volumes(List.of(mount(VolumeMount.Type.VOLUME, "data", "/data", false),
                mount(VolumeMount.Type.VOLUME, "cache", "/cache", true))).build();
        assertThat(container(two).getVolumesList()).isEmpty();
        assertThat(container(two).getDocker().getParametersList()).extracting(Parameter::getKey, Parameter::getValue)
                .containsExactly(
                        tuple("mount", "type=volume,source=real-data,target=/data,volume-driver=rexray,volume-opt=size=10"),
                        tuple("mount", "type=volume,source=cache,target=/cache,readonly,volume-driver=local"));
    }

    @Test
    void dockerCapabilitiesPrivilegedAndOptions() {
        Map<String, String> sysctls = new LinkedHashMap<>();
        sysctls.put("net.core.somaxconn", "1024");
        ContainerOptions o = new ContainerOptions(Optional.of("1000:1000"), Optional.of("/app"), Optional.of("example.com"),
                true, true, true, true, Optional.of(Duration.ofSeconds(20)), Optional.of("SIGINT"), OptionalLong.of(67108864),
                sysctls, List.of("db:10.0.0.2"), List.of("8.8.8.8"), List.of("example.com"), List.of("/dev/fuse"),
                List.of("seccomp=unconfined"), List.of("/tmp"),
                Optional.of(new ContainerOptions.Logging("json-file", Map.of("max-size", "10m"))));
        Service s = Service.builder("s", "img").privileged(true).capAdd(Set.of("NET_ADMIN")).capDrop(Set.of("MKNOD"))
                .expose(List.of(7000)).options(o).build();
        ServicePlan sp = plan(s).services().get(0);
        ContainerInfo c = sp.template().getContainer();
        assertThat(c.getDocker().getPrivileged()).isTrue();
        assertThat(c.getDocker().getParametersList()).extracting(Parameter::getKey, Parameter::getValue).containsExactly(
                tuple("user", "1000:1000"), tuple("workdir", "/app"), tuple("domainname", "example.com"),
                tuple("tty", "true"), tuple("interactive", "true"), tuple("read-only", "true"), tuple("init", "true"),
                tuple("stop-signal", "SIGINT"), tuple("shm-size", "67108864b"), tuple("sysctl", "net.core.somaxconn=1024"),
                tuple("add-host", "db:10.0.0.2"), tuple("dns", "8.8.8.8"), tuple("dns-search", "example.com"),
                tuple("device", "/dev/fuse"), tuple("security-opt", "seccomp=unconfined"),
                tuple("log-driver", "json-file"), tuple("log-opt", "max-size=10m"),
                tuple("cap-add", "NET_ADMIN"), tuple("cap-drop", "MKNOD"), tuple("tmpfs", "/tmp"), tuple("expose", "7000"));
        assertThat(sp.template().getKillPolicy().getGracePeriod().getNanoseconds()).isEqualTo(20_000_000_000L);
        assertThat(sp.template().getCommand().hasUser()).isFalse();
    }

    @Test
    void ucrImageCapabilitiesAndRlimits() {
        Map<String, Ulimit> ulimits = new LinkedHashMap<>();
        ulimits.put("memlock", new Ulimit(-1, -1));
        ulimits.put("nofile", new Ulimit(1024, 65536));
        ulimits.put("bogus", new Ulimit(1, 1));
        Service s = Service.builder("s", "alpine:3").containerType(ContainerType.MESOS)
                .capAdd(Set.of("CAP_SYS_ADMIN")).capDrop(Set.of("kill", "NOPE")).ulimits(ulimits).build();
        ProjectPlan p = plan(s);
        ContainerInfo c = p.services().get(0).template().getContainer();
        assertThat(c.getMesos().getImage().getDocker().getName()).isEqualTo("alpine:3");
        assertThat(c.getMesos().getImage().getCached()).isFalse();
        var caps = c.getLinuxInfo().getEffectiveCapabilities().getCapabilitiesList();
        assertThat(caps).contains(Capability.SYS_ADMIN, Capability.CHOWN).doesNotContain(Capability.KILL, Capability.NET_ADMIN);
        assertThat(c.getLinuxInfo().getBoundingCapabilities().getCapabilitiesList()).isEqualTo(caps);
        assertThat(c.getRlimitInfo().getRlimitsList())
                .extracting(RLimitInfo.RLimit::getType, RLimitInfo.RLimit::hasSoft, RLimitInfo.RLimit::getSoft, RLimitInfo.RLimit::getHard)
                .containsExactly(tuple(RLimitInfo.RLimit.Type.RLMT_MEMLOCK, false, 0L, 0L),
                        tuple(RLimitInfo.RLimit.Type.RLMT_NOFILE, true, 1024L, 65536L));
        // network_mode: the bridge of UCR is the CNI network mesos-bridge, which must exist on the agents.
        assertThat(p.warnings()).extracting(d -> d.field()).containsExactlyInAnyOrder("cap_drop", "ulimits.bogus",
                "network_mode");
    }

    @Test
    void ucrWarnsAboutDockerOnlyOptionsAndTmpfs() {
        ContainerOptions o = new ContainerOptions(Optional.of("nobody"), Optional.of("/app"), Optional.empty(), false, false,
                false, false, Optional.empty(), Optional.empty(), OptionalLong.empty(), Map.of(), List.of(), List.of("1.1.1.1"),
                List.of(), List.of(), List.of(), List.of(), Optional.empty());
        Service s = Service.builder("s", "img").containerType(ContainerType.MESOS).options(o)
                .volumes(List.of(mount(VolumeMount.Type.TMPFS, null, "/run", false))).build();
        ProjectPlan p = plan(s);
        assertThat(p.services().get(0).template().getCommand().getUser()).isEqualTo("nobody");
        assertThat(p.warnings()).extracting(d -> d.field()).containsExactlyInAnyOrder("volumes", "working_dir, dns",
                "network_mode");
    }
}
