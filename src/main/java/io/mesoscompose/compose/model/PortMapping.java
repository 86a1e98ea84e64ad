package io.mesoscompose.compose.model;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * One published port ({@code "8080:80"}, {@code "9090"}, {@code "8082:82/udp"}, {@code "8082:82/http"}, or long
 * syntax). A port range in the source becomes one mapping per port.
 *
 * @param hostPort    the fixed host port; empty when the scheduler picks one from the offer ({@code "9090"},
 *                    {@code "0:6379"})
 * @param protocol    the transport
 * @param appProtocol an application-protocol hint ({@code /http}, {@code /https}, {@code /h2c}, {@code /wss}, or
 *                    {@code app_protocol:}), used for discovery and Traefik; implies TCP
 * @param name        the long syntax's {@code name:}, if any
 */
public record PortMapping(
        int containerPort,
        OptionalInt hostPort,
        Protocol protocol,
        Optional<AppProtocol> appProtocol,
        Optional<String> hostIp,
        Optional<String> name,
        SourcePosition position) {

    public enum Protocol { TCP, UDP }

    public enum AppProtocol { HTTP, HTTPS, H2C, WSS }
}
