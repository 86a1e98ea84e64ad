package io.mesoscompose.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesoscompose.api.model.BackendEvent;
import io.mesoscompose.api.model.HealthStatus;
import io.mesoscompose.client.SseReader;
import io.mesoscompose.json.Json;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The assembled API: event stream, health and metrics, and which routes are open. */
class ComposeApiTest {
    private final FakeBackend backend = new FakeBackend();
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private LoopbackApi api;

    @BeforeEach
    void start() throws Exception {
        api = new LoopbackApi(backend, registry);
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
    }

    private SseReader events(String query) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(api.baseUri().resolve("/api/compose/v1/events" + query))
                .header("Authorization", LoopbackApi.basic(LoopbackApi.USER + ":" + LoopbackApi.PASSWORD)).build();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        SseReader reader = new SseReader(response.body());
        reader.awaitConnected();
        return reader;
    }

    @Test
    void eventStreamFollowsADeployment() throws Exception {
        try (SseReader stream = events("?project=shop")) {
            api.send("PUT", "/api/compose/v0/shop", "services:\n  web:\n    image: nginx\n");
            api.send("PUT", "/api/compose/v0/blog", "services:\n  web:\n    image: nginx\n");
            backend.task("shop", "web", 0, "TASK_STAGING", null);
            backend.task("shop", "web", 0, "TASK_RUNNING", null);
            backend.publish(new BackendEvent.ConnectionChanged(false, "master gone"));

            List<SseReader.Event> seen = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                seen.add(stream.next().orElseThrow());
            }
            assertThat(seen).extracting(SseReader.Event::name)
                    .containsExactly("project", "service", "task", "service", "task", "service", "connection");
            assertThat(Json.MAPPER.readTree(seen.get(0).data()).get("change").asText()).isEqualTo("applied");
            JsonNode initial = Json.MAPPER.readTree(seen.get(1).data());
            assertThat(initial.get("desired").asInt()).isEqualTo(1);
            assertThat(initial.get("running").asInt()).isZero();
            assertThat(Json.MAPPER.readTree(seen.get(4).data()).get("State").asText()).isEqualTo("TASK_RUNNING");
            JsonNode running = Json.MAPPER.readTree(seen.get(5).data());
            assertThat(running.get("running").asInt()).isEqualTo(1);
            assertThat(running.get("staging").asInt()).isZero();
            assertThat(Json.MAPPER.readTree(seen.get(6).data()).get("subscribed").asBoolean()).isFalse();
            assertThat(seen).extracting(SseReader.Event::data).noneMatch(d -> d.contains("blog"));
        }
    }

    @Test
    void eventStreamNeedsCredentials() throws Exception {
        assertThat(api.send("GET", "/api/compose/v1/events", null, null).statusCode()).isEqualTo(401);
    }

    @Test
    void healthIsOpenAndTellsWhatIsWrong() throws Exception {
        HttpResponse<String> ok = api.send("GET", "/health", null, null);
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(ok.body()).get("status").asText()).isEqualTo("ok");
        backend.health(new HealthStatus(false, true, "not subscribed: master at 127.0.0.1:5050 refused"));
        HttpResponse<String> degraded = api.send("GET", "/health", null, null);
        assertThat(degraded.statusCode()).isEqualTo(503);
        JsonNode body = Json.MAPPER.readTree(degraded.body());
        assertThat(body.get("status").asText()).isEqualTo("degraded");
        assertThat(body.get("master_connected").asBoolean()).isFalse();
        assertThat(body.get("state_store_ok").asBoolean()).isTrue();
    }

    @Test
    void metricsNeedCredentialsAndShowJvmTaskAndPendingMeters() throws Exception {
        assertThat(api.send("GET", "/metrics", null, null).statusCode()).isEqualTo(401);
        api.send("PUT", "/api/compose/v0/shop", "services:\n  web:\n    image: nginx\n");
        backend.task("shop", "web", 0, "TASK_RUNNING", null);
        HttpResponse<String> metrics = api.send("GET", "/metrics", null);
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
        assertThat(metrics.body())
                .contains("jvm_memory_used_bytes")
                .contains("mesoscompose_tasks_current{state=\"TASK_RUNNING\"} 1")
                .contains("mesoscompose_tasks_pending 0")
                .contains("mesoscompose_api_event_clients");
    }

    @Test
    void versionsAreOpenLikeTheGoProject() throws Exception {
        assertThat(api.send("GET", "/api/compose/versions", null, null).statusCode()).isEqualTo(200);
    }
}
