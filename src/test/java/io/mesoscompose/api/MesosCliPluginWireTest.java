package io.mesoscompose.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesoscompose.compose.ComposeInput;
import io.mesoscompose.compose.SourceFile;
import io.mesoscompose.json.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The v0 routes answer the requests of the Mesos CLI's compose plugin byte for byte as the real client sent them
 * (test resources {@code mesos-cli/wire/*.http}, captured from avmesos-cli with the Go project's plugin; see the
 * README there), written to a plain socket, so nothing of Java's HTTP client normalises the request on the way.
 * The answers are checked the way the plugin reads them: {@code json.loads} for launch, update and list (with
 * {@code task["TaskID"]}, {@code task["task_name"]}, {@code task["State"]}, {@code task["MesosAgent"]["hostname"]}),
 * printed as they are for the rest.
 */
class MesosCliPluginWireTest {

    /** A captured request: which backend call it must cause, empty for reads. */
    record Captured(String file, Optional<String> call) {
        @Override
        public String toString() {
            return file;
        }
    }

    static Stream<Captured> captured() {
        return Stream.of(
                new Captured("launch", Optional.of("update myproj [docker-compose.yml]")),
                new Captured("update", Optional.of("update myproj [docker-compose.yml]")),
                new Captured("list", Optional.empty()),
                new Captured("version", Optional.empty()),
                new Captured("restart-service", Optional.of("restart myproj app")),
                new Captured("kill-service", Optional.of("kill myproj app")),
                new Captured("restart-task", Optional.of("restartTask myproj_app.123")),
                new Captured("kill-task", Optional.of("killTask myproj_app.123")),
                new Captured("framework-suppress", Optional.of("suppress")),
                new Captured("framework-reregister", Optional.of("reregister")),
                new Captured("launch.trailing-slash", Optional.of("update myproj [docker-compose.yml]")),
                new Captured("list.trailing-slash", Optional.empty()),
                new Captured("version.trailing-slash", Optional.empty()),
                new Captured("kill-service.trailing-slash", Optional.of("kill myproj app")),
                new Captured("framework-suppress.trailing-slash", Optional.of("suppress")),
                new Captured("framework-reregister.trailing-slash", Optional.of("reregister")));
    }

    @Test
    void theCapturedRequestLinesAreThoseTheClientBuilds() throws IOException {
        // read_endpoint joins "{addr}/{endpoint}" with an endpoint that starts with "/"; write_endpoint does not.
        assertThat(requestLine("list")).isEqualTo("GET //api/compose/v0/tasks HTTP/1.1");
        assertThat(requestLine("version")).isEqualTo("GET //api/compose/versions HTTP/1.1");
        assertThat(requestLine("launch")).isEqualTo("PUT /api/compose/v0/myproj HTTP/1.1");
        assertThat(requestLine("update")).isEqualTo("UPDATE /api/compose/v0/myproj HTTP/1.1");
        assertThat(requestLine("framework-suppress")).isEqualTo("PUT /api/compose/v0/framework/supress HTTP/1.1");
        // A webui_url ending in "/" adds one more slash to every request.
        assertThat(requestLine("list.trailing-slash")).isEqualTo("GET ///api/compose/v0/tasks HTTP/1.1");
        assertThat(requestLine("launch.trailing-slash")).isEqualTo("PUT //api/compose/v0/myproj HTTP/1.1");
        assertThat(new String(fixture("launch"), StandardCharsets.ISO_8859_1))
                .contains("\r\nauthorization: Basic YWRtaW46czNjcmV0\r\n");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("captured")
    void theRequestThePluginSendsGetsTheAnswerItReads(Captured request) throws Exception {
        FakeBackend backend = new FakeBackend();
        backend.launch("myproj", ComposeInput.of(List.of(new SourceFile(CompatRoutes.BODY_FILE_NAME,
                "services:\n  app:\n"))), Map.of());
        backend.task("myproj_app.123", "myproj", "app", "TASK_RUNNING");
        backend.calls.clear();
        Response response;
        try (LoopbackApi api = new LoopbackApi(new CompatRoutes(backend).register(new Router()))) {
            response = send(api, fixture(request.file()));
        }
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(backend.calls).containsExactlyElementsOf(request.call().stream().toList());
        String kind = request.file().replace(".trailing-slash", "");
        switch (kind) {
            case "version" -> {
                assertThat(response.header("api-service")).isEqualTo("-");
                assertThat(response.body()).isEqualTo("/api/compose/v0");
            }
            case "list" -> {
                assertV0Json(response);
                JsonNode tasks = Json.MAPPER.readTree(response.body());
                assertThat(tasks).hasSize(1);
                JsonNode task = tasks.get(0);
                assertThat(task.get("TaskID").asText()).isEqualTo("myproj_app.123");
                assertThat(task.get("task_name").asText()).isEqualTo("mc:myproj:app");
                assertThat(task.get("State").asText()).isEqualTo("TASK_RUNNING");
                assertThat(task.get("MesosAgent").get("hostname").asText()).isEqualTo("agent1.example");
            }
            default -> {
                assertV0Json(response);
                JsonNode body = Json.MAPPER.readTree(response.body());
                assertThat(body.get("number").asInt()).isZero();
                assertThat(body.get("message").asText()).isEqualTo("ok");
            }
        }
        if (kind.equals("launch") || kind.equals("update")) {
            assertThat(backend.project("myproj").orElseThrow().sources().get(0).content())
                    .isEqualTo("services:\n  app:\n    image: nginx\n");
        }
    }

    @Test
    void withoutCredentialsTheCapturedListRequestIsRefused() throws Exception {
        String withoutAuth = new String(fixture("list"), StandardCharsets.ISO_8859_1)
                .replaceFirst("authorization: [^\r]*\r\n", "");
        try (LoopbackApi api = new LoopbackApi(new CompatRoutes(new FakeBackend()).register(new Router()))) {
            assertThat(send(api, withoutAuth.getBytes(StandardCharsets.ISO_8859_1)).status()).isEqualTo(401);
        }
    }

    private static void assertV0Json(Response response) {
        assertThat(response.header("content-type")).isEqualTo("application/json; charset=utf-8");
        assertThat(response.header("api-service")).isEqualTo("v0");
    }

    static byte[] fixture(String name) throws IOException {
        try (InputStream in = MesosCliPluginWireTest.class.getResourceAsStream("/mesos-cli/wire/" + name + ".http")) {
            if (in == null) {
                throw new IllegalArgumentException("no captured request " + name);
            }
            return in.readAllBytes();
        }
    }

    private static String requestLine(String name) throws IOException {
        String text = new String(fixture(name), StandardCharsets.ISO_8859_1);
        return text.substring(0, text.indexOf("\r\n"));
    }

    record Response(int status, Map<String, String> headers, String body) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Writes the captured bytes (Host pointed at the test server) and reads one HTTP/1.1 response. */
    static Response send(LoopbackApi api, byte[] captured) throws IOException {
        String authority = api.baseUri().getHost() + ":" + api.baseUri().getPort();
        byte[] request = new String(captured, StandardCharsets.ISO_8859_1)
                .replaceFirst("\r\nHost: [^\r]*\r\n", "\r\nHost: " + authority + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        try (Socket socket = new Socket(api.baseUri().getHost(), api.baseUri().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            String statusLine = line(in);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String h = line(in); !h.isEmpty(); h = line(in)) {
                int colon = h.indexOf(':');
                headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
            }
            int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
            String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
            return new Response(Integer.parseInt(statusLine.split(" ")[1]), headers, body);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed in the middle of the response head");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }
}
