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
 * with aliases and addresses) or the mesos-compose extension {@code network:} (a name or a list of names). Every
 * name must be a top-level network; {@code default} always exists.
 */
final class NetworkingReader {

    private static final List<String> ATTACH_KEYS = List.of("aliases", "ipv4_address", "ipv6_address", "priority",
            "gw_priority", "link_local_ips", "mac_address", "driver_opts", "interface_name");

    private final Values v;
    private final ReadContext ctx;
    private final List<ServiceNetwork> networks = new ArrayList<>();
    private final List<PortMapping> ports = new ArrayList<>();
    private final List<Integer> expose = new ArrayList<>();
    private String networksField;

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
        if (networksField != null) {
            v.error(value, field, "both network: and networks: are given", "use one of them");
            return;
        }
        networksField = field;
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
        b.networks(networks).ports(ports).expose(expose);
    }
}
