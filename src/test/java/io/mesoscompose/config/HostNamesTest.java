package io.mesoscompose.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class HostNamesTest {

    static InetAddress ip(String literal) throws UnknownHostException {
        return InetAddress.getByName(literal);
    }

    @Test
    void aFullyQualifiedNameIsTakenFirst() throws Exception {
        assertThat(HostNames.choose("fw1", Optional.of("fw1.dc1.example.org"), List.of(ip("10.0.0.5"))))
                .isEqualTo("fw1.dc1.example.org");
        assertThat(HostNames.choose("fw1.dc1.example.org", Optional.empty(), List.of(ip("10.0.0.5"))))
                .isEqualTo("fw1.dc1.example.org");
    }

    @Test
    void aShortNameOnlyThisHostKnowsGivesWayToANonLoopbackAddressIpv4First() throws Exception {
        assertThat(HostNames.choose("vm", Optional.of("vm"), List.of(ip("fe80::1"), ip("2001:db8::7"), ip("127.0.0.1"),
                ip("192.0.2.2")))).isEqualTo("192.0.2.2");
        assertThat(HostNames.choose("vm", Optional.empty(), List.of(ip("fe80::1"), ip("2001:db8::7"))))
                .isEqualTo("[2001:db8:0:0:0:0:0:7]");
    }

    @Test
    void localhostAndAddressesAreNotTakenForNames() throws Exception {
        assertThat(HostNames.choose("localhost.localdomain", Optional.of("localhost.localdomain"),
                List.of(ip("10.1.2.3")))).isEqualTo("10.1.2.3");
        assertThat(HostNames.choose("vm", Optional.of("10.1.2.3"), List.of(ip("10.1.2.3")))).isEqualTo("10.1.2.3");
    }

    @Test
    void withNothingBetterTheShortNameStays() {
        assertThat(HostNames.choose("vm", Optional.empty(), List.of())).isEqualTo("vm");
    }
}
