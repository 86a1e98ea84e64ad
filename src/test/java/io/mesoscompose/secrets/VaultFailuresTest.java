package io.mesoscompose.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mesoscompose.compose.model.VaultRef;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What goes wrong: each failure names project, service, path and key, says whether waiting may help, and never
 * carries a value.
 */
class VaultFailuresTest {

    private static final String VALUE = "the-value-nobody-may-see";

    private FakeVaultServer vault;
    private final List<Duration> pauses = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        vault = FakeVaultServer.start().token("root-token").token("narrow-token", "secret/data/other/");
        vault.put("secret", "m3s/test", Map.of("test1", VALUE));
    }

    @AfterEach
    void stop() {
        vault.close();
    }

    private VaultSecretResolver resolver(VaultConfig config, VaultSecretResolver.Pause pause) {
        return new VaultSecretResolver(config, Clock.systemUTC(), pause, new Redaction());
    }

    private VaultSecretResolver resolver(String token) {
        return resolver(VaultConfig.withToken(vault.url(), token).withRetries(3, Duration.ofMillis(100)), pauses::add);
    }

    private static SecretUnavailableException failure(VaultSecretResolver r, VaultRef ref) {
        SecretUnavailableException e = catchThrowableOfType(SecretUnavailableException.class,
                () -> r.resolve("shop", "db", Map.of("DB_PASSWORD", ref)));
        assertThat(e).as("resolving %s should fail", ref).isNotNull();
        assertThat(e.getMessage()).contains("project \"shop\"", "service \"db\"", ref.toString())
                .doesNotContain(VALUE);
        assertThat(e.getCause()).isNull();
        return e;
    }

    @Test
    void aPathThatDoesNotExistIsNotRetried() {
        SecretUnavailableException e = failure(resolver("root-token"), new VaultRef("secret/data/m3s/nope", "test1"));

        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("no secret at path secret/data/m3s/nope", "HTTP 404");
        assertThat(vault.reads()).isEqualTo(1);
    }

    @Test
    void aKvV2PathWithoutDataGetsVaultsOwnHint() {
        SecretUnavailableException e = failure(resolver("root-token"), new VaultRef("secret/m3s/test", "test1"));

        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("Invalid path for a versioned K/V secrets engine");
    }

    @Test
    void aDeletedVersionIsSaidToBeDeleted() {
        vault.delete("secret", "m3s/test");

        SecretUnavailableException e = failure(resolver("root-token"), new VaultRef("secret/data/m3s/test", "test1"));

        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("deleted or destroyed");
    }

    @Test
    void aMissingKeyIsNamedWithTheKeysThatExist() {
        SecretUnavailableException e = failure(resolver("root-token"), new VaultRef("secret/data/m3s/test", "test2"));

        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("no key \"test2\"", "secret/data/m3s/test", "keys there: test1");
    }

    @Test
    void kvVersion2SaysSoWhenTheAnswerIsAVersion1Secret() {
        vault.mount("", "kv", 1).put("kv", "legacy", Map.of("test1", VALUE));
        VaultSecretResolver strict = resolver(VaultConfig.withToken(vault.url(), "root-token")
                .withKvVersion(VaultConfig.KvVersion.V2), pauses::add);

        SecretUnavailableException e = failure(strict, new VaultRef("kv/legacy", "test1"));

        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("is not a KV v2 secret");
    }

    @Test
    void aWrongTokenIsPermissionDeniedAndNotRetried() {
        SecretUnavailableException e = failure(resolver("wrong-token"), new VaultRef("secret/data/m3s/test", "test1"));

        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("permission denied", "HTTP 403");
        assertThat(vault.reads()).isEqualTo(1);
        assertThat(pauses).isEmpty();
    }

    @Test
    void aPathOutsideTheTokensPolicyIsPermissionDenied() {
        SecretUnavailableException e = failure(resolver("narrow-token"), new VaultRef("secret/data/m3s/test", "test1"));

        assertThat(e.getMessage()).contains("permission denied");
    }

    @Test
    void sealedThenUnsealedSucceedsOnARetry() throws Exception {
        vault.seal();
        VaultSecretResolver r = resolver(VaultConfig.withToken(vault.url(), "root-token")
                .withRetries(3, Duration.ofMillis(100)), d -> {
                    pauses.add(d);
                    vault.unseal(); // the operator unseals while we wait
                });

        Map<String, String> values = r.resolve("shop", "db", Map.of("PW", new VaultRef("secret/data/m3s/test",
                "test1")));

        assertThat(values).containsEntry("PW", VALUE);
        assertThat(pauses).containsExactly(Duration.ofMillis(100));
        assertThat(vault.reads()).isEqualTo(2);
    }

    @Test
    void staysSealedRetriesWithDoublingPausesThenGivesUpRetryably() {
        vault.seal();

        SecretUnavailableException e = failure(resolver("root-token"), new VaultRef("secret/data/m3s/test", "test1"));

        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).contains("HTTP 503", "Vault is sealed", "after 3 tries");
        assertThat(pauses).containsExactly(Duration.ofMillis(100), Duration.ofMillis(200));
        assertThat(vault.reads()).isEqualTo(3);
    }

    @Test
    void aVaultNobodyListensOnIsRetryable() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        VaultSecretResolver r = resolver(VaultConfig.withToken(URI.create("http://127.0.0.1:" + port), "t")
                .withRetries(2, Duration.ofMillis(1)), pauses::add);

        SecretUnavailableException e = failure(r, new VaultRef("secret/data/m3s/test", "test1"));

        assertThat(e.retryable()).isTrue();
        assertThat(e.getMessage()).contains("unreachable", "after 2 tries");
        assertThat(pauses).hasSize(1);
    }

    @Test
    void theNoVaultResolverRefusesOnlyWhenAskedForASecret() throws Exception {
        assertThat(SecretResolver.NONE.resolve("p", "s", Map.of())).isEmpty();
        SecretUnavailableException e = catchThrowableOfType(SecretUnavailableException.class,
                () -> SecretResolver.NONE.resolve("p", "s", Map.of("X", new VaultRef("secret/data/a", "b"))));
        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("no Vault is configured");
    }
}
