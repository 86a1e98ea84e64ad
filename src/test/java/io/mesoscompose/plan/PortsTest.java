package io.mesoscompose.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.compose.model.ComposeProject;
import io.mesoscompose.compose.model.NetworkMode;
import io.mesoscompose.compose.model.PortMapping;
import io.mesoscompose.compose.model.PortRange;
import io.mesoscompose.compose.model.Service;
import io.mesoscompose.config.FrameworkConfig;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * Which host port a published port asks for: the Go project's rule (the host part of the short syntax is not
 * reserved; a port of PORTRANGE_FROM..PORTRANGE_TO is picked at launch), fixed ports on purpose with the long
 * syntax's {@code mode: host}, and the container port in host network mode.
 */
class PortsTest {

    private static PortMapping port(int target, Integer from, Integer to, PortMapping.Mode mode) {
        return new PortMapping(target, from == null ? Optional.empty() : Optional.of(new PortRange(from, to)), mode,
                PortMapping.Protocol.TCP, Optional.empty(), Optional.empty(), Optional.empty(), SeedExample.POS);
    }

    private static ProjectPlan plan(Service s, PlanSettings settings) {
        return Planner.plan(new ComposeProject("p", Map.of(s.name(), s), Map.of(), Map.of(), Map.of(), Map.of()), settings);
    }

    @Test
    void pickedPortsComeFromThePortRangeOfTheConfiguration() {
        PlanSettings settings = PlanSettings.fromConfig(FrameworkConfig.fromEnvironment(Map.of(
                "FRAMEWORK_HOSTNAME", "fw.example", "PORTRANGE_FROM", "20000", "PORTRANGE_TO", "20099")));
        assertThat(settings.portRange()).isEqualTo(new PortRange(20000, 20099));
        Service s = Service.builder("s", "img").ports(List.of(port(80, 8080, 8080, PortMapping.Mode.INGRESS))).build();
        ProjectPlan p = plan(s, settings);
        assertThat(p.services().get(0).hostPorts()).containsExactly(
                new ServicePlan.HostPortRequest("80/tcp", OptionalInt.empty(), new PortRange(20000, 20099)));
        assertThat(p.warnings()).extracting(w -> w.message()).containsExactly("host port 8080 is not reserved: as in"
                + " the Go mesos-compose, each replica gets a free port of 20000-20099 (PORTRANGE_FROM..PORTRANGE_TO),"
                + " published in its DiscoveryInfo (Traefik) and the task list");
    }

    @Test
    void modeHostReservesThePublishedPortOrAnyOfItsRange() {
        Service s = Service.builder("s", "img").ports(List.of(port(80, 31080, 31080, PortMapping.Mode.HOST),
                port(8080, 31090, 31099, PortMapping.Mode.HOST), port(9090, null, null, PortMapping.Mode.HOST))).build();
        ProjectPlan p = plan(s, PlanSettings.defaults());
        assertThat(p.services().get(0).hostPorts()).containsExactly(
                new ServicePlan.HostPortRequest("31080", OptionalInt.of(31080)),
                new ServicePlan.HostPortRequest("8080/tcp", OptionalInt.empty(), new PortRange(31090, 31099)),
                new ServicePlan.HostPortRequest("9090/tcp", OptionalInt.empty(), new PortRange(31000, 32000)));
        assertThat(p.warnings()).isEmpty();
    }

    @Test
    void aFixedPortOutsideThePortRangeIsWarned() {
        Service s = Service.builder("s", "img").ports(List.of(port(80, 8080, 8080, PortMapping.Mode.HOST),
                port(81, 31990, 32010, PortMapping.Mode.HOST))).build();
        assertThat(plan(s, PlanSettings.defaults()).warnings()).extracting(w -> w.message()).containsExactly(
                "host port 8080 lies outside 31000-32000 (PORTRANGE_FROM..PORTRANGE_TO), the ports Mesos agents offer"
                        + " by default: the task runs only on agents that offer it");
    }

    @Test
    void hostNetworkModeAsksForTheContainerPortItself() {
        Service s = Service.builder("s", "img").networkMode(NetworkMode.HOST)
                .ports(List.of(port(31500, null, null, PortMapping.Mode.INGRESS))).build();
        assertThat(plan(s, PlanSettings.defaults()).services().get(0).hostPorts())
                .containsExactly(new ServicePlan.HostPortRequest("31500", OptionalInt.of(31500)));
    }
}
