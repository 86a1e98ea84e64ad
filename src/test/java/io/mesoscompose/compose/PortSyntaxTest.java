package io.mesoscompose.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.mesoscompose.compose.model.PortMapping;
import io.mesoscompose.compose.model.PortMapping.Mode;
import io.mesoscompose.compose.model.PortMapping.Protocol;
import io.mesoscompose.compose.model.PortRange;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code ports:} as compose-go reads them (its types_test.go TestParsePortConfig, loader/tests/ports_test.go,
 * loader_test.go TestLoadWithInterpolationCastFull): the published part as written, ranges, host IPs, long syntax
 * with {@code mode} and {@code x-} extensions. Which host port a replica gets is the plan's (PortsTest).
 */
class PortSyntaxTest {

    private static List<PortMapping> ports(String yaml) {
        return ServiceFieldsTest.ok(yaml).ports();
    }

    private static Optional<PortRange> range(int from, int to) {
        return Optional.of(new PortRange(from, to));
    }

    @Test
    void shortSyntaxKeepsThePublishedPortAsWritten() {
        List<PortMapping> p = ports("ports:\n  - \"80:8080\"\n  - \"90:8090/udp\"\n  - 8600\n");
        assertThat(p).extracting(PortMapping::containerPort, PortMapping::published, PortMapping::protocol,
                        PortMapping::mode)
                .containsExactly(
                        tuple(8080, range(80, 80), Protocol.TCP, Mode.INGRESS),
                        tuple(8090, range(90, 90), Protocol.UDP, Mode.INGRESS),
                        tuple(8600, Optional.empty(), Protocol.TCP, Mode.INGRESS));
    }

    @Test
    void aHostRangeForOneContainerPortIsOneMappingWithTheWholeRange() {
        // compose-go: "80-90:8080" → one ServicePortConfig, Target 8080, Published "80-90"; "80-80:8080" → "80".
        assertThat(ports("ports: [\"80-90:8080\"]")).singleElement().satisfies(m -> {
            assertThat(m.containerPort()).isEqualTo(8080);
            assertThat(m.published()).isEqualTo(range(80, 90));
            assertThat(m.hostPort()).isEmpty();
        });
        assertThat(ports("ports: [\"80-82:8080/udp\"]")).singleElement()
                .satisfies(m -> assertThat(m.published()).isEqualTo(range(80, 82)));
        assertThat(ports("ports: [\"80-80:8080/tcp\"]")).singleElement()
                .satisfies(m -> assertThat(m.hostPort()).hasValue(80));
    }

    @Test
    void rangesOfEqualLengthArePairedPortByPort() {
        assertThat(ports("ports: [\"80-82:8080-8082/udp\"]"))
                .extracting(PortMapping::containerPort, PortMapping::published)
                .containsExactly(tuple(8080, range(80, 80)),
                        tuple(8081, range(81, 81)),
                        tuple(8082, range(82, 82)));
    }

    @Test
    void aHostIpIsKept() {
        assertThat(ports("ports: [\"1.1.1.1:80:80\"]")).singleElement().satisfies(m -> {
            assertThat(m.hostIp()).contains("1.1.1.1");
            assertThat(m.hostPort()).hasValue(80);
        });
    }

    @Test
    void longSyntaxWithModeHostAndExtensions() {
        List<PortMapping> p = ports("""
                ports:
                  - target: 80
                    published: 8080
                    protocol: tcp
                    mode: host
                  - target: 555
                    published: "555"
                    x-foo-bar: true
                  - target: 8080
                    published: 80-90
                    mode: host
                """);
        assertThat(p).extracting(PortMapping::containerPort, PortMapping::published, PortMapping::mode)
                .containsExactly(tuple(80, range(8080, 8080), Mode.HOST),
                        tuple(555, range(555, 555), Mode.INGRESS),
                        tuple(8080, range(80, 90), Mode.HOST));
    }

    @Test
    void refusedAsComposeGoRefusesThem() {
        assertThat(ServiceFieldsTest.onlyError("ports: [\"9999999\"]"))
                .contains("\"9999999\" is not a container port or range (1-65535)");
        assertThat(ServiceFieldsTest.onlyError("ports: [\"80/xyz\"]"))
                .contains("\"xyz\" is not a protocol; expected tcp, udp, http, https, h2c or wss");
        assertThat(ServiceFieldsTest.onlyError("ports: [\"\"]")).contains("is not a container port");
        assertThat(ServiceFieldsTest.onlyError("ports:\n  - target: 80\n    foo: 1\n"))
                .contains("unknown port field \"foo\"");
    }
}
