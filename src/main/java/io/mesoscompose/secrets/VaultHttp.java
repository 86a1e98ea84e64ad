package io.mesoscompose.secrets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.mesoscompose.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * Vault's HTTP API as a few calls: {@code GET}/{@code POST} under {@code <url>/v1/}, with the token in
 * {@code X-Vault-Token} and the namespace in {@code X-Vault-Namespace}. Statuses are mapped to {@link VaultFailure}
 * kinds here, once, following Vault's documented meanings.
 */
final class VaultHttp {

    /** One answer: the status and the JSON body (an empty object when there was none). */
    record Reply(int status, JsonNode body) {
        /** Vault's {@code errors} array joined: messages such as "permission denied" or "Vault is sealed". */
        String errors() {
            List<String> all = new ArrayList<>();
            body.path("errors").forEach(e -> all.add(e.asText()));
            return String.join("; ", all);
        }

        /** Vault's {@code warnings}: on a 404 they explain e.g. that a KV v2 path lacks {@code data/}. */
        String warnings() {
            List<String> all = new ArrayList<>();
            body.path("warnings").forEach(e -> all.add(e.asText()));
            return String.join("; ", all);
        }
    }

    private final VaultConfig config;
    private final HttpClient client;

    VaultHttp(VaultConfig config) {
        this.config = config;
        this.client = HttpClient.newBuilder()
                .connectTimeout(config.timeout())
                .sslContext(io.mesoscompose.tls.TlsContexts.client("Vault", config.caFile(), config.skipVerify()))
                .followRedirects(HttpClient.Redirect.NORMAL) // a standby may redirect to the active node
                .build();
    }

    String url() {
        return config.url().toString();
    }

    /**
     * Vault's {@code sys/health} in words: 200 active, 429 standby, 472 DR secondary, 473 performance standby,
     * 501 not initialized, 503 sealed (the documented default codes). Unauthenticated; never throws.
     */
    String health() {
        try {
            HttpResponse<String> r = client.send(request("sys/health", Optional.empty()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return switch (r.statusCode()) {
                case 200 -> "initialized, unsealed and active";
                case 429 -> "unsealed standby";
                case 472 -> "disaster-recovery secondary";
                case 473 -> "performance standby";
                case 501 -> "not initialized";
                case 503 -> "sealed";
                default -> "answering HTTP " + r.statusCode() + " to sys/health";
            };
        } catch (IOException e) {
            return "unreachable (" + e.getClass().getSimpleName() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "not checked (interrupted)";
        }
    }

    Reply get(String path, Optional<String> token) throws VaultFailure {
        return send(request(path, token).GET(), path);
    }

    Reply post(String path, Optional<String> token, JsonNode body) throws VaultFailure {
        try {
            String json = Json.MAPPER.writeValueAsString(body);
            return send(request(path, token).POST(HttpRequest.BodyPublishers.ofString(json))
                    .header("Content-Type", "application/json"), path);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a JSON request", e);
        }
    }

    private HttpRequest.Builder request(String path, Optional<String> token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url() + "/v1/" + encodePath(path)))
                .timeout(config.timeout())
                .header("Accept", "application/json");
        token.ifPresent(t -> b.header("X-Vault-Token", t));
        config.namespace().ifPresent(ns -> b.header("X-Vault-Namespace", ns));
        return b;
    }

    private Reply send(HttpRequest.Builder request, String path) throws VaultFailure {
        HttpResponse<String> response;
        try {
            response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (SSLException e) {
            // A certificate that is not trusted today will not be trusted in a second either.
            throw new VaultFailure(VaultFailure.Kind.PERMANENT,
                    "TLS to Vault at " + url() + " failed: " + e.getMessage()
                            + " (set VAULT_CACERT to the CA that signed Vault's certificate)");
        } catch (HttpTimeoutException e) {
            throw new VaultFailure(VaultFailure.Kind.TRANSIENT,
                    "Vault at " + url() + " did not answer within " + config.timeout());
        } catch (IOException e) {
            throw new VaultFailure(VaultFailure.Kind.TRANSIENT,
                    "Vault at " + url() + " is unreachable (" + e.getClass().getSimpleName() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VaultFailure(VaultFailure.Kind.TRANSIENT, "interrupted while asking Vault");
        }
        Reply reply = new Reply(response.statusCode(), parse(response.body()));
        int s = reply.status();
        if (s >= 200 && s < 300) {
            return reply;
        }
        String vaultSays = reply.errors().isEmpty() ? "" : ": " + reply.errors();
        throw switch (s) {
            case 403 -> new VaultFailure(VaultFailure.Kind.DENIED, "permission denied reading " + path
                    + " (HTTP 403" + vaultSays + ")");
            case 404 -> new VaultFailure(VaultFailure.Kind.PERMANENT, "no secret at path " + path + " (HTTP 404"
                    + (deleted(reply) ? ": its current version was deleted or destroyed" : "")
                    + (reply.warnings().isEmpty() ? "" : ": " + reply.warnings()) + ")");
            // 429: standby or rate limited; 472/473: DR secondary / performance standby; 5xx incl. 503 sealed.
            case 429, 472, 473 -> new VaultFailure(VaultFailure.Kind.TRANSIENT,
                    "Vault at " + url() + " cannot serve reads now (HTTP " + s + vaultSays + ")");
            default -> s >= 500
                    ? new VaultFailure(VaultFailure.Kind.TRANSIENT,
                            "Vault at " + url() + " is unavailable (HTTP " + s + vaultSays + ")")
                    : new VaultFailure(VaultFailure.Kind.PERMANENT,
                            "Vault refused the request for " + path + " (HTTP " + s + vaultSays + ")");
        };
    }

    /** KV v2 answers a read of a deleted version with 404 and the version's metadata. */
    private static boolean deleted(Reply reply) {
        JsonNode meta = reply.body().path("data").path("metadata");
        return meta.path("destroyed").asBoolean(false) || !meta.path("deletion_time").asText("").isEmpty();
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            return JsonNodeFactory.instance.objectNode();
        }
    }

    /** Each segment percent-encoded, slashes kept: a key path is a path, not a query. */
    static String encodePath(String path) {
        String trimmed = path.replaceAll("^/+", "").replaceAll("/+$", "");
        StringBuilder out = new StringBuilder();
        for (String segment : trimmed.split("/", -1)) {
            if (!out.isEmpty()) {
                out.append('/');
            }
            out.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return out.toString();
    }
}
