package io.mesoscompose.compose;

import io.mesoscompose.compose.model.PortMapping;
import io.mesoscompose.compose.model.PortMapping.AppProtocol;
import io.mesoscompose.compose.model.PortMapping.Mode;
import io.mesoscompose.compose.model.PortMapping.Protocol;
import io.mesoscompose.compose.model.PortRange;
import io.mesoscompose.compose.model.SourcePosition;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.IntStream;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * {@code ports:} in short syntax ({@code [host_ip:][host:]container[/protocol]}, ranges allowed) and long syntax.
 * Besides tcp and udp, the mesos-compose hints {@code /http}, {@code /https}, {@code /h2c} and {@code /wss} mean
 * TCP with an application protocol for discovery and Traefik. A host port of 0 is the same as none.
 *
 * <p>Ranges as compose-go reads them: {@code "80-82:8080-8082"} is three mappings, {@code "80-90:8080"} one mapping
 * whose host port is any of 80-90; other differing lengths are an error. The long syntax's {@code x-} keys are
 * extensions and ignored. Which host port a replica really gets is the plan's business (see {@code plan.Ports}).
 */
final class PortSyntax {

    private static final String SHORT_FORM = "expected [host_ip:][host_port:]container_port[/protocol], e.g."
            + " \"8080:80\", \"9090\", \"8082:82/udp\", \"8000-8010:8000-8010\"; protocol is tcp, udp, http,"
            + " https, h2c or wss";
    private static final List<String> LONG_KEYS =
            List.of("target", "published", "protocol", "app_protocol", "host_ip", "name", "mode", "x-...");

    private PortSyntax() {}

    static List<PortMapping> read(Node entry, String field, Values v) {
        if (entry instanceof MappingNode long_) {
            return readLong(long_, field, v);
        }
        return v.string(entry, field).map(text -> readShort(text, entry, field, v)).orElse(List.of());
    }

    private static List<PortMapping> readShort(String text, Node at, String field, Values v) {
        SourcePosition pos = Diagnostics.position(at);
        String spec = text.strip();
        String proto = "tcp";
        int slash = spec.lastIndexOf('/');
        if (slash >= 0) {
            proto = spec.substring(slash + 1);
            spec = spec.substring(0, slash);
        }
        Optional<String> hostIp = Optional.empty();
        if (spec.startsWith("[")) {
            int close = spec.indexOf("]:");
            if (close < 0) {
                v.error(at, field, "\"" + text + "\" is not a port mapping", SHORT_FORM);
                return List.of();
            }
            hostIp = Optional.of(spec.substring(1, close));
            spec = spec.substring(close + 2);
        }
        String[] parts = spec.split(":", -1);
        String host;
        String container;
        switch (parts.length) {
            case 1 -> { host = ""; container = parts[0]; }
            case 2 -> { host = parts[0]; container = parts[1]; }
            case 3 -> {
                if (hostIp.isPresent()) {
                    v.error(at, field, "\"" + text + "\" is not a port mapping", SHORT_FORM);
                    return List.of();
                }
                hostIp = Optional.of(parts[0]);
                host = parts[1];
                container = parts[2];
            }
            default -> {
                v.error(at, field, "\"" + text + "\" is not a port mapping", SHORT_FORM);
                return List.of();
            }
        }
        Optional<Transport> transport = transport(proto, at, field, v);
        Optional<int[]> containerRange = range(container, false, at, field, text, v);
        Optional<int[]> hostRange = host.isEmpty() ? Optional.of(new int[] {0, 0}) : range(host, true, at, field, text, v);
        if (transport.isEmpty() || containerRange.isEmpty() || hostRange.isEmpty()) {
            return List.of();
        }
        return expand(containerRange.get(), hostRange.get(), Mode.INGRESS, transport.get(), hostIp, Optional.empty(),
                pos, at, field, text, v);
    }

    private static List<PortMapping> readLong(MappingNode map, String field, Values v) {
        SourcePosition pos = Diagnostics.position(map);
        Optional<int[]> target = Optional.empty();
        Optional<int[]> published = Optional.of(new int[] {0, 0});
        Optional<Transport> transport = Optional.of(new Transport(Protocol.TCP, Optional.empty()));
        Optional<String> app = Optional.empty();
        Optional<String> hostIp = Optional.empty();
        Optional<String> name = Optional.empty();
        Mode mode = Mode.INGRESS;
        Node appNode = map;
        boolean hasTarget = false;
        for (NodeTuple t : map.getValue()) {
            String key = Values.key(t);
            Node value = t.getValueNode();
            String f = field + "." + key;
            switch (key) {
                case "target" -> {
                    hasTarget = true;
                    target = v.string(value, f).flatMap(s -> range(s, false, value, f, s, v));
                }
                case "published" -> published = v.string(value, f).flatMap(s -> range(s, true, value, f, s, v));
                case "protocol" -> transport = v.string(value, f).flatMap(s -> transport(s, value, f, v));
                case "app_protocol" -> { app = v.string(value, f); appNode = value; }
                case "host_ip" -> hostIp = v.string(value, f);
                case "name" -> name = v.string(value, f);
                case "mode" -> {
                    Optional<String> m = v.string(value, f);
                    if (m.filter("host"::equals).isPresent()) {
                        mode = Mode.HOST;
                    } else if (m.isPresent() && !m.get().equals("ingress")) {
                        v.error(value, f, "\"" + m.get() + "\" is not a port mode; expected host or ingress");
                    }
                }
                default -> {
                    if (!key.startsWith("x-")) {
                        v.error(t.getKeyNode(), f, "unknown port field \"" + key + "\"",
                                DidYouMean.hint(key, LONG_KEYS).orElse("allowed: " + String.join(", ", LONG_KEYS)));
                    }
                }
            }
        }
        if (!hasTarget) {
            v.error(map, field, "a port in long syntax needs target: (the container port)");
            return List.of();
        }
        if (app.isPresent() && transport.isPresent()) {
            transport = appProtocol(app.get(), appNode, field + ".app_protocol", v)
                    .map(a -> new Transport(Protocol.TCP, Optional.of(a)));
        }
        if (target.isEmpty() || published.isEmpty() || transport.isEmpty()) {
            return List.of();
        }
        return expand(target.get(), published.get(), mode, transport.get(), hostIp, name, pos, map, field,
                Values.kind(map), v);
    }

    private static List<PortMapping> expand(int[] container, int[] host, Mode mode, Transport transport,
                                            Optional<String> hostIp, Optional<String> name, SourcePosition pos,
                                            Node at, String field, String text, Values v) {
        int count = container[1] - container[0] + 1;
        boolean none = host[0] == 0;
        int hostCount = host[1] - host[0] + 1;
        if (!none && hostCount != count && count != 1) {
            v.error(at, field, "\"" + text + "\" maps " + hostCount + " host ports to " + count
                    + " container ports", "give ranges of the same length, one container port with a host range"
                    + " (any free port of it), or leave the host port out");
            return List.of();
        }
        Optional<String> ip = hostIp.filter(s -> !s.isBlank());
        if (!none && count == 1) {
            return List.of(new PortMapping(container[0], Optional.of(new PortRange(host[0], host[1])), mode,
                    transport.protocol(), transport.app(), ip, name, pos));
        }
        return IntStream.range(0, count).mapToObj(i -> new PortMapping(container[0] + i,
                none ? Optional.empty() : Optional.of(PortRange.single(host[0] + i)), mode, transport.protocol(),
                transport.app(), ip, name, pos)).toList();
    }

    /** {@code 80} or {@code 8000-8010}; host ports may be 0 (= pick one). */
    private static Optional<int[]> range(String s, boolean host, Node at, String field, String text, Values v) {
        String[] ends = s.strip().split("-", -1);
        try {
            int from = Integer.parseInt(ends[0].strip());
            int to = ends.length == 2 ? Integer.parseInt(ends[1].strip()) : from;
            int min = host ? 0 : 1;
            if (ends.length > 2 || from < min || to > 65535 || to < from || (host && from == 0 && to != 0)) {
                throw new NumberFormatException();
            }
            return Optional.of(new int[] {from, to});
        } catch (NumberFormatException e) {
            v.error(at, field, "\"" + text + "\": \"" + s + "\" is not a " + (host ? "host" : "container")
                    + " port or range (" + (host ? 0 : 1) + "-65535)", SHORT_FORM);
            return Optional.empty();
        }
    }

    private record Transport(Protocol protocol, Optional<AppProtocol> app) {}

    private static Optional<Transport> transport(String proto, Node at, String field, Values v) {
        return switch (proto.strip().toLowerCase(Locale.ROOT)) {
            case "tcp" -> Optional.of(new Transport(Protocol.TCP, Optional.empty()));
            case "udp" -> Optional.of(new Transport(Protocol.UDP, Optional.empty()));
            default -> appProtocol(proto, at, field, v).map(a -> new Transport(Protocol.TCP, Optional.of(a)));
        };
    }

    private static Optional<AppProtocol> appProtocol(String proto, Node at, String field, Values v) {
        return switch (proto.strip().toLowerCase(Locale.ROOT)) {
            case "http" -> Optional.of(AppProtocol.HTTP);
            case "https" -> Optional.of(AppProtocol.HTTPS);
            case "h2c" -> Optional.of(AppProtocol.H2C);
            case "wss" -> Optional.of(AppProtocol.WSS);
            case "sctp" -> {
                v.error(at, field, "sctp ports are not supported by Mesos port resources; use tcp or udp");
                yield Optional.empty();
            }
            default -> {
                v.error(at, field, "\"" + proto + "\" is not a protocol; expected tcp, udp, http, https, h2c or wss");
                yield Optional.empty();
            }
        };
    }

    /** {@code expose:} entries: a container port or range, optionally with /tcp or /udp. */
    static List<Integer> expose(Node entry, String field, Values v) {
        Optional<String> text = entry instanceof ScalarNode ? v.string(entry, field) : Optional.empty();
        if (!(entry instanceof ScalarNode)) {
            v.error(entry, field, "expected a port number, found " + Values.kind(entry));
        }
        return text.flatMap(s -> range(s.replaceFirst("/(tcp|udp)$", ""), false, entry, field, s, v))
                .map(r -> IntStream.rangeClosed(r[0], r[1]).boxed().toList())
                .orElse(List.of());
    }
}
