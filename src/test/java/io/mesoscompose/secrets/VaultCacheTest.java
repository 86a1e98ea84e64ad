package io.mesoscompose.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mesoscompose.compose.model.VaultRef;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reads are reused for the cache TTL, measured on a clock the test controls. */
class VaultCacheTest {

    private static final Map<String, VaultRef> REFS = Map.of("PW", new VaultRef("secret/data/app", "pw"));

    private FakeVaultServer vault;
    private final TestClock clock = new TestClock();

    @BeforeEach
    void start() throws Exception {
        vault = FakeVaultServer.start().mount("", "kv", 1).token("t");
        vault.put("secret", "app", Map.of("pw", "first-password"));
    }

    @AfterEach
    void stop() {
        vault.close();
    }

    private VaultSecretResolver resolver(Duration ttl) {
        return new VaultSecretResolver(VaultConfig.withToken(vault.url(), "t").withCacheTtl(ttl)
                .withRetries(2, Duration.ofSeconds(1)), clock, d -> {}, new Redaction());
    }

    @Test
    void aSecretIsReadOnceWithinTheTtlAndAgainAfterIt() throws Exception {
        VaultSecretResolver r = resolver(Duration.ofMinutes(5));

        assertThat(r.resolve("p", "a", REFS)).containsEntry("PW", "first-password");
        vault.put("secret", "app", Map.of("pw", "rotated-password"));
        clock.advance(Duration.ofMinutes(5).minusSeconds(1));
        assertThat(r.resolve("p", "b", REFS)).containsEntry("PW", "first-password");
        assertThat(vault.reads()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(r.resolve("p", "a", REFS)).containsEntry("PW", "rotated-password");
        assertThat(vault.reads()).isEqualTo(2);
    }

    @Test
    void aZeroTtlReadsAtEveryLaunch() throws Exception {
        VaultSecretResolver r = resolver(Duration.ZERO);

        r.resolve("p", "a", REFS);
        r.resolve("p", "a", REFS);

        assertThat(vault.reads()).isEqualTo(2);
    }

    @Test
    void aMissingPathIsBelievedForTenSecondsThenAskedAgain() throws Exception {
        VaultSecretResolver r = resolver(Duration.ofMinutes(5));
        Map<String, VaultRef> later = Map.of("X", new VaultRef("secret/data/later", "x"));
        SecretUnavailableException first = catchThrowableOfType(SecretUnavailableException.class,
                () -> r.resolve("p", "a", later));
        assertThat(first.getMessage()).contains("HTTP 404");

        vault.put("secret", "later", Map.of("x", "now-there"));
        clock.advance(SecretCache.FAILURE_TTL.minusSeconds(1));
        SecretUnavailableException second = catchThrowableOfType(SecretUnavailableException.class,
                () -> r.resolve("p", "b", later));
        assertThat(second.getMessage()).contains("project \"p\", service \"b\"", "HTTP 404");
        assertThat(vault.reads()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(r.resolve("p", "a", later)).containsEntry("X", "now-there");
        assertThat(vault.reads()).isEqualTo(2);
    }

    @Test
    void withAZeroTtlNotEvenFailuresAreRemembered() throws Exception {
        VaultSecretResolver r = resolver(Duration.ZERO);
        Map<String, VaultRef> later = Map.of("X", new VaultRef("secret/data/later", "x"));
        assertThat(catchThrowableOfType(SecretUnavailableException.class, () -> r.resolve("p", "a", later)))
                .isNotNull();

        vault.put("secret", "later", Map.of("x", "now-there"));

        assertThat(r.resolve("p", "a", later)).containsEntry("X", "now-there");
    }

    @Test
    void afterGivingUpOnASealedVaultLaterLaunchesFailAtOnceForAWhile() throws Exception {
        VaultSecretResolver r = resolver(Duration.ZERO);
        vault.seal();
        SecretUnavailableException first = catchThrowableOfType(SecretUnavailableException.class,
                () -> r.resolve("p", "a", REFS));
        assertThat(first.retryable()).isTrue();
        assertThat(vault.reads()).isEqualTo(2);

        vault.unseal();
        SecretUnavailableException second = catchThrowableOfType(SecretUnavailableException.class,
                () -> r.resolve("p", "b", REFS));
        assertThat(second.retryable()).isTrue();
        assertThat(second.getMessage()).contains("Vault is sealed", "not asked again before");
        assertThat(vault.reads()).isEqualTo(2);

        clock.advance(Duration.ofSeconds(4));
        assertThat(r.resolve("p", "b", REFS)).containsEntry("PW", "first-password");
    }
}
