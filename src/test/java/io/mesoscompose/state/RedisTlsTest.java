package io.mesoscompose.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** rediss:// against a redis-server that speaks TLS only: the certificate and the host name are both checked. */
class RedisTlsTest {

    @TempDir
    Path dir;

    @Test
    void aTrustedCertificateForTheHostWorks() throws Exception {
        TestCertificates certs = TestCertificates.create(dir, "IP:127.0.0.1");
        try (RedisServer server = RedisServer.start(Optional.of("tls-pw"), certs.redisArgs());
             StateStore store = RedisStateStore.open(target(server), "tls", certs.trustingClient())) {
            store.commit(new StateChange.SetFrameworkId("over-tls"));
            assertThat(store.frameworkId()).contains("over-tls");
            assertThat(store.describe()).startsWith("rediss://****@127.0.0.1:" + server.port() + "/0");
        }
    }

    @Test
    void anUntrustedCertificateIsRefused() throws Exception {
        TestCertificates certs = TestCertificates.create(dir, "IP:127.0.0.1");
        try (RedisServer server = RedisServer.start(Optional.of("tls-pw"), certs.redisArgs())) {
            assertThatThrownBy(() -> RedisStateStore.open(target(server), "tls"))  // the JVM's trust store only
                    .isInstanceOf(StateStoreException.class)
                    .hasMessageContaining("rediss://****@127.0.0.1:" + server.port())
                    .hasStackTraceContaining("PKIX path building failed");
        }
    }

    @Test
    void aCertificateForAnotherHostIsRefused() throws Exception {
        TestCertificates certs = TestCertificates.create(dir, "DNS:elsewhere.test");
        try (RedisServer server = RedisServer.start(Optional.of("tls-pw"), certs.redisArgs())) {
            assertThatThrownBy(() -> RedisStateStore.open(target(server), "tls", certs.trustingClient()))
                    .isInstanceOf(StateStoreException.class)
                    .hasStackTraceContaining("No subject alternative names matching IP address 127.0.0.1");
        }
    }

    private static RedisTarget target(RedisServer server) {
        return new RedisTarget(server.host(), server.port(), 0, Optional.empty(), Optional.of("tls-pw"), true);
    }
}
