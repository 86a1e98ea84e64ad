package io.mesoscompose.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mesoscompose.compose.SourceFile;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StoredVariablesTest {

    private static final List<SourceFile> SOURCES = List.of(
            new SourceFile("compose.yml", """
                    services:
                      web:
                        image: nginx:${TAG:-latest}
                        command: echo $$HOME $GREETING ${A:-${B}}x
                        environment:
                          DB_URL: postgres://${DB_HOST?need a host}:5432
                    """),
            new SourceFile(".env", "TAG=1.27\n"));

    @Test
    void onlyReferencedVariablesAreKept() {
        Map<String, String> environment = Map.of("TAG", "1.27", "GREETING", "hi", "A", "a", "B", "b",
                "DB_HOST", "db", "HOME", "/root", "VAULT_TOKEN", "s.abc", "AUTH_PASSWORD", "pw", "PATH", "/bin");
        assertThat(StoredVariables.keep(SOURCES, environment)).containsOnlyKeys("TAG", "GREETING", "A", "B", "DB_HOST");
        assertThat(StoredVariables.referencedNames(SOURCES)).containsExactly("A", "B", "DB_HOST", "GREETING", "TAG");
    }

    @Test
    void aProjectRecordNeverHoldsTheRest() {
        ProjectRecord p = new ProjectRecord("web", 1, SOURCES, Map.of("TAG", "1", "VAULT_TOKEN", "s.abc"),
                ProjectRecord.Desired.RUNNING, Instant.EPOCH);
        assertThat(p.variables()).isEqualTo(Map.of("TAG", "1"));
    }

    @Test
    void aReferencedSecretIsRefusedByNameWithoutItsValue() {
        List<SourceFile> sources = List.of(new SourceFile("c.yml",
                "services: {db: {image: pg, environment: {P: $POSTGRES_PASSWORD, K: ${api_key}, T: $GH_TOKEN}}}"));
        assertThatThrownBy(() -> StoredVariables.keep(sources,
                Map.of("POSTGRES_PASSWORD", "hunter2", "api_key", "k-123", "GH_TOKEN", "vault://secret/data/gh:token")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("the variable(s) POSTGRES_PASSWORD, api_key look like secrets")
                .hasMessageContaining("vault://<path>:<key>")
                .hasMessageNotContaining("hunter2").hasMessageNotContaining("k-123");
        assertThat(StoredVariables.refusal(sources, Map.of("POSTGRES_PASSWORD", "hunter2", "UNUSED_TOKEN", "x")))
                .hasValueSatisfying(d -> {
                    assertThat(d.isError()).isTrue();
                    assertThat(d.toString()).isEqualTo("c.yml: error: the variable(s) POSTGRES_PASSWORD look like "
                            + "secrets, and mesos-compose keeps no secret in its state (store the value in Vault and "
                            + "write vault://<path>:<key> in the service's environment)");
                });
        assertThat(StoredVariables.refusal(sources, Map.of("UNUSED_TOKEN", "x"))).isEmpty();
    }

    @Test
    void aVaultReferenceIsNotASecretValue() {
        List<SourceFile> sources = List.of(new SourceFile("c.yml", "x: $DB_SECRET"));
        assertThat(StoredVariables.keep(sources, Map.of("DB_SECRET", "vault://secret/data/db:pw")))
                .containsEntry("DB_SECRET", "vault://secret/data/db:pw");
    }

    @Test
    void keepsTheActiveProfilesWhichDecideTheServicesEvenUnreferenced() {
        assertThat(StoredVariables.keep(SOURCES, Map.of("COMPOSE_PROFILES", "debug", "UNUSED", "x")))
                .containsOnlyKeys("COMPOSE_PROFILES");
    }
}
