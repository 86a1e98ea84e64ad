package io.mesoscompose.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.mesoscompose.json.Json;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * A Vault stand-in on loopback following Vault's documented HTTP API: KV v1 ({@code GET /v1/<mount>/<path>} →
 * {@code data}) and v2 ({@code GET /v1/<mount>/data/<path>} → {@code data.data} + {@code data.metadata}; 404 with a
 * warning for a v2 path without {@code data/}; 404 with metadata for a deleted version), {@code X-Vault-Token}
 * (403 "permission denied" for unknown tokens and paths outside a token's policy), AppRole login
 * ({@code POST /v1/auth/approle/login} → {@code auth.client_token}, {@code auth.lease_duration}), namespaces
 * ({@code X-Vault-Namespace} selects a separate tree), {@code sys/health} and sealed mode (503 "Vault is sealed").
 */
public final class FakeVaultServer implements AutoCloseable {

    /** One request as received, for assertions on what the client sent. */
    record Seen(String method, String path, Optional<String> token, Optional<String> namespace) {}

    private final HttpServer server;
    /** namespace ("" = root) → mount → KV version. */
    private final Map<String, Map<String, Integer>> mounts = new ConcurrentHashMap<>();
    /** namespace + "|" + mount-relative full path (without data/) → key/values. */
    private final Map<String, Map<String, Object>> secrets = new ConcurrentHashMap<>();
    private final Set<String> deleted = ConcurrentHashMap.newKeySet();
    /** token → path prefixes it may read ("" = everything). */
    private final Map<String, List<String>> tokens = new ConcurrentHashMap<>();
    private final Map<String, String> roles = new ConcurrentHashMap<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger logins = new AtomicInteger();
    private volatile long appRoleLeaseSeconds = 3600;
    private volatile boolean sealed;

    private FakeVaultServer(HttpServer server) {
        this.server = server;
        server.createContext("/v1/", this::handle);
        server.start();
        mount("", "secret", 2);
    }

    public static FakeVaultServer start() throws IOException {
        return new FakeVaultServer(HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0));
    }

    static FakeVaultServer startTls(SSLContext tls) throws IOException {
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new FakeVaultServer(https);
    }

    public URI url() {
        String scheme = server instanceof HttpsServer ? "https" : "http";
        return URI.create(scheme + "://127.0.0.1:" + server.getAddress().getPort());
    }

    FakeVaultServer mount(String namespace, String mount, int kvVersion) {
        mounts.computeIfAbsent(namespace, n -> new ConcurrentHashMap<>()).put(mount, kvVersion);
        return this;
    }

    /** Stores key/values at {@code mount/path} (the logical path, without {@code data/}) in a namespace. */
    FakeVaultServer put(String namespace, String mount, String path, Map<String, Object> data) {
        secrets.put(namespace + "|" + mount + "/" + path, Map.copyOf(data));
        deleted.remove(namespace + "|" + mount + "/" + path);
        return this;
    }

    public FakeVaultServer put(String mount, String path, Map<String, Object> data) {
        return put("", mount, path, data);
    }

    /** KV v2 soft delete of the current version. */
    void delete(String mount, String path) {
        deleted.add("|" + mount + "/" + path);
    }

    public FakeVaultServer token(String token, String... readablePrefixes) {
        tokens.put(token, readablePrefixes.length == 0 ? List.of("") : List.of(readablePrefixes));
        return this;
    }

    void revoke(String token) {
        tokens.remove(token);
    }

    FakeVaultServer appRole(String roleId, String secretId, long leaseSeconds) {
        roles.put(roleId, secretId);
        appRoleLeaseSeconds = leaseSeconds;
        return this;
    }

    void seal() {
        sealed = true;
    }

    void unseal() {
        sealed = false;
    }

    int logins() {
        return logins.get();
    }

    List<Seen> seen() {
        return List.copyOf(seen);
    }

    /** Reads of secrets (not logins, not health). */
    long reads() {
        return seen.stream().filter(s -> s.method().equals("GET") && !s.path().startsWith("sys/")).count();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath().substring("/v1/".length());
            Optional<String> token = Optional.ofNullable(ex.getRequestHeaders().getFirst("X-Vault-Token"));
            String ns = Optional.ofNullable(ex.getRequestHeaders().getFirst("X-Vault-Namespace")).orElse("");
            seen.add(new Seen(ex.getRequestMethod(), path, token, ns.isEmpty() ? Optional.empty() : Optional.of(ns)));
            byte[] body = ex.getRequestBody().readAllBytes();
            if (path.equals("sys/health")) {
                ObjectNode health = object().put("initialized", true).put("sealed", sealed).put("standby", false);
                reply(ex, sealed ? 503 : 200, health);
            } else if (sealed) {
                reply(ex, 503, errors("Vault is sealed"));
            } else if (ex.getRequestMethod().equals("POST") && path.equals("auth/approle/login")) {
                login(ex, Json.MAPPER.readTree(new String(body, StandardCharsets.UTF_8)));
            } else if (ex.getRequestMethod().equals("GET")) {
                read(ex, ns, path, token);
            } else {
                reply(ex, 405, errors("unsupported operation"));
            }
        }
    }

    private void login(HttpExchange ex, JsonNode request) throws IOException {
        String expected = roles.get(request.path("role_id").asText(""));
        if (expected == null) {
            reply(ex, 400, errors("invalid role ID"));
            return;
        }
        if (!expected.equals(request.path("secret_id").asText(""))) {
            reply(ex, 400, errors("invalid secret id"));
            return;
        }
        String token = "hvs.approle-" + logins.incrementAndGet();
        tokens.put(token, List.of(""));
        ObjectNode auth = object().put("client_token", token).put("accessor", "acc-" + token)
                .put("lease_duration", appRoleLeaseSeconds).put("renewable", true);
        auth.putArray("policies").add("default");
        ObjectNode answer = object().put("lease_duration", 0).put("renewable", false);
        answer.set("auth", auth);
        reply(ex, 200, answer);
    }

    private void read(HttpExchange ex, String ns, String path, Optional<String> token) throws IOException {
        List<String> allowed = token.map(tokens::get).orElse(null);
        if (allowed == null || allowed.stream().noneMatch(path::startsWith)) {
            reply(ex, 403, errors("permission denied"));
            return;
        }
        int slash = path.indexOf('/');
        String mount = slash < 0 ? path : path.substring(0, slash);
        Integer version = mounts.getOrDefault(ns, Map.of()).get(mount);
        String rest = slash < 0 ? "" : path.substring(slash + 1);
        if (version == null) {
            reply(ex, 404, errors());
            return;
        }
        if (version == 1) {
            Map<String, Object> data = secrets.get(ns + "|" + mount + "/" + rest);
            if (data == null) {
                reply(ex, 404, errors());
                return;
            }
            ObjectNode answer = object().put("lease_duration", 2764800).put("renewable", false);
            answer.set("data", Json.MAPPER.valueToTree(data));
            reply(ex, 200, answer);
            return;
        }
        if (!rest.startsWith("data/")) {
            ObjectNode answer = errors();
            answer.putArray("warnings").add("Invalid path for a versioned K/V secrets engine. See the API docs for "
                    + "the appropriate API endpoints to use. If using the Vault CLI, use 'vault kv get' for this "
                    + "operation.");
            reply(ex, 404, answer);
            return;
        }
        String key = ns + "|" + mount + "/" + rest.substring("data/".length());
        Map<String, Object> data = secrets.get(key);
        if (data == null) {
            reply(ex, 404, errors());
            return;
        }
        ObjectNode metadata = object().put("created_time", "2026-11-25T06:00:00.000000Z")
                .put("deletion_time", deleted.contains(key) ? "2026-11-25T06:30:00.000000Z" : "")
                .put("destroyed", false).put("version", 1);
        metadata.putNull("custom_metadata");
        ObjectNode inner = object();
        if (deleted.contains(key)) {
            inner.putNull("data");
        } else {
            inner.set("data", Json.MAPPER.valueToTree(data));
        }
        inner.set("metadata", metadata);
        ObjectNode answer = object().put("request_id", "req-" + seen.size()).put("lease_id", "")
                .put("renewable", false).put("lease_duration", 0);
        answer.set("data", inner);
        reply(ex, deleted.contains(key) ? 404 : 200, answer);
    }

    private static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    private static ObjectNode errors(String... messages) {
        ObjectNode node = object();
        var array = node.putArray("errors");
        for (String m : messages) {
            array.add(m);
        }
        return node;
    }

    private static void reply(HttpExchange ex, int status, JsonNode body) throws IOException {
        byte[] bytes = Json.MAPPER.writeValueAsBytes(body);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
