package io.mesoscompose.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mesoscompose.api.model.ApiError;
import io.mesoscompose.api.model.ApplyRequest;
import io.mesoscompose.api.model.ApplyResponse;
import io.mesoscompose.api.model.LogStream;
import io.mesoscompose.api.model.ProjectDetail;
import io.mesoscompose.api.model.ProjectDiff;
import io.mesoscompose.api.model.ScaleRequest;
import io.mesoscompose.api.model.ServiceStatus;
import io.mesoscompose.api.model.TaskLog;
import io.mesoscompose.api.model.TaskView;
import io.mesoscompose.json.Json;
import io.mesoscompose.tls.MesosHttpClients;
import io.mesoscompose.tls.TlsContexts;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/** The v1 API of a running framework, as Java calls. Every method throws {@link ApiException} on an error answer. */
public final class ComposeClient {
    private static final String V1 = "/api/compose/v1";
    /** Newer servers may send more keys than this client knows. */
    private static final ObjectMapper MAPPER = Json.MAPPER.copy()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** How often a request answered 503 with {@code Retry-After} is sent again. */
    static final int UNAVAILABLE_RETRIES = 5;
    private static final Duration RETRY_AFTER_MAX = Duration.ofSeconds(10);

    private final ClientSettings settings;
    private final HttpClient http;
    private final int unavailableRetries;
    private final Optional<Duration> requestTimeout;

    /** The command line's client: trusts the settings' CA file (or the JDK's CAs), retries a 503 as it says. */
    public ComposeClient(ClientSettings settings) {
        this(settings, settings.caFile().map(ca -> TlsContexts.client("the framework", Optional.of(ca), false)),
                UNAVAILABLE_RETRIES, Optional.empty());
    }

    private ComposeClient(ClientSettings settings, Optional<SSLContext> tls, int unavailableRetries,
                          Optional<Duration> requestTimeout) {
        this.settings = settings;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10));
        tls.ifPresent(builder::sslContext);
        this.http = builder.build();
        this.unavailableRetries = unavailableRetries;
        this.requestTimeout = requestTimeout;
    }

    /**
     * A client of another instance of the framework (a standby has its leader carry out an operation): trusts as
     * {@code tls} says, and hands a 503 straight back (an {@link ApiException}) for its own caller to retry, so a
     * request waits on one instance only; every request is answered within {@code requestTimeout}.
     */
    public static ComposeClient ofInstance(ClientSettings settings, SSLContext tls, Duration requestTimeout) {
        return new ComposeClient(settings, Optional.of(tls), 0, Optional.of(requestTimeout));
    }

    public URI url() {
        return settings.url();
    }

    public ApplyResponse apply(String project, ApplyRequest request) throws IOException, InterruptedException, ApiException {
        return call("PUT", "/projects/" + segment(project), request, new TypeReference<>() { });
    }

    /** What applying the request would do, service by service; changes nothing. */
    public ProjectDiff diff(String project, ApplyRequest request) throws IOException, InterruptedException, ApiException {
        return call("POST", "/projects/" + segment(project) + "/diff", request, new TypeReference<>() { });
    }

    /**
     * One piece of a task's output: from {@code offset}, or where the last {@code tail} lines begin when
     * {@code tail} is given.
     */
    public TaskLog log(String taskId, LogStream stream, long offset, Optional<Integer> tail)
            throws IOException, InterruptedException, ApiException {
        String from = tail.map(n -> "&tail=" + n).orElse("&offset=" + offset);
        return call("GET", "/tasks/" + segment(taskId) + "/logs?stream=" + stream.fileName() + from, null,
                new TypeReference<>() { });
    }

    /**
     * Follows a task's output as Server-Sent Events ({@code log}, {@code problem}, {@code end}), from the start or
     * from where the last {@code tail} lines begin.
     */
    public SseReader followLog(String taskId, LogStream stream, Optional<Integer> tail)
            throws IOException, InterruptedException, ApiException {
        return stream("/tasks/" + segment(taskId) + "/logs?follow=true&stream=" + stream.fileName()
                + tail.map(n -> "&tail=" + n).orElse(""));
    }

    /** Parses the data of a {@code task} event. */
    public static TaskView task(String json) throws IOException {
        return MAPPER.readValue(json, TaskView.class);
    }

    /** The message of an error body (the data of a {@code problem} event), or the body itself. */
    public static String error(String json) {
        try {
            ApiError error = MAPPER.readValue(json, ApiError.class);
            return error.error() == null ? json : error.error();
        } catch (IOException e) {
            return json;
        }
    }

    /** Parses the data of a {@code log} event. */
    public static TaskLog taskLog(String json) throws IOException {
        return MAPPER.readValue(json, TaskLog.class);
    }

    public ProjectDetail project(String project) throws IOException, InterruptedException, ApiException {
        return call("GET", "/projects/" + segment(project), null, new TypeReference<>() { });
    }

    public List<ServiceStatus> services(String project) throws IOException, InterruptedException, ApiException {
        return call("GET", "/projects/" + segment(project) + "/services", null, new TypeReference<>() { });
    }

    public List<TaskView> tasks(Optional<String> project) throws IOException, InterruptedException, ApiException {
        String query = project.map(p -> "?project=" + URLEncoder.encode(p, StandardCharsets.UTF_8)).orElse("");
        return call("GET", "/tasks" + query, null, new TypeReference<>() { });
    }

    // Operations answer 202 with what the framework did, in words.

    public String down(String project) throws IOException, InterruptedException, ApiException {
        return operation("DELETE", "/projects/" + segment(project), null);
    }

    public String kill(String project, String service) throws IOException, InterruptedException, ApiException {
        return operation("DELETE", "/projects/" + segment(project) + "/services/" + segment(service), null);
    }

    public String scale(String project, String service, int replicas)
            throws IOException, InterruptedException, ApiException {
        return operation("PUT", "/projects/" + segment(project) + "/services/" + segment(service) + "/scale",
                new ScaleRequest(replicas));
    }

    public String restart(String project, String service) throws IOException, InterruptedException, ApiException {
        return operation("POST", "/projects/" + segment(project) + "/services/" + segment(service) + "/restart",
                null);
    }

    public String killTask(String taskId) throws IOException, InterruptedException, ApiException {
        return operation("DELETE", "/tasks/" + segment(taskId), null);
    }

    public String restartTask(String taskId) throws IOException, InterruptedException, ApiException {
        return operation("POST", "/tasks/" + segment(taskId) + "/restart", null);
    }

    public String reregister() throws IOException, InterruptedException, ApiException {
        return operation("POST", "/framework/reregister", null);
    }

    public String suppress() throws IOException, InterruptedException, ApiException {
        return operation("POST", "/framework/suppress", null);
    }

    public String forgetFrameworkId() throws IOException, InterruptedException, ApiException {
        return operation("DELETE", "/framework/id", null);
    }

    /** The {@code message} of an operation's answer, empty text when it has none. */
    private String operation(String method, String path, Object body)
            throws IOException, InterruptedException, ApiException {
        JsonNode answer = call(method, path, body, new TypeReference<JsonNode>() { });
        return answer == null ? "" : answer.path("message").asText("");
    }

    /**
     * Opens the event stream of one project; returns once the server has registered this client, so no event
     * published afterwards is missed.
     */
    public SseReader events(String project) throws IOException, InterruptedException, ApiException {
        return stream("/events?project=" + URLEncoder.encode(project, StandardCharsets.UTF_8));
    }

    private SseReader stream(String path) throws IOException, InterruptedException, ApiException {
        HttpRequest request = request("GET", path, null).header("Accept", "text/event-stream").build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            byte[] body;
            try (InputStream in = response.body()) {
                body = in.readAllBytes();
            }
            throw error(response.statusCode(), body);
        }
        SseReader reader = new SseReader(response.body());
        reader.awaitConnected();
        return reader;
    }

    /** Parses the data of a {@code service} event. */
    public static ServiceStatus serviceStatus(String json) throws IOException {
        return MAPPER.readValue(json, ServiceStatus.class);
    }

    /** The {@code change} of a {@code project} event: "applied" or "killed". */
    public static String projectChange(String json) throws IOException {
        return MAPPER.readTree(json).path("change").asText();
    }

    /**
     * Sends a request; a {@code 503} with {@code Retry-After} (nothing was done: an election under way, the state
     * store reconnecting) is sent again after the time it names, {@link #UNAVAILABLE_RETRIES} times at most.
     */
    private <T> T call(String method, String path, Object body, TypeReference<T> type)
            throws IOException, InterruptedException, ApiException {
        for (int attempt = 0; ; attempt++) {
            HttpRequest.Builder request = request(method, path, body);
            requestTimeout.ifPresent(request::timeout);
            HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            Optional<Duration> retryAfter = response.statusCode() == 503 ? retryAfter(response) : Optional.empty();
            if (retryAfter.isPresent() && attempt < unavailableRetries) {
                Thread.sleep(retryAfter.get().toMillis());
                continue;
            }
            if (response.statusCode() >= 300) {
                throw error(response.statusCode(), response.body());
            }
            return MAPPER.readValue(response.body(), type);
        }
    }

    /** {@code Retry-After} in seconds, at most {@link #RETRY_AFTER_MAX}; a date or nonsense is not followed. */
    static Optional<Duration> retryAfter(HttpResponse<?> response) {
        try {
            return response.headers().firstValue("Retry-After").map(v -> Duration.ofSeconds(Long.parseLong(v.trim())))
                    .filter(d -> !d.isNegative()).map(d -> d.compareTo(RETRY_AFTER_MAX) > 0 ? RETRY_AFTER_MAX : d);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private HttpRequest.Builder request(String method, String path, Object body) throws IOException {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(MAPPER.writeValueAsBytes(body));
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(settings.url() + V1 + path)).method(method, publisher);
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        if (settings.user().isPresent() && settings.password().isPresent()) {
            builder.header("Authorization", MesosHttpClients.basic(settings.user().get(), settings.password().get()));
        }
        return builder;
    }

    private static ApiException error(int status, byte[] body) {
        ApiError error;
        try {
            error = MAPPER.readValue(body, ApiError.class);
        } catch (IOException notJson) {
            error = null;
        }
        if (error == null || error.error() == null) {
            error = new ApiError("HTTP " + status + ": " + new String(body, StandardCharsets.UTF_8).strip(), List.of());
        }
        return new ApiException(status, error);
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
