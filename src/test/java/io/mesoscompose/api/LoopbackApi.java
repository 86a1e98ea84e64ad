package io.mesoscompose.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** A real HTTP API server on a free loopback port with basic auth {@code admin}/{@code s3cret}, for tests. */
public final class LoopbackApi implements AutoCloseable {
    public static final String USER = "admin";
    public static final String PASSWORD = "s3cret";

    private final URI baseUri;
    private final AutoCloseable server;
    private final HttpClient http = HttpClient.newHttpClient();

    public LoopbackApi(Router router) throws Exception {
        HttpApiServer started = HttpApiServer.start(settings(), router);
        this.baseUri = started.baseUri();
        this.server = started;
    }

    /** The whole API (every route) over {@code backend}, metrics behind credentials. */
    public LoopbackApi(ComposeBackend backend, PrometheusMeterRegistry registry) throws Exception {
        ComposeApi started = ComposeApi.start(settings(), backend, registry, false);
        this.baseUri = started.baseUri();
        this.server = started;
    }

    public static HttpApiServer.Settings settings() {
        return new HttpApiServer.Settings("127.0.0.1", 0, Optional.of(new BasicAuth(USER, PASSWORD)), 1 << 20,
                Optional.empty());
    }

    public URI baseUri() {
        return baseUri;
    }

    /** A request with the credentials, the way the Mesos CLI plugin sends them (urllib3 basic_auth header). */
    public HttpResponse<String> send(String method, String path, String body) throws Exception {
        return send(method, path, body, USER + ":" + PASSWORD);
    }

    /** @param credentials {@code user:password}, or null for none */
    public HttpResponse<String> send(String method, String path, String body, String credentials) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(baseUri.resolve(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (credentials != null) {
            request.header("Authorization", basic(credentials));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    public static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() throws Exception {
        server.close();
    }
}
