package io.mesoscompose.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.compose.model.ContainerType;
import io.mesoscompose.compose.model.MesosOptions;
import io.mesoscompose.compose.model.NetworkMode;
import io.mesoscompose.compose.model.PortMapping;
import io.mesoscompose.compose.model.Service;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ContainerInfo;
import org.apache.mesos.v1.Protos.Port;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;

/** Whatever ports a service publishes, a launched replica has every host port filled in, consistently. */
class PortsPropertyTest {

    @Provide
    Arbitrary<List<PortMapping>> portLists() {
        Arbitrary<PortMapping> one = Combinators.combine(
                Arbitraries.integers().between(1, 40),
                Arbitraries.integers().between(0, 40),
                Arbitraries.of(PortMapping.Protocol.values()),
                Arbitraries.integers().between(-1, PortMapping.AppProtocol.values().length - 1)
        ).as((container, host, protocol, app) -> {
            Optional<PortMapping.AppProtocol> hint = app < 0 || protocol == PortMapping.Protocol.UDP ? Optional.empty()
                    : Optional.of(PortMapping.AppProtocol.values()[app]);
            return new PortMapping(container, host == 0 ? OptionalInt.empty() : OptionalInt.of(1000 + host), protocol,
                    hint, Optional.empty(), Optional.empty(), SeedExample.POS);
        });
        return one.list().ofMaxSize(12);
    }

    @Property(tries = 200)
    void everyHostPortIsFilledAndMatchesItsMapping(@ForAll("portLists") List<PortMapping> ports,
                                                   @ForAll boolean ucr) {
        Service s = SeedExample.app().mesos(MesosOptions.NONE).ports(ports)
                .containerType(ucr ? ContainerType.MESOS : ContainerType.DOCKER)
                .networkMode(ucr ? NetworkMode.USER : NetworkMode.BRIDGE).build();
        ServicePlan plan = Planner.plan(SeedExample.project(s), PlanSettings.defaults()).services().get(0);

        Set<String> keys = plan.hostPorts().stream().map(ServicePlan.HostPortRequest::key).collect(Collectors.toSet());
        assertThat(keys).hasSize(plan.hostPorts().size());
        Map<String, Integer> chosen = new HashMap<>();
        int next = 40000;
        for (ServicePlan.HostPortRequest r : plan.hostPorts()) {
            chosen.put(r.key(), r.fixed().isPresent() ? r.fixed().getAsInt() : next++);
        }

        TaskInfo t = TaskFactory.instantiate(plan, TaskID.newBuilder().setValue("p_s.1").build(),
                AgentID.newBuilder().setValue("a").build(), List.of(), chosen, Map.of());
        ContainerInfo c = t.getContainer();
        // host port, container port, transport of every mapping Mesos will set up
        Set<List<Object>> mapped = ucr
                ? c.getNetworkInfos(0).getPortMappingsList().stream()
                        .map(m -> List.<Object>of(m.getHostPort(), m.getContainerPort(), m.getProtocol())).collect(Collectors.toSet())
                : c.getDocker().getPortMappingsList().stream()
                        .map(m -> List.<Object>of(m.getHostPort(), m.getContainerPort(), m.getProtocol())).collect(Collectors.toSet());
        assertThat(mapped).allSatisfy(m -> assertThat((Integer) m.get(0)).isPositive());
        assertThat(mapped).allSatisfy(m -> assertThat(chosen).containsValue((Integer) m.get(0)));

        List<Port> discovered = t.getDiscovery().getPorts().getPortsList();
        assertThat(discovered).hasSize(ports.size());
        for (Port p : discovered) {
            int container = Integer.parseInt(p.getLabels().getLabels(0).getValue());
            String transport = p.getProtocol().equals("udp") ? "udp" : "tcp";
            assertThat(mapped).contains(List.of(p.getNumber(), container, transport));
        }
    }
}
