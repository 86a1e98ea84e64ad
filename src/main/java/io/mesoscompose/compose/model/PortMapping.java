package io.mesoscompose.compose.model;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * One published port ({@code "8080:80"}, {@code "9090"}, {@code "8082:82/udp"}, {@code "8082:82/http"}, or long
 * syntax), as the file says it. A container port range in the source becomes one mapping per port. Which host port
 * a replica gets is the plan's decision (see {@code plan.Ports}): the Go mesos-compose ignores the host part of the
 * short syntax and picks one from its port range, and so does the plan unless {@code mode} is {@link Mode#HOST}.
 *
 * @param published   the host port or range written in the file ({@code 8080}, {@code 80-90}); empty for none or 0
 * @param mode        {@link Mode#HOST} only from the long syntax's {@code mode: host}: the published port is meant
 *                    on the agent itself
 * @param protocol    the transport
 * @param appProtocol an application-protocol hint ({@code /http}, {@code /https}, {@code /h2c}, {@code /wss}, or
 *                    {@code app_protocol:}), used for discovery and Traefik; implies TCP
 * @param name        the long syntax's {@code name:}, if any
 */
public record PortMapping(
        int containerPort,
        Optional<PortRange> published,
        Mode mode,
        Protocol protocol,
        Optional<AppProtocol> appProtocol,
        Optional<String> hostIp,
        Optional<String> name,
        SourcePosition position) {

    public enum Protocol { TCP, UDP }

    public enum AppProtocol { HTTP, HTTPS, H2C, WSS }

    /** The long syntax's {@code mode:}; the short syntax is always INGRESS. */
    public enum Mode { INGRESS, HOST }

    /** A short-syntax mapping: {@code hostPort} as written (empty for none or 0). */
    public PortMapping(int containerPort, OptionalInt hostPort, Protocol protocol, Optional<AppProtocol> appProtocol,
                       Optional<String> hostIp, Optional<String> name, SourcePosition position) {
        this(containerPort, hostPort.isPresent() ? Optional.of(PortRange.single(hostPort.getAsInt())) : Optional.empty(),
                Mode.INGRESS, protocol, appProtocol, hostIp, name, position);
    }

    /** The published host port when the file names exactly one. */
    public OptionalInt hostPort() {
        return published.filter(PortRange::isSingle).map(r -> OptionalInt.of(r.from())).orElse(OptionalInt.empty());
    }
}
