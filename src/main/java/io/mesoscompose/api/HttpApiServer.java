package io.mesoscompose.api;

import io.mesoscompose.json.Json;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server under every API of the framework: routing, basic auth, request size limit, optional TLS, one
 * virtual thread per exchange. Handlers never see an unauthenticated request or an oversized body.
 */
public final class HttpApiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpApiServer.class);

    /**
     * @param auth         empty only when the operator explicitly chose to run without credentials
     * @param maxBodyBytes larger request bodies are refused with 413 before they are read whole
     * @param tls          serve HTTPS with this context
     */
    public record Settings(String host, int port, Optional<BasicAuth> auth, long maxBodyBytes, Optional<SSLContext> tls) {}

    private final HttpServer server;
    private final ExecutorService executor;
    private final Settings settings;
    private final Router router;

    private HttpApiServer(Settings settings, Router router) throws IOException {
        this.settings = settings;
        this.router = router;
        InetSocketAddress address = new InetSocketAddress(settings.host(), settings.port());
        if (settings.tls().isPresent()) {
            HttpsServer https = HttpsServer.create(address, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(settings.tls().get()));
            server = https;
        } else {
            server = HttpServer.create(address, 0);
        }
        executor = Executors.newVirtualThreadPerTaskExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::exchange);
    }

    public static HttpApiServer start(Settings settings, Router router) throws IOException {
        HttpApiServer api = new HttpApiServer(settings, router);
        api.server.start();
        log.info("HTTP API listening on {}{}", api.baseUri(), settings.auth().isEmpty() ? " (no authentication: running open)" : "");
        return api;
    }

    /** The base URL clients use, e.g. {@code http://127.0.0.1:10000}. */
    public URI baseUri() {
        InetSocketAddress bound = server.getAddress();
        String scheme = settings.tls().isPresent() ? "https" : "http";
        return URI.create(scheme + "://" + bound.getHostString() + ":" + bound.getPort());
    }

    private void exchange(HttpExchange exchange) {
        long started = System.nanoTime();
        String method = exchange.getRequestMethod();
        String path = Router.clean(requestTargetPath(exchange.getRequestURI()));
        int status;
        try (exchange) {
            status = respond(exchange, method, path);
        } catch (IOException clientGone) {
            status = -1;
            log.debug("{} {}: connection closed: {}", method, path, clientGone.getMessage());
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        if (method.equals("GET")) {
            log.debug("{} {} -> {} in {} ms", method, path, status, millis);
        } else {
            // Changes (launch, kill, scale, ...) are worth a line in the operator's log; reads are not.
            log.info("{} {} -> {} in {} ms", method, path, status, millis);
        }
    }

    private int respond(HttpExchange exchange, String method, String path) throws IOException {
        Router.Match match = router.route(method, path);
        ApiResponse response = switch (match) {
            case Router.Match.NotFound ignored -> ApiResponse.error(404, "no such resource: " + method + " " + path);
            case Router.Match.MethodNotAllowed notAllowed -> new ApiResponse.JsonBody(405,
                    Map.of("error", method + " is not allowed on " + path),
                    Map.of("Allow", String.join(", ", notAllowed.allowed())));
            case Router.Match.Found found -> dispatch(exchange, path, found);
        };
        write(exchange, response);
        return response.status();
    }

    /**
     * The path of the request target as the client sent it. {@code URI} reads a target that starts with {@code //}
     * (what the Mesos CLI sends: {@code GET //api/compose/v0/tasks}) as an authority ({@code api}) and a path
     * ({@code /compose/v0/tasks}); without a scheme the whole target before the query is the path.
     */
    static String requestTargetPath(URI target) {
        if (target.getScheme() != null) {
            return Optional.ofNullable(target.getRawPath()).orElse("/");
        }
        String raw = target.getRawSchemeSpecificPart();
        int query = raw.indexOf('?');
        return query < 0 ? raw : raw.substring(0, query);
    }

    private ApiResponse dispatch(HttpExchange exchange, String path, Router.Match.Found found) throws IOException {
        Optional<String> user = Optional.empty();
        if (!found.route().open() && settings.auth().isPresent()) {
            user = settings.auth().get().authenticate(exchange.getRequestHeaders().getFirst("Authorization"));
            if (user.isEmpty()) {
                return new ApiResponse.JsonBody(401, Map.of("error", "authentication required"),
                        Map.of("WWW-Authenticate", "Basic realm=\"mesos-compose\", charset=\"UTF-8\""));
            }
        }
        Optional<byte[]> body = readBody(exchange.getRequestBody());
        if (body.isEmpty()) {
            return ApiResponse.error(413, "request body larger than " + settings.maxBodyBytes() + " bytes");
        }
        ApiRequest request = new ApiRequest(exchange.getRequestMethod(), path, found.vars(),
                query(exchange.getRequestURI()), exchange.getRequestHeaders(), body.get(), user);
        try {
            return found.route().handler().handle(request);
        } catch (UnavailableException e) {
            log.warn("{} {}: {}", request.method(), request.path(), e.getMessage());
            return new ApiResponse.JsonBody(503, Map.of("error", e.getMessage()), Map.of("Retry-After", "2"));
        } catch (Exception e) {
            log.error("{} {} failed", request.method(), request.path(), e);
            return ApiResponse.error(500, "internal error: " + e.getClass().getSimpleName());
        }
    }

    private Optional<byte[]> readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, settings.maxBodyBytes() + 1));
        return body.length > settings.maxBodyBytes() ? Optional.empty() : Optional.of(body);
    }

    private static void write(HttpExchange exchange, ApiResponse response) throws IOException {
        response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        switch (response) {
            case ApiResponse.JsonBody json -> send(exchange, json.status(), "application/json; charset=utf-8",
                    Json.MAPPER.writeValueAsBytes(json.body()));
            case ApiResponse.Text text -> send(exchange, text.status(), text.contentType(),
                    text.body().getBytes(StandardCharsets.UTF_8));
            case ApiResponse.Bytes bytes -> send(exchange, bytes.status(), bytes.contentType(), bytes.body());
            case ApiResponse.Streaming stream -> {
                exchange.getResponseHeaders().set("Content-Type", stream.contentType());
                exchange.getResponseHeaders().set("Cache-Control", "no-cache");
                exchange.sendResponseHeaders(stream.status(), 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    stream.writer().writeTo(out);
                } catch (InterruptedException stopping) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    private static Map<String, List<String>> query(URI uri) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }
        return params;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
