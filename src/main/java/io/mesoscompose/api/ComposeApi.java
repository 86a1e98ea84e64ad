package io.mesoscompose.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;

/**
 * The framework's whole HTTP API on one server: the Go-compatible v0 routes, our v1 routes, the event stream,
 * {@code /health} and {@code /metrics}, task logs and the web dashboard ({@code /ui}), all over one
 * {@link ComposeBackend}.
 *
 * <p>Open routes (no credentials): {@code GET /health}, {@code GET /api/compose/versions} (the Go project checks
 * none there either), and {@code GET /metrics} only when {@code openMetrics}. Every other route needs the
 * configured basic-auth credentials (see {@link ApiCredentials}).
 */
public final class ComposeApi implements AutoCloseable {
    /** How often a followed task log is read again while it does not grow (the Mesos web UI's pailer: 1 s). */
    private static final Duration LOG_POLL = Duration.ofSeconds(1);

    private final HttpApiServer server;
    private final EventRoutes events;

    private ComposeApi(HttpApiServer server, EventRoutes events) {
        this.server = server;
        this.events = events;
    }

    public static ComposeApi start(HttpApiServer.Settings settings, ComposeBackend backend,
                                   PrometheusMeterRegistry registry, boolean openMetrics) throws IOException {
        EventBroadcaster broadcaster = new EventBroadcaster();
        EventRoutes events = new EventRoutes(backend, broadcaster);
        Router router = new Router();
        new OperatorRoutes(backend, registry, broadcaster).register(router, openMetrics);
        new CompatRoutes(backend).register(router);
        events.register(router);
        new V1Routes(backend).register(router);
        new LogRoutes(backend, LOG_POLL).register(router);
        new DashboardRoutes().register(router);
        try {
            return new ComposeApi(HttpApiServer.start(settings, router), events);
        } catch (IOException | RuntimeException e) {
            events.close();
            throw e;
        }
    }

    public URI baseUri() {
        return server.baseUri();
    }

    @Override
    public void close() {
        events.close();
        server.close();
    }
}
