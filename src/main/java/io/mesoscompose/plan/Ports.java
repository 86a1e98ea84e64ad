package io.mesoscompose.plan;

import io.mesoscompose.compose.model.NetworkMode;
import io.mesoscompose.compose.model.PortMapping;
import io.mesoscompose.compose.model.PortRange;
import io.mesoscompose.compose.model.Service;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.mesos.v1.Protos.ContainerInfo.DockerInfo;
import org.apache.mesos.v1.Protos.DiscoveryInfo;
import org.apache.mesos.v1.Protos.Label;
import org.apache.mesos.v1.Protos.Labels;
import org.apache.mesos.v1.Protos.NetworkInfo;
import org.apache.mesos.v1.Protos.Port;

/**
 * A service's published ports: what it asks from the offer, and how they appear in the TaskInfo.
 *
 * <p>Which host port, as in the Go mesos-compose (api/compose.go {@code getDockerPorts} sets every host port to 0,
 * scheduler {@code changeDockerPorts} picks one from {@code PORTRANGE_FROM..PORTRANGE_TO} at launch and writes it
 * into the DiscoveryInfo, where Traefik finds it): the host part of a published port is not reserved, each replica
 * gets a free port of the framework's port range. A fixed host port is asked for on purpose with the long syntax's
 * {@code mode: host} ({@code published: 8080} exactly, {@code published: 80-90} any free one of them). In host
 * network mode there is nothing to map: the process binds its container port on the agent, so that port is
 * requested as a fixed host port (two replicas can then never share an agent's port).
 *
 * <p>Host-port keys (see {@link ServicePlan.HostPortRequest}): a fixed host port is keyed by its number
 * ({@code "8082"}), so {@code 8082:82/udp} and {@code 8082:82/http} share the one port resource Mesos offers
 * (port resources have no protocol); a port the scheduler picks is keyed {@code <containerport>/<tcp|udp>}
 * ({@code "9090/tcp"}), shared likewise by the entries of one container port and transport. In the template such a
 * port is 0 and {@link TaskFactory} fills in the chosen number.
 */
final class Ports {
    /** Discovery port label: the container port the discovery port leads to. */
    static final String CONTAINER_PORT_LABEL = "container_port";
    /** Discovery port label: the application protocol hint (http, https, h2c, wss). */
    static final String APP_PROTOCOL_LABEL = "app_protocol";

    private Ports() {}

    /**
     * One published port after the network mode is applied.
     *
     * @param hostPorts the host ports it may take: one port when fixed, else the range to pick from
     */
    record Published(int containerPort, PortRange hostPorts, boolean fixed, String transport,
                     Optional<String> appProtocol) {
        String key() {
            return fixed ? fixedKey(hostPorts.from()) : dynamicKey(containerPort, transport);
        }

        int templateHostPort() {
            return fixed ? hostPorts.from() : 0;
        }
    }

    static String fixedKey(int hostPort) {
        return Integer.toString(hostPort);
    }

    static String dynamicKey(int containerPort, String transport) {
        return containerPort + "/" + transport;
    }

    static List<Published> published(Service service, NetworkMode mode, PlanSettings settings, Warnings warnings) {
        List<Published> out = new ArrayList<>();
        Set<Integer> notReserved = new LinkedHashSet<>();
        for (PortMapping p : service.ports()) {
            String transport = p.protocol().name().toLowerCase(Locale.ROOT);
            Optional<String> app = p.appProtocol().map(a -> a.name().toLowerCase(Locale.ROOT));
            p.hostIp().ifPresent(ip -> warnings.add(p.position(), "ports", "binding to host IP " + ip
                    + " is not supported by Mesos; the port is published on all of the agent's addresses", null));
            if (mode == NetworkMode.NONE) {
                warnings.add(p.position(), "ports", "network_mode none publishes no ports; "
                        + p.containerPort() + " ignored", null);
                continue;
            }
            Published published;
            if (mode == NetworkMode.HOST) {
                if (p.published().isPresent() && !p.published().get().equals(PortRange.single(p.containerPort()))) {
                    warnings.add(p.position(), "ports", "in host mode the container port " + p.containerPort()
                            + " is the host port; host port " + p.published().get() + " ignored", null);
                }
                published = new Published(p.containerPort(), PortRange.single(p.containerPort()), true, transport, app);
            } else if (p.mode() == PortMapping.Mode.HOST && p.published().isPresent()) {
                PortRange range = p.published().get();
                published = new Published(p.containerPort(), range, range.isSingle(), transport, app);
            } else {
                p.published().ifPresent(r -> notReserved.add(r.from()));
                published = new Published(p.containerPort(), settings.portRange(), false, transport, app);
            }
            if (published.fixed() || p.mode() == PortMapping.Mode.HOST) {
                outsideRange(published, p, settings, warnings);
            }
            out.add(published);
        }
        if (!notReserved.isEmpty()) {
            warnings.add("ports", "host port" + (notReserved.size() == 1 ? " " : "s ")
                    + notReserved.stream().map(String::valueOf).collect(Collectors.joining(", "))
                    + (notReserved.size() == 1 ? " is" : " are") + " not reserved: as in the Go mesos-compose, each"
                    + " replica gets a free port of " + settings.portRange() + " (PORTRANGE_FROM..PORTRANGE_TO),"
                    + " published in its DiscoveryInfo (Traefik) and the task list",
                    "to reserve a fixed host port, use the long syntax with mode: host"
                    + " (- target: 80, published: 8080, mode: host)");
        }
        return out;
    }

    /** A host port no agent offers by default: say so now rather than leave the replica waiting unexplained. */
    private static void outsideRange(Published p, PortMapping source, PlanSettings settings, Warnings warnings) {
        PortRange offered = settings.portRange();
        PortRange wanted = p.hostPorts();
        boolean overlaps = wanted.from() <= offered.to() && offered.from() <= wanted.to();
        if (!overlaps) {
            warnings.add(source.position(), "ports", "host port " + wanted + " lies outside " + offered
                    + " (PORTRANGE_FROM..PORTRANGE_TO), the ports Mesos agents offer by default: the task runs only"
                    + " on agents that offer " + (wanted.isSingle() ? "it" : "one of them"),
                    "give the agents --resources=ports:[...] with it, or publish a port of " + offered);
        }
    }

    static List<ServicePlan.HostPortRequest> requests(List<Published> ports) {
        Map<String, ServicePlan.HostPortRequest> byKey = new LinkedHashMap<>();
        for (Published p : ports) {
            byKey.putIfAbsent(p.key(), ServicePlan.HostPortRequest.within(p.key(), p.hostPorts()));
        }
        return List.copyOf(byKey.values());
    }

    /** Docker port mappings, one per distinct (host port, container port, transport). */
    static List<DockerInfo.PortMapping> dockerMappings(List<Published> ports) {
        Map<String, DockerInfo.PortMapping> distinct = new LinkedHashMap<>();
        for (Published p : ports) {
            distinct.putIfAbsent(p.key() + ">" + p.containerPort() + "/" + p.transport(), DockerInfo.PortMapping.newBuilder()
                    .setHostPort(p.templateHostPort()).setContainerPort(p.containerPort()).setProtocol(p.transport()).build());
        }
        return List.copyOf(distinct.values());
    }

    /** The same for a CNI network (Mesos' port-mapper plugin reads NetworkInfo.port_mappings). */
    static List<NetworkInfo.PortMapping> networkMappings(List<Published> ports) {
        return dockerMappings(ports).stream().map(m -> NetworkInfo.PortMapping.newBuilder()
                .setHostPort(m.getHostPort()).setContainerPort(m.getContainerPort()).setProtocol(m.getProtocol()).build())
                .toList();
    }

    /**
     * DiscoveryInfo as the Go project makes it: EXTERNAL, one port per published port. The port's protocol is the
     * application hint when there is one ({@code http}/{@code https}/{@code h2c}/{@code wss}) — Traefik's Mesos
     * provider takes the backend scheme from it — else tcp or udp; labels carry the container port and the hint.
     */
    static DiscoveryInfo discovery(String taskName, List<Published> ports, PlanSettings settings) {
        DiscoveryInfo.Builder d = DiscoveryInfo.newBuilder()
                .setVisibility(DiscoveryInfo.Visibility.EXTERNAL)
                .setName(Naming.discoveryName(taskName, settings));
        var list = d.getPortsBuilder();
        for (Published p : ports) {
            Labels.Builder labels = Labels.newBuilder().addLabels(label(CONTAINER_PORT_LABEL, Integer.toString(p.containerPort())));
            p.appProtocol().ifPresent(a -> labels.addLabels(label(APP_PROTOCOL_LABEL, a)));
            list.addPorts(Port.newBuilder()
                    .setNumber(p.templateHostPort())
                    .setName(Naming.discoveryPortName(taskName, p.containerPort(), settings))
                    .setProtocol(p.appProtocol().orElse(p.transport()))
                    .setLabels(labels));
        }
        return d.build();
    }

    private static Label label(String key, String value) {
        return Label.newBuilder().setKey(key).setValue(value).build();
    }

    /** The host-port key of a discovery port whose number is still to be chosen (number 0 in the template). */
    static String dynamicKey(Port port) {
        String containerPort = port.getLabels().getLabelsList().stream()
                .filter(l -> l.getKey().equals(CONTAINER_PORT_LABEL)).map(Label::getValue).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("discovery port " + port.getName() + " has no container port"));
        return dynamicKey(Integer.parseInt(containerPort), port.getProtocol().equals("udp") ? "udp" : "tcp");
    }
}
