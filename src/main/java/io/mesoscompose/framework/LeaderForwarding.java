package io.mesoscompose.framework;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.mesoscompose.api.V1Routes;
import io.mesoscompose.api.model.ApiError;
import io.mesoscompose.api.model.ApplyRequest;
import io.mesoscompose.api.model.ApplyResponse;
import io.mesoscompose.api.model.ApplyResult;
import io.mesoscompose.api.model.DiagnosticView;
import io.mesoscompose.api.model.Outcome;
import io.mesoscompose.compose.Diagnostic;
import io.mesoscompose.compose.ComposeInput;
import io.mesoscompose.compose.model.SourcePosition;
import io.mesoscompose.config.FrameworkConfig;
import io.mesoscompose.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A standby's operations, carried out by the leader: each one is sent to the leader's v1 API (the instance's own
 * credentials, which every instance shares) and the answer is read back into the API's records, so the caller of
 * the standby gets what the leader decided, as from the leader itself. A proxy, not a redirect: the Mesos CLI
 * plugin (urllib3) drops the Authorization header when redirected to another host.
 */
final class LeaderForwarding {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** The leader answers an apply within its own 30 s scheduler timeout. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(45);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    private final Optional<String> authorization;

    LeaderForwarding(FrameworkConfig.Http config) {
        this.authorization = config.username().flatMap(user -> config.password().map(pw -> "Basic "
                + Base64.getEncoder().encodeToString((user + ":" + pw.reveal()).getBytes(StandardCharsets.UTF_8))));
    }

    /** {@code variables} as loaded (profiles among them as {@code COMPOSE_PROFILES}): sent without profiles. */
    ApplyResult apply(String leader, String project, ComposeInput input, Map<String, String> variables) {
        Answer a;
        try {
            a = send(leader, "PUT", "/projects/" + segment(project), Optional.of(Json.MAPPER.writeValueAsString(
                    new ApplyRequest(input.files(), input.attachments(), variables, List.of()))));
        } catch (JsonProcessingException e) {
            return new ApplyResult.Rejected("cannot forward the request to the leader: " + e.getOriginalMessage(),
                    List.of());
        }
        try {
            if (a.status() == 200 || a.status() == 201) {
                ApplyResponse ok = Json.MAPPER.readValue(a.body(), ApplyResponse.class);
                return new ApplyResult.Accepted(ok.project(), ok.version(), diagnostics(ok.warnings()));
            }
            Optional<ApiError> error = a.error();
            return new ApplyResult.Rejected(error.map(ApiError::error).orElse(a.describe(leader)),
                    error.map(e -> diagnostics(e.diagnostics())).orElse(List.of()));
        } catch (IOException e) {
            return new ApplyResult.Rejected("the leader at " + leader + " answered " + a.status()
                    + " with a body that is not the API's: " + e.getMessage(), List.of());
        }
    }

    Outcome kill(String leader, String project) {
        return outcome(leader, send(leader, "DELETE", "/projects/" + segment(project), Optional.empty()));
    }

    Outcome kill(String leader, String project, String service) {
        return outcome(leader, send(leader, "DELETE", "/projects/" + segment(project) + "/services/"
                + segment(service), Optional.empty()));
    }

    Outcome restart(String leader, String project, String service) {
        return outcome(leader, send(leader, "POST", "/projects/" + segment(project) + "/services/"
                + segment(service) + "/restart", Optional.empty()));
    }

    Outcome scale(String leader, String project, String service, int replicas) {
        return outcome(leader, send(leader, "PUT", "/projects/" + segment(project) + "/services/" + segment(service)
                + "/scale", Optional.of("{\"replicas\": " + replicas + "}")));
    }

    Outcome killTask(String leader, String taskId) {
        return outcome(leader, send(leader, "DELETE", "/tasks/" + segment(taskId), Optional.empty()));
    }

    Outcome restartTask(String leader, String taskId) {
        return outcome(leader, send(leader, "POST", "/tasks/" + segment(taskId) + "/restart", Optional.empty()));
    }

    Outcome reregister(String leader) {
        return outcome(leader, send(leader, "POST", "/framework/reregister", Optional.empty()));
    }

    Outcome suppress(String leader) {
        return outcome(leader, send(leader, "POST", "/framework/suppress", Optional.empty()));
    }

    Outcome forgetFrameworkId(String leader) {
        return outcome(leader, send(leader, "DELETE", "/framework/id", Optional.empty()));
    }

    /** The leader's answer: {@code status} 0 when it could not be reached, with the reason as body. */
    private record Answer(int status, String body) {
        Optional<ApiError> error() {
            try {
                return Optional.of(Json.MAPPER.readValue(body, ApiError.class)).filter(e -> e.error() != null);
            } catch (IOException e) {
                return Optional.empty();
            }
        }

        String describe(String leader) {
            return status == 0 ? "the leader at " + leader + " cannot be reached (" + body + "); try again in a few"
                    + " seconds" : "the leader at " + leader + " answered " + status + ": " + body;
        }
    }

    private Outcome outcome(String leader, Answer a) {
        return switch (a.status()) {
            case 200, 201, 202 -> Outcome.done(message(a.body()).orElse("done by the leader at " + leader));
            case 404 -> Outcome.notFound(a.error().map(ApiError::error).orElse(a.describe(leader)));
            default -> Outcome.refused(a.error().map(ApiError::error).orElse(a.describe(leader)));
        };
    }

    private static Optional<String> message(String body) {
        try {
            return Optional.ofNullable(Json.MAPPER.readTree(body).path("message").textValue());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Answer send(String leader, String method, String path, Optional<String> body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(leader.replaceAll("/+$", "")
                        + V1Routes.PREFIX + path))
                .timeout(REQUEST_TIMEOUT)
                .method(method, body.map(HttpRequest.BodyPublishers::ofString)
                        .orElse(HttpRequest.BodyPublishers.noBody()));
        body.ifPresent(b -> request.header("Content-Type", "application/json"));
        authorization.ifPresent(a -> request.header("Authorization", a));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            return new Answer(0, e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(0, "interrupted");
        }
    }

    private static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** The API's flat diagnostics back into the compose findings they were made from. */
    private static List<Diagnostic> diagnostics(List<DiagnosticView> views) {
        return views.stream().map(v -> new Diagnostic(
                "error".equals(v.severity()) ? Diagnostic.Severity.ERROR : Diagnostic.Severity.WARNING,
                new SourcePosition(v.file(), v.line(), v.column()),
                Optional.ofNullable(v.service()),
                Optional.ofNullable(v.field()).orElse(""),
                v.message(),
                Optional.ofNullable(v.hint()))).toList();
    }
}
