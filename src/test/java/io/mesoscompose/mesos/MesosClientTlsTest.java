package io.mesoscompose.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS to the master: a CA made with keytool signs the master's certificates; the client trusts that CA file,
 * refuses what it does not vouch for, and with the explicit insecure option checks nothing.
 */
class MesosClientTlsTest {

    static final String PASS = "changeit";
    @TempDir
    static Path dir;
    static Path caPem;
    static SSLContext goodMaster;
    static SSLContext misnamedMaster;

    @BeforeAll
    static void makeCertificates() throws Exception {
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=mesos-compose test CA",
                "-ext", "bc:c", "-validity", "2", "-keystore", "ca.p12");
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-file", "ca.pem");
        caPem = dir.resolve("ca.pem");
        goodMaster = serverContext("master", "san=ip:127.0.0.1,dns:localhost");
        misnamedMaster = serverContext("stranger", "san=dns:elsewhere.example");
    }

    /** A key pair for the master, signed by the CA for these names, as the server's SSLContext. */
    static SSLContext serverContext(String name, String san) throws Exception {
        String store = name + ".p12";
        keytool("-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=" + name,
                "-validity", "2", "-keystore", store);
        keytool("-certreq", "-alias", name, "-keystore", store, "-file", name + ".csr");
        keytool("-gencert", "-alias", "ca", "-keystore", "ca.p12", "-infile", name + ".csr", "-outfile", name + ".pem",
                "-rfc", "-validity", "2", "-ext", san);
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", store);
        keytool("-importcert", "-alias", name, "-file", name + ".pem", "-keystore", store);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve(store))) {
            keys.load(in, PASS.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASS.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("-storepass", PASS, "-storetype", "PKCS12"));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        if (p.waitFor() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }

    static ClientConfig config(ClientConfig.Tls tls) {
        return ClientConfig.of("mc", "root", List.of("*")).withTiming(MesosClientSimulatorTest.FAST).withTls(tls);
    }

    static void subscribe(FakeMaster master, ClientConfig.Tls tls) throws Exception {
        try (MasterHttp http = new MasterHttp(config(tls))) {
            MasterHttp.Stream stream = http.subscribe(URI.create(master.url()),
                    Calls.subscribe(config(tls).frameworkInfo(Optional.empty())));
            stream.close();
        }
    }

    @Test
    void subscribesOverHttpsTrustingTheGivenCa() throws Exception {
        try (FakeMaster master = new FakeMaster(goodMaster)) {
            EventLog log = new EventLog();
            try (MesosClient client = new MesosClient(config(new ClientConfig.Tls(Optional.of(caPem), false)),
                    MasterDetector.fromSpec(master.url(), false), log, log)) {
                client.start();
                assertThat(log.await(MesosEvent.Subscribed.class).masterUrl()).isEqualTo(master.url());
                client.revive(List.of());
                assertThat(master.requests).hasSize(2);
            }
        }
    }

    @Test
    void refusesACertificateItCannotVerify() throws Exception {
        try (FakeMaster master = new FakeMaster(goodMaster)) {
            assertThatThrownBy(() -> subscribe(master, ClientConfig.Tls.DEFAULT))
                    .isInstanceOf(SSLHandshakeException.class);
        }
        try (FakeMaster master = new FakeMaster(misnamedMaster)) {
            assertThatThrownBy(() -> subscribe(master, new ClientConfig.Tls(Optional.of(caPem), false)))
                    .isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void insecureChecksNeitherIssuerNorName() throws Exception {
        try (FakeMaster master = new FakeMaster(misnamedMaster)) {
            subscribe(master, new ClientConfig.Tls(Optional.empty(), true));
            assertThat(master.subscriptions.get()).isEqualTo(1);
        }
    }

    /**
     * Closing a TLS event stream does not wait for the master: a TLS socket reads what is left of its input when it
     * closes, for as long as its read timeout (here the request timeout, 5 s; the silence allowed, 75 s by default).
     */
    @Test
    void closingATlsEventStreamDoesNotWaitForTheMaster() throws Exception {
        try (FakeMaster master = new FakeMaster(goodMaster)) {
            long start = System.nanoTime();
            subscribe(master, new ClientConfig.Tls(Optional.of(caPem), false));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        }
    }

    /** A REVIVE over the pipelined call connection ({@link CallPipeline}), not the SUBSCRIBE connection. */
    static void call(FakeMaster master, ClientConfig.Tls tls) {
        try (MasterHttp http = new MasterHttp(config(tls))) {
            http.call(URI.create(master.url()), "stream-1", Calls.revive(List.of()));
        }
    }

    @Test
    void callsCheckTheMastersCertificateAndName() throws Exception {
        try (FakeMaster master = new FakeMaster(goodMaster)) {
            call(master, new ClientConfig.Tls(Optional.of(caPem), false));
            assertThat(master.requests).extracting(r -> r.call().getType()).containsExactly(Call.Type.REVIVE);
            assertThatThrownBy(() -> call(master, ClientConfig.Tls.DEFAULT))
                    .isInstanceOf(MesosCallException.class).hasStackTraceContaining("SSLHandshakeException");
        }
        try (FakeMaster master = new FakeMaster(misnamedMaster)) {
            assertThatThrownBy(() -> call(master, new ClientConfig.Tls(Optional.of(caPem), false)))
                    .isInstanceOf(MesosCallException.class).hasStackTraceContaining("SSLHandshakeException");
            assertThat(master.requests).isEmpty();
            call(master, new ClientConfig.Tls(Optional.empty(), true));
            assertThat(master.requests).hasSize(1);
        }
    }

    /**
     * The call connection's deadline watch (every second) leaves a quiet TLS connection alone: a call after quiet
     * seconds goes over the same connection.
     */
    @Test
    void aQuietTlsCallConnectionIsKept() throws Exception {
        try (FakeMaster master = new FakeMaster(goodMaster);
             MasterHttp http = new MasterHttp(config(new ClientConfig.Tls(Optional.of(caPem), false)))) {
            http.call(URI.create(master.url()), "stream-1", Calls.revive(List.of()));
            Thread.sleep(2_500); // the watch looked twice
            http.call(URI.create(master.url()), "stream-1", Calls.revive(List.of()));
            assertThat(master.requests).hasSize(2);
            assertThat(master.requests.get(1).from()).isEqualTo(master.requests.get(0).from());
        }
    }

    @Test
    void aCaFileWithoutCertificatesIsAConfigurationError() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "");
        assertThatThrownBy(() -> io.mesoscompose.tls.TlsContexts.client("the Mesos master", Optional.of(empty), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty.pem");
    }
}
