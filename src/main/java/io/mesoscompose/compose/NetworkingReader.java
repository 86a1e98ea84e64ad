package io.mesoscompose.compose;

import io.mesoscompose.compose.model.PortMapping;
import io.mesoscompose.compose.model.Service;
import io.mesoscompose.compose.model.ServiceNetwork;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/**
 * {@code ports}, {@code expose}, and the networks a service joins: compose's {@code networks:} (list, or mapping
 * with aliases and addresses) and the mesos-compose extension {@code network:} (a name or a list of names). Every
 * name must be a top-level network; {@code default} always exists.
 *
 * <p>Both may be given, as the Go project's own example of all parameters does ({@code network: default} with
 * {@code networks: {default: {aliases: [test]}}}): {@code network:} then names the network, as in the Go project's
 * {@code getNetworkName}, and {@code networks:} only adds the aliases of that network; its other entries are
 * ignored with a warning.
 */
final class NetworkingReader {

    private static final List<String> ATTACH_KEYS = List.of("aliases", "ipv4_address", "ipv6_address", "priority",
            "gw_priority", "link_local_ips", "mac_address", "driver_opts", "interface_name");

    private final Values v;
    private final ReadContext ctx;
    /** From {@code network:}, empty when not given. */
    private Optional<List<String>> network = Optional.empty();
    /** From {@code networks:}. */
    private final List<ServiceNetwork> networks = new ArrayList<>();
    private Node networksNode;
    private final List<PortMapping> ports = new ArrayList<>();
    private final List<Integer> expose = new ArrayList<>();

    NetworkingReader(Values v, ReadContext ctx) {
        this.v = v;
        this.ctx = ctx;
    }

    void ports(Node value) {
        ports.addAll(ServiceReader.readList(value, "ports", v, (item, f) -> PortSyntax.read(item, f, v)));
    }

    void expose(Node value) {
        expose.addAll(ServiceReader.readList(value, "expose", v, (item, f) -> PortSyntax.expose(item, f, v)));
    }

    void networks(String field, Node value) {
        if (field.equals("network")) {
            network = Optional.of(v.strings(value, field, true).stream().filter(name -> known(name, value, field))
                    .toList());
            return;
        }
        networksNode = value;
        if (value instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                String name = Values.key(t);
                attachment(name, t.getKeyNode(), t.getValueNode(), field + "." + name).ifPresent(networks::add);
            }
            return;
        }
        for (String name : v.strings(value, field, true)) {
            if (known(name, value, field)) {
                networks.add(new ServiceNetwork(name, List.of(), Optional.empty()));
            }
        }
    }

    /**
     * Whether the service names the Go project's default network, {@code network: default}, without a top-level
     * {@code default}: the Go project then runs it in user mode on the network named {@code default}
     * (api/compose.go {@code getNetworkName}, {@code getNetworkMode}). Compose's {@code networks: [default]} means
     * the project's default network instead, which on a Mesos agent is Docker's bridge.
     */
    boolean goDefaultNetwork() {
        return network.filter(names -> !names.isEmpty() && names.get(0).equals("default")).isPresent()
                && !ctx.networks().contains("default");
    }

    private Optional<ServiceNetwork> attachment(String name, Node keyNode, Node value, String path) {
        if (!known(name, keyNode, path)) {
            return Optional.empty();
        }
        List<String> aliases = new ArrayList<>();
        Optional<String>[] ipv4 = new Optional[] {Optional.empty()};
        v.mapping(value, path).ifPresent(m -> v.each(m, path, ATTACH_KEYS, (k, val, p) -> {
            switch (k) {
                case "aliases" -> aliases.addAll(v.strings(val, p, false));
                case "ipv4_address" -> ipv4[0] = v.string(val, p);
                default -> v.warning(val, p, "ignored: the network (CNI or docker) assigns this", null);
            }
        }));
        return Optional.of(new ServiceNetwork(name, aliases, ipv4[0]));
    }

    private boolean known(String name, Node at, String field) {
        if (name.equals("default") || ctx.networks().contains(name)) {
            return true;
        }
        v.error(at, field, "network \"" + name + "\" is not declared under the top-level networks:",
                DidYouMean.hint(name, ctx.networks()).orElse("add it under networks: at the top level"));
        return false;
    }

    void applyTo(Service.Builder b) {
        b.networks(network.map(this::named).orElse(networks)).ports(ports).expose(expose);
    }

    /** The networks {@code network:} names, with their aliases from {@code networks:}. */
    private List<ServiceNetwork> named(List<String> names) {
        for (ServiceNetwork n : networks) {
            if (!names.contains(n.name())) {
                v.warning(networksNode, "networks." + n.name(), "ignored: network: " + String.join(", ", names)
                        + " names the networks (it takes precedence, as in the Go mesos-compose)", null);
            }
        }
        return names.stream().map(name -> networks.stream().filter(n -> n.name().equals(name)).findFirst()
                .orElse(new ServiceNetwork(name, List.of(), Optional.empty()))).toList();
    }
}
