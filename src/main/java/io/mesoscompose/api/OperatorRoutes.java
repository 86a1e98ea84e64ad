package io.mesoscompose.api;

import io.mesoscompose.api.model.HealthStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.Map;

/**
 * Routes for operators: {@code GET /health} and {@code GET /metrics}.
 *
 * <p>{@code /health} is open (no credentials): load balancers and Mesos health checks call it, and it tells only
 * whether the master connection and the state store are fine — 200 when both are, 503 otherwise.
 *
 * <p>{@code /metrics} (Prometheus text format) needs credentials unless {@code openMetrics}: meter tags carry
 * project and service names, which are not for everyone; Prometheus scrapes with {@code basic_auth}. Besides the
 * scheduler's own meters it has JVM meters and, computed at each scrape, the tasks by current state and the
 * number of replicas waiting for an offer.
 */
public final class OperatorRoutes {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final ComposeBackend backend;
    private final PrometheusMeterRegistry registry;
    private final MultiGauge tasksByState;

    public OperatorRoutes(ComposeBackend backend, PrometheusMeterRegistry registry, EventBroadcaster events) {
        this.backend = backend;
        this.registry = registry;
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        this.tasksByState = MultiGauge.builder("mesoscompose.tasks.current")
                .description("tasks the framework knows, by their last Mesos state").register(registry);
        Gauge.builder("mesoscompose.tasks.pending", backend, b -> b.pending().size())
                .description("replicas waiting for an offer that fits").register(registry);
        Gauge.builder("mesoscompose.api.event.clients", events, EventBroadcaster::clients)
                .description("clients following the event stream").register(registry);
    }

    public Router register(Router router, boolean openMetrics) {
        router.addOpen("GET", "/health", r -> health());
        return openMetrics ? router.addOpen("GET", "/metrics", r -> metrics()) : router.add("GET", "/metrics", r -> metrics());
    }

    private ApiResponse health() {
        HealthStatus status = backend.health();
        return ApiResponse.json(status.healthy() ? 200 : 503, status);
    }

    // Two scrapes at once would interleave their rows of the task gauge.
    private synchronized ApiResponse metrics() {
        List<MultiGauge.Row<?>> rows = backend.taskCountsByState().entrySet().stream()
                .<MultiGauge.Row<?>>map(e -> MultiGauge.Row.of(Tags.of("state", e.getKey()), e.getValue()))
                .toList();
        tasksByState.register(rows, true);
        return new ApiResponse.Text(200, registry.scrape(), PROMETHEUS_TEXT, Map.of());
    }
}
