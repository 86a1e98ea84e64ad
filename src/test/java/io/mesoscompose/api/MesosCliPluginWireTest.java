package io.mesoscompose.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesoscompose.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The v0 routes driven by Python's urllib3 exactly as the Mesos CLI plugin drives them (custom UPDATE method with a
 * body, empty bodies, basic auth header), not by Java's HTTP client. Skipped where python3 with urllib3 is missing.
 */
class MesosCliPluginWireTest {
    @TempDir
    Path dir;

    private static boolean pythonWithUrllib3() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import urllib3").redirectErrorStream(true).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    @Test
    void pluginRequestsGetTheAnswersThePluginReads() throws Exception {
        assumeTrue(pythonWithUrllib3(), "python3 with urllib3 is needed");
        FakeBackend backend = new FakeBackend();
        Path script = dir.resolve("plugin_requests.py");
        try (var in = getClass().getResourceAsStream("/mesos-cli/plugin_requests.py")) {
            Files.copy(in, script);
        }
        Path compose = Files.writeString(dir.resolve("docker-compose.yml"), CompatRoutesTest.COMPOSE);
        List<JsonNode> answers;
        try (LoopbackApi api = new LoopbackApi(new CompatRoutes(backend).register(new Router()))) {
            Process python = new ProcessBuilder("python3", script.toString(), api.baseUri().toString(),
                    LoopbackApi.USER, LoopbackApi.PASSWORD, compose.toString()).redirectErrorStream(true).start();
            String output = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(python.exitValue()).as(output).isZero();
            answers = output.lines().map(line -> {
                try {
                    return Json.MAPPER.readTree(line);
                } catch (IOException e) {
                    throw new AssertionError("not JSON: " + line, e);
                }
            }).toList();
        }
        assertThat(answers).hasSize(8);
        for (JsonNode answer : answers.subList(0, 7)) {
            assertThat(answer.get("status").asInt()).as(answer.toString()).isEqualTo(200);
            assertThat(answer.get("api_service").asText()).isEqualTo("v0");
            assertThat(answer.get("content_type").asText()).isEqualTo("application/json; charset=utf-8");
        }
        // launch and update: the plugin json.loads the body and prints it
        assertThat(Json.MAPPER.readTree(answers.get(0).get("body").asText()).get("message").asText()).isEqualTo("ok");
        assertThat(Json.MAPPER.readTree(answers.get(1).get("body").asText()).get("function").asText()).isEqualTo("V0ComposeUpdate");
        assertThat(Json.MAPPER.readTree(answers.get(2).get("body").asText()).isArray()).isTrue();
        assertThat(answers.get(7).get("body").asText()).isEqualTo("/api/compose/v0");
        assertThat(backend.calls).containsExactly("launch myproj [docker-compose.yml]", "update myproj [docker-compose.yml]",
                "restart myproj app", "kill myproj app", "suppress", "reregister");
        assertThat(backend.project("myproj").orElseThrow().sources().get(0).content()).isEqualTo(CompatRoutesTest.COMPOSE);
    }
}
