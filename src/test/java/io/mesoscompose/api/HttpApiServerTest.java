package io.mesoscompose.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The server plumbing over real HTTP on loopback: routing, auth, limits, custom methods, SSE. */
class HttpApiServerTest {
    private final HttpClient http = HttpClient.newHttpClient();
    private final EventBroadcaster events = new EventBroadcaster();
    private HttpApiServer server;

    @BeforeEach
    void start() throws Exception {
        Router router = new Router()
                .addOpen("GET", "/health", r -> ApiResponse.json(200, Map.of("ok", true)))
                .add("DELETE", "/api/compose/v0/tasks/{taskid}", r -> ApiResponse.json(200, Map.of("task", r.var("taskid"))))
                .add("DELETE", "/api/compose/v0/{project}/{service}", r -> ApiResponse.json(200, Map.of("service", r.var("service"))))
                .add("UPDATE", "/api/compose/v0/{project}", r -> ApiResponse.json(200, Map.of("body", r.bodyText(), "user", r.user().orElse(""))))
                .add("GET", "/boom", r -> { throw new IllegalStateException("secret-ish detail"); })
                .add("GET", "/busy", r -> {
                    throw new UnavailableException("scale: nothing was changed, the state could not be written", null);
                })
                .add("GET", "/events", r -> new ApiResponse.Streaming(200, "text/event-stream", Map.of(), events.stream(e -> true)));
        server = HttpApiServer.start(new HttpApiServer.Settings("127.0.0.1", 0,
                Optional.of(new BasicAuth("admin", "s3cret")), 64, Optional.empty()), router);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<String> send(String method, String path, String body, String user, String password) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.baseUri().resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void openRoutesNeedNoCredentials() throws Exception {
        assertThat(send("GET", "/health", null, null, null).statusCode()).isEqualTo(200);
    }

    @Test
    void protectedRoutesRefuseMissingOrWrongCredentials() throws Exception {
        HttpResponse<String> missing = send("DELETE", "/api/compose/v0/tasks/t1", null, null, null);
        assertThat(missing.statusCode()).isEqualTo(401);
        assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
        assertThat(send("DELETE", "/api/compose/v0/tasks/t1", null, "admin", "wrong").statusCode()).isEqualTo(401);
        assertThat(send("DELETE", "/api/compose/v0/tasks/t1", null, "admin2", "s3cret").statusCode()).isEqualTo(401);
        assertThat(send("DELETE", "/api/compose/v0/tasks/t1", null, "admin", "s3cret").statusCode()).isEqualTo(200);
    }

    @Test
    void firstRegisteredRouteWinsAsInTheGoRouter() throws Exception {
        assertThat(send("DELETE", "/api/compose/v0/tasks/t1", null, "admin", "s3cret").body()).contains("\"task\":\"t1\"");
        assertThat(send("DELETE", "/api/compose/v0/proj/web", null, "admin", "s3cret").body()).contains("\"service\":\"web\"");
    }

    @Test
    void customUpdateMethodCarriesItsBody() throws Exception {
        HttpResponse<String> response = send("UPDATE", "/api/compose/v0/proj", "services: {}", "admin", "s3cret");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("services: {}").contains("\"user\":\"admin\"");
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
    }

    @Test
    void unknownPathsAndMethodsAreTold() throws Exception {
        assertThat(send("GET", "/nope", null, "admin", "s3cret").statusCode()).isEqualTo(404);
        HttpResponse<String> wrongMethod = send("POST", "/api/compose/v0/proj", "x", "admin", "s3cret");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.headers().firstValue("Allow")).hasValue("UPDATE");
    }

    @Test
    void oversizedBodiesAreRefused() throws Exception {
        assertThat(send("UPDATE", "/api/compose/v0/proj", "x".repeat(65), "admin", "s3cret").statusCode()).isEqualTo(413);
        assertThat(send("UPDATE", "/api/compose/v0/proj", "x".repeat(64), "admin", "s3cret").statusCode()).isEqualTo(200);
    }

    @Test
    void aRequestTheBackendCannotCarryOutNowIs503WithItsReasonAndWhenToRetry() throws Exception {
        HttpResponse<String> response = send("GET", "/busy", null, "admin", "s3cret");
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.body()).contains("nothing was changed, the state could not be written");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("2");
    }

    @Test
    void handlerFailuresBecome500WithoutTheirMessage() throws Exception {
        HttpResponse<String> response = send("GET", "/boom", null, "admin", "s3cret");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(response.body()).doesNotContain("secret-ish");
    }

    @Test
    void serverSentEventsReachAConnectedClient() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(server.baseUri().resolve("/events"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("admin:s3cret".getBytes(StandardCharsets.UTF_8)))
                .build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            assertThat(lines.readLine()).isEqualTo(": connected");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (events.clients() == 0 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            events.publish("task", "proj", Map.of("state", "TASK_RUNNING"));
            assertThat(lines.readLine()).isEmpty();
            assertThat(lines.readLine()).isEqualTo("id: 1");
            assertThat(lines.readLine()).isEqualTo("event: task");
            assertThat(lines.readLine()).isEqualTo("data: {\"state\":\"TASK_RUNNING\"}");
        }
    }

    @Test
    void basicAuthRejectsGarbage() {
        BasicAuth auth = new BasicAuth("u", "p");
        assertThat(auth.authenticate(null)).isEmpty();
        assertThat(auth.authenticate("Bearer x")).isEmpty();
        assertThat(auth.authenticate("Basic !!!")).isEmpty();
        assertThat(auth.authenticate("basic " + Base64.getEncoder().encodeToString("u:p".getBytes(StandardCharsets.UTF_8)))).hasValue("u");
    }

}
