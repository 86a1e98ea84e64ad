package io.mesoscompose.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.compose.model.VaultRef;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reading KV v1 and v2 secrets with a token, against a Vault that follows the documented API. */
class VaultSecretResolverTest {

    private FakeVaultServer vault;

    @BeforeEach
    void start() throws Exception {
        vault = FakeVaultServer.start().mount("", "kv", 1).token("root-token");
        vault.put("secret", "m3s/test", Map.of("test1", "v2-value-one", "port", 5432, "flag", true));
        vault.put("kv", "m3s/legacy", Map.of("password", "v1-value-pw"));
    }

    @AfterEach
    void stop() {
        vault.close();
    }

    private VaultSecretResolver resolver(VaultConfig config) {
        return new VaultSecretResolver(config, Clock.systemUTC(), d -> {}, new Redaction());
    }

    private VaultConfig config() {
        return VaultConfig.withToken(vault.url(), "root-token");
    }

    @Test
    void readsKvV2UnderDataDataWithTheGoProjectsPathForm() throws Exception {
        Map<String, String> values = resolver(config()).resolve("p", "web",
                Map.of("DB_USER", new VaultRef("secret/data/m3s/test", "test1")));

        assertThat(values).containsExactly(Map.entry("DB_USER", "v2-value-one"));
        assertThat(vault.seen()).singleElement().satisfies(s -> {
            assertThat(s.method()).isEqualTo("GET");
            assertThat(s.path()).isEqualTo("secret/data/m3s/test");
            assertThat(s.token()).contains("root-token");
            assertThat(s.namespace()).isEmpty();
        });
    }

    @Test
    void readsKvV1UnderData() throws Exception {
        Map<String, String> values = resolver(config()).resolve("p", "web",
                Map.of("PW", new VaultRef("kv/m3s/legacy", "password")));

        assertThat(values).containsExactly(Map.entry("PW", "v1-value-pw"));
    }

    @Test
    void explicitVersionsReadTheSameAnswers() throws Exception {
        assertThat(resolver(config().withKvVersion(VaultConfig.KvVersion.V2))
                .resolve("p", "s", Map.of("A", new VaultRef("secret/data/m3s/test", "test1"))))
                .containsEntry("A", "v2-value-one");
        assertThat(resolver(config().withKvVersion(VaultConfig.KvVersion.V1))
                .resolve("p", "s", Map.of("A", new VaultRef("kv/m3s/legacy", "password"))))
                .containsEntry("A", "v1-value-pw");
    }

    @Test
    void nonStringValuesBecomeTheirJsonText() throws Exception {
        Map<String, String> values = resolver(config()).resolve("p", "web", Map.of(
                "PORT", new VaultRef("secret/data/m3s/test", "port"),
                "FLAG", new VaultRef("secret/data/m3s/test", "flag")));

        assertThat(values).containsEntry("PORT", "5432").containsEntry("FLAG", "true");
    }

    @Test
    void severalKeysOfOnePathAreOneReadAndKeepTheirOrder() throws Exception {
        Map<String, VaultRef> refs = new LinkedHashMap<>();
        refs.put("B", new VaultRef("secret/data/m3s/test", "test1"));
        refs.put("A", new VaultRef("secret/data/m3s/test", "port"));
        refs.put("C", new VaultRef("kv/m3s/legacy", "password"));

        Map<String, String> values = resolver(config().withCacheTtl(Duration.ZERO)).resolve("p", "web", refs);

        assertThat(values.keySet()).containsExactly("B", "A", "C");
        assertThat(vault.reads()).isEqualTo(2);
    }

    @Test
    void noReferencesNoRequest() throws Exception {
        assertThat(resolver(config()).resolve("p", "web", Map.of())).isEmpty();
        assertThat(vault.seen()).isEmpty();
    }

    @Test
    void aLeadingSlashAndSpacesInPathsAreSentAsAPath() {
        assertThat(VaultHttp.encodePath("/secret/data/my app/x")).isEqualTo("secret/data/my%20app/x");
        assertThat(VaultHttp.encodePath("secret/data/a?b")).isEqualTo("secret/data/a%3Fb");
    }

    @Test
    void everyResolvedValueIsRememberedForMasking() throws Exception {
        Redaction redaction = new Redaction();
        new VaultSecretResolver(config(), Clock.systemUTC(), d -> {}, redaction)
                .resolve("p", "web", Map.of("DB_USER", new VaultRef("secret/data/m3s/test", "test1")));

        assertThat(redaction.mask("user is v2-value-one here")).isEqualTo("user is **** here");
    }

    @Test
    void healthFollowsSysHealth() {
        VaultSecretResolver r = resolver(config());
        assertThat(r.health()).isEqualTo("initialized, unsealed and active");
        vault.seal();
        assertThat(r.health()).isEqualTo("sealed");
    }

    @Test
    void theEnvironmentChoosesVaultOrNone() throws Exception {
        assertThat(VaultSecretResolver.fromEnvironment(Map.of())).isSameAs(SecretResolver.NONE);

        SecretResolver fromEnv = VaultSecretResolver.fromEnvironment(Map.of(
                "VAULT_URL", vault.url().toString(), "VAULT_TOKEN", "root-token"));

        assertThat(fromEnv.resolve("p", "web", Map.of("U", new VaultRef("secret/data/m3s/test", "test1"))))
                .containsEntry("U", "v2-value-one");
    }
}
