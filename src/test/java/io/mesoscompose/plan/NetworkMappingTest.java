package io.mesoscompose.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.mesoscompose.compose.model.ComposeProject;
import io.mesoscompose.compose.model.ContainerType;
import io.mesoscompose.compose.model.Network;
import io.mesoscompose.compose.model.NetworkMode;
import io.mesoscompose.compose.model.Service;
import io.mesoscompose.compose.model.ServiceNetwork;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.mesos.v1.Protos.ContainerInfo;
import org.apache.mesos.v1.Protos.ContainerInfo.DockerInfo;
import org.apache.mesos.v1.Protos.NetworkInfo;
import org.apache.mesos.v1.Protos.Parameter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NetworkMappingTest {

    static ProjectPlan plan(Service s, Network... networks) {
        Map<String, Network> byKey = new java.util.LinkedHashMap<>();
        for (Network n : networks) byKey.put(n.key(), n);
        return Planner.plan(new ComposeProject("p", Map.of(s.name(), s), byKey, Map.of(), Map.of(), Map.of()),
                PlanSettings.defaults());
    }

    static Network net(String key, String name, String driver) {
        return new Network(key, Optional.ofNullable(name), Optional.ofNullable(driver), false, Map.of(), Map.of());
    }

    static ServiceNetwork joins(String key, String... aliases) {
        return new ServiceNetwork(key, List.of(aliases), Optional.empty());
    }

    static Stream<Arguments> modes() {
        return Stream.of(
                // network_mode, top-level network, → docker network, NetworkInfo names
                Arguments.of(null, null, DockerInfo.Network.BRIDGE, List.of()),
                Arguments.of(NetworkMode.HOST, null, DockerInfo.Network.HOST, List.of()),
                Arguments.of(null, net("default", "weave", null), DockerInfo.Network.USER, List.of("weave")),
                Arguments.of(null, net("default", "weave", "bridge"), DockerInfo.Network.BRIDGE, List.of()),
                Arguments.of(null, net("default", null, "host"), DockerInfo.Network.HOST, List.of()),
                Arguments.of(null, net("default", "mesos-net", "mesos-net"), DockerInfo.Network.USER, List.of("mesos-net")),
                Arguments.of(NetworkMode.USER, net("default", null, null), DockerInfo.Network.USER, List.of("default")),
                // an explicit network_mode wins over the driver
                Arguments.of(NetworkMode.BRIDGE, net("default", "weave", "host"), DockerInfo.Network.BRIDGE, List.of()));
    }

    @ParameterizedTest
    @MethodSource("modes")
    void dockerNetworkMode(NetworkMode mode, Network network, DockerInfo.Network expected, List<String> names) {
        Service.Builder b = Service.builder("s", "img").networkMode(mode);
        if (network != null) b.networks(List.of(joins(network.key())));
        ContainerInfo c = (network == null ? plan(b.build()) : plan(b.build(), network)).services().get(0).template().getContainer();
        assertThat(c.getDocker().getNetwork()).isEqualTo(expected);
        assertThat(c.getNetworkInfosList()).extracting(NetworkInfo::getName).isEqualTo(names);
    }

    @Test
    void userNetworkAliasesAndHostname() {
        Service s = Service.builder("s", "img").hostname("web").networks(List.of(joins("front", "www", "api"))).build();
        ContainerInfo c = plan(s, net("front", "weave", null)).services().get(0).template().getContainer();
        assertThat(c.getHostname()).isEqualTo("web");
        assertThat(c.getDocker().getParametersList()).extracting(Parameter::getKey, Parameter::getValue)
                .containsExactly(tuple("network-alias", "www"), tuple("network-alias", "api"));
        Service noAlias = Service.builder("s", "img").containerName("db").networks(List.of(joins("front"))).build();
        assertThat(plan(noAlias, net("front", "weave", null)).services().get(0).template().getContainer()
                .getDocker().getParametersList()).extracting(Parameter::getValue).containsExactly("db");
    }

    @Test
    void hostModeHasNoHostnameNoMappingsAndAsksForTheContainerPort() {
        Service s = Service.builder("s", "img").hostname("web").networkMode(NetworkMode.HOST)
                .ports(List.of(SeedExample.tcp(80, 8080), SeedExample.tcp(9000, null))).build();
        ProjectPlan p = plan(s);
        ServicePlan sp = p.services().get(0);
        assertThat(sp.template().getContainer().hasHostname()).isFalse();
        assertThat(sp.template().getContainer().getDocker().getPortMappingsList()).isEmpty();
        assertThat(sp.hostPorts()).extracting(h -> h.key(), h -> h.fixed().getAsInt())
                .containsExactly(tuple("80", 80), tuple("9000", 9000));
        assertThat(sp.template().getDiscovery().getPorts().getPortsList()).extracting(pt -> pt.getNumber())
                .containsExactly(80, 9000);
        assertThat(p.warnings()).extracting(w -> w.message()).containsExactly(
                "in host mode the container port 80 is the host port; host port 8080 ignored",
                "host port 80 lies outside 31000-32000 (PORTRANGE_FROM..PORTRANGE_TO), the ports Mesos agents offer by"
                        + " default: the task runs only on agents that offer it",
                "host port 9000 lies outside 31000-32000 (PORTRANGE_FROM..PORTRANGE_TO), the ports Mesos agents offer"
                        + " by default: the task runs only on agents that offer it");
    }

    @Test
    void dockerJoinsOnlyTheFirstOfSeveralNetworks() {
        Service s = Service.builder("s", "img").networks(List.of(joins("a"), joins("b"))).build();
        ProjectPlan p = plan(s, net("a", "net-a", null), net("b", "net-b", null));
        assertThat(p.services().get(0).template().getContainer().getNetworkInfosList()).extracting(NetworkInfo::getName)
                .containsExactly("net-a");
        assertThat(p.warnings()).extracting(w -> w.message()).anySatisfy(m -> assertThat(m).contains("net-b ignored"))
                .anySatisfy(m -> assertThat(m).startsWith("joins the Docker network \"net-a\" (networks.a.name)"));
    }

    @Test
    void ucrJoinsEveryCniNetworkWithPortMappingsOnTheFirst() {
        Service s = Service.builder("s", "img").containerType(ContainerType.MESOS).hostname("h")
                .networks(List.of(joins("a"), joins("b"))).ports(List.of(SeedExample.tcp(80, 8080))).build();
        ContainerInfo c = plan(s, net("a", "weave", null), net("b", "calico", null)).services().get(0).template().getContainer();
        assertThat(c.getType()).isEqualTo(ContainerInfo.Type.MESOS);
        assertThat(c.getNetworkInfosList()).extracting(NetworkInfo::getName).containsExactly("weave", "calico");
        assertThat(c.getNetworkInfos(0).getPortMappingsList()).extracting(m -> m.getHostPort(), m -> m.getContainerPort(),
                m -> m.getProtocol()).containsExactly(tuple(0, 80, "tcp"));
        assertThat(c.getNetworkInfos(1).getPortMappingsList()).isEmpty();
        assertThat(c.getHostname()).isEqualTo("h");
    }

    @Test
    void ucrBridgeUsesTheConfiguredCniBridgeAndHostModeNoNetworkAndNoHostname() {
        Service bridge = Service.builder("s", "img").containerType(ContainerType.MESOS).build();
        assertThat(plan(bridge).services().get(0).template().getContainer().getNetworkInfosList())
                .extracting(NetworkInfo::getName).containsExactly("mesos-bridge");
        Service host = Service.builder("s", "img").containerType(ContainerType.MESOS).hostname("h")
                .networkMode(NetworkMode.HOST).build();
        ContainerInfo c = plan(host).services().get(0).template().getContainer();
        assertThat(c.getNetworkInfosList()).isEmpty();
        assertThat(c.hasHostname()).isFalse();
    }

    @Test
    void aServiceWithoutNetworksJoinsTheDeclaredDefaultNetwork() {
        // compose and the Go project alike: a service naming no network is on "default"; declared, it is used.
        Service s = Service.builder("s", "img").build();
        ProjectPlan p = plan(s, net("default", "weave", null));
        ContainerInfo c = p.services().get(0).template().getContainer();
        assertThat(c.getDocker().getNetwork()).isEqualTo(DockerInfo.Network.USER);
        assertThat(c.getNetworkInfosList()).extracting(NetworkInfo::getName).containsExactly("weave");
        assertThat(p.warnings()).extracting(w -> w.message()).containsExactly("joins the Docker network \"weave\""
                + " (networks.default.name): it must exist on every agent (docker network create weave), else the task"
                + " fails to start");
    }

    @Test
    void aDriverNamingAModeGivesThatModeAnyOtherDriverAUserNetwork() {
        // Go changelog v1.2.0: networks set → user mode, unless the driver says otherwise.
        Service s = Service.builder("s", "img").networks(List.of(joins("a"))).build();
        assertThat(plan(s, net("a", "weave", "bridge")).services().get(0).template().getContainer().getDocker()
                .getNetwork()).isEqualTo(DockerInfo.Network.BRIDGE);
        assertThat(plan(s, net("a", "weave", "host")).services().get(0).template().getContainer().getDocker()
                .getNetwork()).isEqualTo(DockerInfo.Network.HOST);
        assertThat(plan(s, net("a", "weave", "mesos-net")).services().get(0).template().getContainer().getDocker()
                .getNetwork()).isEqualTo(DockerInfo.Network.USER);
        assertThat(plan(s, net("a", "weave", null)).services().get(0).template().getContainer().getDocker()
                .getNetwork()).isEqualTo(DockerInfo.Network.USER);
    }

    @Test
    void containerTypeNoneRunsInTheHostNetworkWithoutContainer() {
        Service s = Service.builder("s", "img").containerType(ContainerType.NONE).command(CommandMappingTest.sh("run"))
                .ports(List.of(SeedExample.tcp(8000, null))).build();
        ServicePlan sp = plan(s).services().get(0);
        assertThat(sp.template().hasContainer()).isFalse();
        assertThat(sp.hostPorts()).extracting(h -> h.key()).containsExactly("8000");
    }
}
