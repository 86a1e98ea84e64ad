package io.mesoscompose.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.config.FrameworkConfig;
import io.mesoscompose.framework.Framework;
import io.mesoscompose.simulator.MesosMasterSimulator;
import io.mesoscompose.simulator.SimAgent;
import io.mesoscompose.simulator.SimulatorConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole way: a compose file with {@code vault://} references sent to the framework's API, the scheduler
 * resolving them from the fake Vault at launch time, the task running on the simulated master — and the value
 * nowhere in the API's answers or the state store's files.
 */
class SecretsEndToEndTest {

    private static final String VALUE = "e2e-db-password-8f3a";

    @TempDir
    Path stateDir;
    private MesosMasterSimulator master;
    private FakeVaultServer vault;
    private Framework framework;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        vault = FakeVaultServer.start().token("e2e-token");
        vault.put("secret", "m3s/db", Map.of("password", VALUE));
        master = MesosMasterSimulator.start(SimulatorConfig.builder()
                .agents(List.of(new SimAgent("agent-1", "localhost", 4, 4096, 10_000, 31000, 32000, "*", Map.of())))
                .heartbeatInterval(Duration.ofSeconds(1)).offerInterval(Duration.ofMillis(100)).build());
        Map<String, String> env = Map.of("MESOS_MASTER", master.url(), "FRAMEWORK_HOSTNAME", "127.0.0.1",
                "FRAMEWORK_LISTEN", "127.0.0.1", "VAULT_URL", vault.url().toString(), "VAULT_TOKEN", "e2e-token");
        FrameworkConfig config = FrameworkConfig.fromEnvironment(env).with(new FrameworkConfig.Overrides(
                Optional.empty(), Optional.empty(), Optional.of(0), Optional.empty(),
                Optional.of(stateDir.toString()), true));
        framework = Framework.start(config, VaultSecretResolver.fromEnvironment(env), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        framework.close();
        master.close();
        vault.close();
    }

    private String send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(framework.apiUri() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(30)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }

    private static String compose(String key) {
        return """
                services:
                  db:
                    image: postgres:16
                    environment:
                      POSTGRES_USER: app
                      POSTGRES_PASSWORD: vault://secret/data/m3s/db:%s
                """.formatted(key);
    }

    @Test
    void aTaskStartsWithItsSecretAndTheValueIsNowhereElse() throws Exception {
        assertThat(send("PUT", "/api/compose/v0/shop", compose("password"))).contains("\"number\":0");

        // The master runs the task before the framework's next snapshot shows it: wait for both.
        await("the task runs", () -> master.runningTasks().size() == 1);
        await("the framework knows it runs", () -> framework.scheduler().snapshot().tasks().stream()
                .anyMatch(t -> t.state().equals("TASK_RUNNING")));
        assertThat(vault.seen()).anySatisfy(s -> {
            assertThat(s.path()).isEqualTo("secret/data/m3s/db");
            assertThat(s.token()).contains("e2e-token");
        });
        assertThat(send("GET", "/api/compose/v0/tasks", null)).contains("TASK_").doesNotContain(VALUE);
        assertThat(send("GET", "/api/compose/v1/projects/shop", null)).doesNotContain(VALUE);
        framework.close();
        try (Stream<Path> files = Files.walk(stateDir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                assertThat(new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1)).as(f.toString())
                        .doesNotContain(VALUE);
            }
        }
    }

    @Test
    void aMissingKeyKeepsTheTaskPendingWithAReasonNamingIt() throws Exception {
        assertThat(send("PUT", "/api/compose/v0/shop", compose("nokey"))).contains("\"number\":0");

        await("the replica is pending for its secret",
                () -> uncheckedGet("/api/compose/v1/pending").contains("secret/data/m3s/db:nokey"));
        String pending = uncheckedGet("/api/compose/v1/pending");
        assertThat(pending).contains("shop", "no key \\\"nokey\\\"").doesNotContain(VALUE);
        assertThat(master.tasks()).isEmpty();
    }

    private String uncheckedGet(String path) {
        try {
            return send("GET", path, null);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
