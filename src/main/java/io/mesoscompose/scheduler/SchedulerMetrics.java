package io.mesoscompose.scheduler;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/** The scheduler's Micrometer meters, named {@code mesoscompose.*}. */
final class SchedulerMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger connected = new AtomicInteger();
    private final Timer launchLatency;

    SchedulerMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("mesoscompose.connection.subscribed", connected);
        this.launchLatency = Timer.builder("mesoscompose.launch.latency")
                .description("from a replica becoming pending to its ACCEPT").register(registry);
    }

    void offersReceived(int n) {
        registry.counter("mesoscompose.offers.received").increment(n);
    }

    void offersDeclined(int n) {
        registry.counter("mesoscompose.offers.declined").increment(n);
    }

    void taskState(String state) {
        registry.counter("mesoscompose.tasks.state", "state", state).increment();
    }

    void tasksLaunched(int n) {
        registry.counter("mesoscompose.tasks.launched").increment(n);
    }

    void launchLatency(Duration d) {
        launchLatency.record(d);
    }

    void reconciliation() {
        registry.counter("mesoscompose.reconciliations").increment();
    }

    void connection(boolean subscribed) {
        connected.set(subscribed ? 1 : 0);
    }
}
