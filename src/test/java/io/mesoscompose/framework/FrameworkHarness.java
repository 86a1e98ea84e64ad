package io.mesoscompose.framework;

import io.mesoscompose.config.FrameworkConfig;
import io.mesoscompose.secrets.SecretResolver;
import io.mesoscompose.secrets.VaultSecretResolver;
import io.mesoscompose.simulator.MesosMasterSimulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * Runs the real framework (embedded store in a directory, real HTTP API on loopback, real Mesos client) against
 * a {@link MesosMasterSimulator}; restarts it on the same state directory to test crash recovery.
 */
final class FrameworkHarness implements AutoCloseable {

    private final MesosMasterSimulator master;
    private final Path stateDir;
    private final Map<String, String> env;
    private final HttpClient http = HttpClient.newHttpClient();
    /** Basic-auth credentials ({@code user:password}) the API asks for; none: it runs open. */
    private Optional<String> credentials = Optional.empty();
    Framework framework;

    FrameworkHarness(MesosMasterSimulator master, Path stateDir, Map<String, String> extraEnv) {
        this.master = master;
        this.stateDir = stateDir;
        this.env = new HashMap<>(Map.of("MESOS_MASTER", master.url(), "FRAMEWORK_HOSTNAME", "127.0.0.1",
                "FRAMEWORK_LISTEN", "127.0.0.1"));
        this.env.putAll(extraEnv);
    }

    /** The API asks for these credentials, as a deployed framework does. */
    FrameworkHarness withCredentials(String user, String password) {
        env.put("AUTH_USERNAME", user);
        env.put("AUTH_PASSWORD", password);
        credentials = Optional.of(user + ":" + password);
        return this;
    }

    FrameworkHarness start() {
        FrameworkConfig config = FrameworkConfig.fromEnvironment(env).with(new FrameworkConfig.Overrides(
                Optional.empty(), Optional.empty(), Optional.of(0), Optional.empty(),
                Optional.of(stateDir.toString()), credentials.isEmpty()));
        // With VAULT_URL and a token in the environment, secrets resolve from that Vault, as serve does.
        framework = Framework.start(config, env.containsKey("VAULT_TOKEN") ? VaultSecretResolver.fromEnvironment(env)
                : SecretResolver.NONE, Clock.systemUTC());
        return this;
    }

    /** Stops the framework as a crash would leave Mesos: tasks keep running, nothing is torn down. */
    void stop() {
        framework.close();
        framework = null;
    }

    HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(framework.apiUri() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(30));
        credentials.ifPresent(c -> request.header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString(c.getBytes(StandardCharsets.UTF_8))));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }

    @Override
    public void close() {
        if (framework != null) {
            framework.close();
        }
    }
}
