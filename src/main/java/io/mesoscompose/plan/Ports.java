package io.mesoscompose.plan;

import io.mesoscompose.compose.model.NetworkMode;
import io.mesoscompose.compose.model.PortMapping;
import io.mesoscompose.compose.model.Service;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.mesos.v1.Protos.ContainerInfo.DockerInfo;
import org.apache.mesos.v1.Protos.DiscoveryInfo;
import org.apache.mesos.v1.Protos.Label;
import org.apache.mesos.v1.Protos.Labels;
import org.apache.mesos.v1.Protos.NetworkInfo;
import org.apache.mesos.v1.Protos.Port;

/**
 * A service's published ports: what it asks from the offer, and how they appear in the TaskInfo.
 *
 * <p>Host-port keys (see {@link ServicePlan.HostPortRequest}): a fixed host port is keyed by its number
 * ({@code "8082"}), so {@code 8082:82/udp} and {@code 8082:82/http} share the one port resource Mesos offers
 * (port resources have no protocol); a port the scheduler picks is keyed {@code <containerport>/<tcp|udp>}
 * ({@code "9090/tcp"}). In the template such a port is 0 and {@link TaskFactory} fills in the chosen number.
 *
 * <p>In host mode there is nothing to map: the process binds its container port on the agent itself, so that port
 * is requested as a fixed host port (two replicas can then never share an agent's port).
 */
final class Ports {
    /** Discovery port label: the container port the discovery port leads to. */
    static final String CONTAINER_PORT_LABEL = "container_port";
    /** Discovery port label: the application protocol hint (http, https, h2c, wss). */
    static final String APP_PROTOCOL_LABEL = "app_protocol";

    private Ports() {}

    /** One published port after the network mode is applied. */
    record Published(int containerPort, OptionalInt hostPort, String transport, Optional<String> appProtocol) {
        String key() {
            return hostPort.isPresent() ? fixedKey(hostPort.getAsInt()) : dynamicKey(containerPort, transport);
        }

        int templateHostPort() {
            return hostPort.orElse(0);
        }
    }

    static String fixedKey(int hostPort) {
        return Integer.toString(hostPort);
    }

    static String dynamicKey(int containerPort, String transport) {
        return containerPort + "/" + transport;
    }

    static List<Published> published(Service service, NetworkMode mode, Warnings warnings) {
        List<Published> out = new ArrayList<>();
        for (PortMapping p : service.ports()) {
            String transport = p.protocol().name().toLowerCase(Locale.ROOT);
            Optional<String> app = p.appProtocol().map(a -> a.name().toLowerCase(Locale.ROOT));
            OptionalInt host = p.hostPort();
            p.hostIp().ifPresent(ip -> warnings.add(p.position(), "ports", "binding to host IP " + ip
                    + " is not supported by Mesos; the port is published on all of the agent's addresses", null));
            if (mode == NetworkMode.HOST) {
                if (host.isPresent() && host.getAsInt() != p.containerPort()) {
                    warnings.add(p.position(), "ports", "in host mode the container port " + p.containerPort()
                            + " is the host port; host port " + host.getAsInt() + " ignored", null);
                }
                host = OptionalInt.of(p.containerPort());
            } else if (mode == NetworkMode.NONE) {
                warnings.add(p.position(), "ports", "network_mode none publishes no ports; "
                        + p.containerPort() + " ignored", null);
                continue;
            }
            out.add(new Published(p.containerPort(), host, transport, app));
        }
        return out;
    }

    static List<ServicePlan.HostPortRequest> requests(List<Published> ports) {
        Map<String, ServicePlan.HostPortRequest> byKey = new LinkedHashMap<>();
        for (Published p : ports) {
            byKey.putIfAbsent(p.key(), new ServicePlan.HostPortRequest(p.key(), p.hostPort()));
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
