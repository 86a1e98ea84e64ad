package io.mesoscompose.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The environment variables: the Go project's names, Vault's own, and ours. */
class VaultConfigTest {

    @Test
    void noCredentialsMeansNoVault() {
        assertThat(VaultConfig.fromEnv(Map.of("VAULT_URL", "http://vault:8200"))).isEmpty();
    }

    @Test
    void goProjectNamesWithItsDefaults() {
        VaultConfig c = VaultConfig.fromEnv(Map.of("VAULT_TOKEN", "s.tok")).orElseThrow();

        assertThat(c.url()).isEqualTo(URI.create("http://127.0.0.1:8200"));
        assertThat(c.auth()).isInstanceOfSatisfying(VaultAuth.Token.class,
                t -> assertThat(t.token().reveal()).isEqualTo("s.tok"));
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(c.kvVersion()).isEqualTo(VaultConfig.KvVersion.AUTO);
        assertThat(c.namespace()).isEmpty();
    }

    @Test
    void vaultsOwnAddressNameIsTakenWhenTheGoNameIsMissing() {
        assertThat(VaultConfig.fromEnv(Map.of("VAULT_TOKEN", "t", "VAULT_ADDR", "http://a:8200")).orElseThrow().url())
                .isEqualTo(URI.create("http://a:8200"));
        assertThat(VaultConfig.fromEnv(Map.of("VAULT_TOKEN", "t", "VAULT_ADDR", "http://a:8200",
                "VAULT_URL", "http://u:8200")).orElseThrow().url()).isEqualTo(URI.create("http://u:8200"));
    }

    @Test
    void everySetting() {
        VaultConfig c = VaultConfig.fromEnv(Map.of(
                "VAULT_URL", "https://vault.example:8200/",
                "VAULT_ROLE_ID", "role-1",
                "VAULT_SECRET_ID", "sid-1",
                "VAULT_TIMEOUT", "2s",
                "VAULT_NAMESPACE", "team-a",
                "VAULT_SKIP_VERIFY", "true",
                "VAULT_CACHE_TTL", "1m",
                "VAULT_KV_VERSION", "2")).orElseThrow();

        assertThat(c.url()).isEqualTo(URI.create("https://vault.example:8200"));
        assertThat(c.auth()).isInstanceOfSatisfying(VaultAuth.AppRole.class, r -> {
            assertThat(r.mount()).isEqualTo("approle");
            assertThat(r.roleId()).isEqualTo("role-1");
            assertThat(r.secretId().orElseThrow().reveal()).isEqualTo("sid-1");
        });
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.namespace()).contains("team-a");
        assertThat(c.skipVerify()).isTrue();
        assertThat(c.cacheTtl()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.kvVersion()).isEqualTo(VaultConfig.KvVersion.V2);
    }

    @Test
    void everyMalformedValueIsNamedAtOnceWithoutCredentials() {
        assertThatThrownBy(() -> VaultConfig.fromEnv(Map.of(
                "VAULT_TOKEN", "s.very-secret-token",
                "VAULT_URL", "vault:8200",
                "VAULT_TIMEOUT", "soon",
                "VAULT_KV_VERSION", "3",
                "VAULT_CACERT", "/nonexistent/ca.pem")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("VAULT_URL=vault:8200")
                .hasMessageContaining("VAULT_TIMEOUT=soon")
                .hasMessageContaining("VAULT_KV_VERSION")
                .hasMessageContaining("VAULT_CACERT=/nonexistent/ca.pem")
                .hasMessageNotContaining("very-secret-token");
    }

    @Test
    void aSecretIdWithoutRoleIdIsAnError() {
        assertThatThrownBy(() -> VaultConfig.fromEnv(Map.of("VAULT_SECRET_ID", "sid")))
                .hasMessageContaining("VAULT_SECRET_ID is set without VAULT_ROLE_ID")
                .hasMessageNotContaining("sid\"");
    }

    @Test
    void printingTheConfigShowsNoCredential() {
        VaultConfig token = VaultConfig.withToken(URI.create("http://v:8200"), "s.printed-token");
        VaultConfig role = token.withAuth(new VaultAuth.AppRole("approle", "r",
                Optional.of(new io.mesoscompose.config.Secret("sid-printed"))));

        assertThat(token.toString()).doesNotContain("s.printed-token").contains("****");
        assertThat(role.toString()).doesNotContain("sid-printed");
    }
}
