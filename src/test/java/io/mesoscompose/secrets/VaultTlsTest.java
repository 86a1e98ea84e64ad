package io.mesoscompose.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mesoscompose.compose.model.VaultRef;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** HTTPS to Vault: a test CA made with the JDK's keytool signs the fake Vault's certificate (for 127.0.0.1). */
class VaultTlsTest {

    private static final Map<String, VaultRef> REFS = Map.of("PW", new VaultRef("secret/data/app", "pw"));
    private static final char[] PASSWORD = "changeit".toCharArray();

    @TempDir
    static Path dir;
    private static FakeVaultServer vault;

    @BeforeAll
    static void start() throws Exception {
        keytool("-genkeypair", "-alias", "ca", "-keyalg", "EC", "-dname", "CN=vault test CA", "-ext", "bc:c",
                "-validity", "2", "-keystore", "ca.p12");
        keytool("-exportcert", "-rfc", "-alias", "ca", "-keystore", "ca.p12", "-file", "ca.pem");
        keytool("-genkeypair", "-alias", "vault", "-keyalg", "EC", "-dname", "CN=127.0.0.1", "-validity", "2",
                "-keystore", "vault.p12");
        keytool("-certreq", "-alias", "vault", "-keystore", "vault.p12", "-file", "vault.csr");
        keytool("-gencert", "-alias", "ca", "-keystore", "ca.p12", "-infile", "vault.csr", "-outfile", "vault.pem",
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2", "-rfc");
        keytool("-importcert", "-noprompt", "-alias", "ca", "-file", "ca.pem", "-keystore", "vault.p12");
        keytool("-importcert", "-alias", "vault", "-file", "vault.pem", "-keystore", "vault.p12");

        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(dir.resolve("vault.p12"))) {
            keys.load(in, PASSWORD);
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, PASSWORD);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(kmf.getKeyManagers(), null, null);
        vault = FakeVaultServer.startTls(tls).token("t");
        vault.put("secret", "app", Map.of("pw", "over-tls"));
    }

    @AfterAll
    static void stop() {
        vault.close();
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("-storepass", "changeit", "-keypass", "changeit"));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("keytool " + String.join(" ", args) + " failed: " + output);
        }
    }

    private static VaultSecretResolver resolver(Optional<Path> ca, boolean skipVerify) {
        VaultConfig config = VaultConfig.withToken(vault.url(), "t").withTls(ca, skipVerify);
        return new VaultSecretResolver(config, Clock.systemUTC(), d -> {}, new Redaction());
    }

    @Test
    void trustsVaultThroughTheCaFile() throws Exception {
        assertThat(vault.url().getScheme()).isEqualTo("https");

        assertThat(resolver(Optional.of(dir.resolve("ca.pem")), false).resolve("p", "s", REFS))
                .containsEntry("PW", "over-tls");
    }

    @Test
    void refusesACertificateItCannotVerifyWithoutRetrying() {
        int before = vault.seen().size();

        SecretUnavailableException e = catchThrowableOfType(SecretUnavailableException.class,
                () -> resolver(Optional.empty(), false).resolve("p", "s", REFS));

        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("TLS to Vault", "VAULT_CACERT");
        assertThat(vault.seen()).hasSize(before);
    }

    @Test
    void skipVerifyAcceptsAnyCertificate() throws Exception {
        assertThat(resolver(Optional.empty(), true).resolve("p", "s", REFS)).containsEntry("PW", "over-tls");
    }

    @Test
    void aCaFileWithoutCertificatesIsAConfigurationError() throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.pem"), "not a certificate\n");

        assertThatThrownBy(() -> resolver(Optional.of(empty), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(empty.toString());
    }
}
