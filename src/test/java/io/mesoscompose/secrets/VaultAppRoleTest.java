package io.mesoscompose.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.mesoscompose.compose.model.VaultRef;
import io.mesoscompose.config.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** AppRole login, logging in again when the lease ends or Vault refuses the token; and namespaces. */
class VaultAppRoleTest {

    private static final Map<String, VaultRef> REFS = Map.of("PW", new VaultRef("secret/data/app", "pw"));

    private FakeVaultServer vault;
    private final TestClock clock = new TestClock();

    @BeforeEach
    void start() throws Exception {
        vault = FakeVaultServer.start().appRole("role-1", "secret-id-1", 60);
        vault.put("secret", "app", Map.of("pw", "app-password"));
    }

    @AfterEach
    void stop() {
        vault.close();
    }

    private VaultSecretResolver resolver(String secretId) {
        VaultConfig config = VaultConfig.withToken(vault.url(), "unused")
                .withAuth(new VaultAuth.AppRole("approle", "role-1", Optional.of(new Secret(secretId))))
                .withCacheTtl(Duration.ZERO);
        return new VaultSecretResolver(config, clock, d -> {}, new Redaction());
    }

    @Test
    void logsInOnceAndReadsWithTheClientToken() throws Exception {
        VaultSecretResolver r = resolver("secret-id-1");

        assertThat(r.resolve("p", "s", REFS)).containsEntry("PW", "app-password");
        assertThat(r.resolve("p", "s", REFS)).containsEntry("PW", "app-password");

        assertThat(vault.logins()).isEqualTo(1);
        assertThat(vault.seen()).filteredOn(s -> s.method().equals("POST"))
                .singleElement().satisfies(s -> {
                    assertThat(s.path()).isEqualTo("auth/approle/login");
                    assertThat(s.token()).isEmpty();
                });
        assertThat(vault.seen()).filteredOn(s -> s.method().equals("GET"))
                .allSatisfy(s -> assertThat(s.token()).contains("hvs.approle-1"));
    }

    @Test
    void launchesResolvingAtTheSameTimeShareOneLogin() throws Exception {
        VaultSecretResolver r = resolver("secret-id-1");
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Map<String, String>>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    go.await();
                    return r.resolve("p", "s", REFS);
                }));
            }
            go.countDown();
            for (Future<Map<String, String>> f : results) {
                assertThat(f.get(30, TimeUnit.SECONDS)).containsEntry("PW", "app-password");
            }
        }
        assertThat(vault.logins()).isEqualTo(1);
    }

    @Test
    void logsInAgainWhenTheLeaseRunsOut() throws Exception {
        VaultSecretResolver r = resolver("secret-id-1");
        r.resolve("p", "s", REFS);

        clock.advance(Duration.ofSeconds(50));
        r.resolve("p", "s", REFS);
        assertThat(vault.logins()).isEqualTo(1);

        clock.advance(Duration.ofSeconds(10)); // 60 s lease: renewed a tenth before its end
        r.resolve("p", "s", REFS);
        assertThat(vault.logins()).isEqualTo(2);
        assertThat(vault.seen().getLast().token()).contains("hvs.approle-2");
    }

    @Test
    void aTokenVaultRevokedIsReplacedByANewLogin() throws Exception {
        VaultSecretResolver r = resolver("secret-id-1");
        r.resolve("p", "s", REFS);
        vault.revoke("hvs.approle-1");

        assertThat(r.resolve("p", "s", REFS)).containsEntry("PW", "app-password");

        assertThat(vault.logins()).isEqualTo(2);
    }

    @Test
    void aWrongSecretIdFailsWithoutRetryAndWithoutShowingIt() {
        SecretUnavailableException e = catchThrowableOfType(SecretUnavailableException.class,
                () -> resolver("wrong-secret-id").resolve("p", "s", REFS));

        assertThat(e.retryable()).isFalse();
        assertThat(e.getMessage()).contains("AppRole login failed", "invalid secret id")
                .doesNotContain("wrong-secret-id");
        assertThat(vault.reads()).isZero();
    }

    @Test
    void theNamespaceHeaderSelectsTheNamespacesSecrets() throws Exception {
        vault.mount("team-a", "secret", 2).token("t");
        vault.put("team-a", "secret", "app", Map.of("pw", "team-a-password"));
        VaultConfig config = VaultConfig.withToken(vault.url(), "t").withCacheTtl(Duration.ZERO);

        Map<String, String> inNamespace = new VaultSecretResolver(config.withNamespace("team-a"), clock, d -> {},
                new Redaction()).resolve("p", "s", REFS);
        Map<String, String> inRoot = new VaultSecretResolver(config, clock, d -> {}, new Redaction())
                .resolve("p", "s", REFS);

        assertThat(inNamespace).containsEntry("PW", "team-a-password");
        assertThat(inRoot).containsEntry("PW", "app-password");
        assertThat(vault.seen()).extracting(FakeVaultServer.Seen::namespace)
                .containsExactly(Optional.of("team-a"), Optional.empty());
    }
}
