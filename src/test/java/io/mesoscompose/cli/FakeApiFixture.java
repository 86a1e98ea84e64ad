package io.mesoscompose.cli;

import io.mesoscompose.api.FakeBackend;
import io.mesoscompose.api.LoopbackApi;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The whole API in-process on loopback over the in-memory backend, a client config file naming it and a compose
 * file ({@link ClientCommandsTest#COMPOSE}, with {@code TAG=1.25} in the client's environment). Closing it restores
 * the client's environment.
 */
final class FakeApiFixture implements AutoCloseable {
    final FakeBackend backend = new FakeBackend();
    final LoopbackApi api;
    final Path config;
    final Path composeFile;
    private final Map<String, String> originalEnv = ClientOptions.environment;

    FakeApiFixture(Path dir) throws Exception {
        api = new LoopbackApi(backend, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        config = Files.writeString(dir.resolve("client.properties"),
                "url=" + api.baseUri() + "\nuser=" + LoopbackApi.USER + "\npassword=" + LoopbackApi.PASSWORD + "\n");
        composeFile = Files.writeString(dir.resolve("compose.yml"), ClientCommandsTest.COMPOSE);
        ClientOptions.environment = Map.of("TAG", "1.25", "HOME", "/root");
    }

    @Override
    public void close() throws Exception {
        ClientOptions.environment = originalEnv;
        api.close();
    }
}
