package io.mesoscompose.scheduler;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The scheduler's Micrometer meters, named {@code mesoscompose.*}. Its gauge reads this scheduler's own object, so
 * {@link #close} removes it: a registry outliving the scheduler (a standby's, between terms of leadership) then
 * neither reports a stopped scheduler's value nor keeps the next scheduler's gauge from being registered.
 *
 * <p>Counters are looked up in the registry once and kept: a lookup by name and tags makes an ID, tags and their
 * iterators, and two status updates per launched task each counted a state (200,000 lookups a launch of 100,000).
 */
final class SchedulerMetrics implements AutoCloseable {

    /** Buckets of the loop's timers: a request waits for the step in progress and its commit; 100 ms is the target. */
    private static final Duration[] LOOP_BUCKETS = {Duration.ofMillis(10), Duration.ofMillis(50), Duration.ofMillis(100),
            Duration.ofMillis(250)};

    private final MeterRegistry registry;
    private final AtomicInteger connected = new AtomicInteger();
    private final Gauge subscribed;
    private final Timer launchLatency;
    private final Counter steps;
    private final Timer stepTime;
    private final Timer commitTime;
    private final Counter offersReceived;
    private final Counter offersDeclined;
    private final Counter tasksLaunched;
    private final Counter reconciliations;
    /** Per task state, made on the state's first update. */
    private final Map<String, Counter> taskStates = new ConcurrentHashMap<>();

    SchedulerMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.subscribed = Gauge.builder("mesoscompose.connection.subscribed", connected, AtomicInteger::get)
                .description("1 while the scheduler is subscribed to a master").register(registry);
        this.launchLatency = Timer.builder("mesoscompose.launch.latency")
                .description("from a task's launch (its record made, just before its ACCEPT) to the first status"
                        + " update saying it runs").register(registry);
        this.steps = Counter.builder("mesoscompose.scheduler.steps")
                .description("steps of the scheduler loop (each converges and publishes once)").register(registry);
        this.stepTime = Timer.builder("mesoscompose.scheduler.step")
                .description("how long a step of the scheduler loop took; an operator's request waits for the one"
                        + " in progress").serviceLevelObjectives(LOOP_BUCKETS).register(registry);
        this.commitTime = Timer.builder("mesoscompose.state.commit")
                .description("how long a commit of the state store took (the embedded store's fsync included); the"
                        + " scheduler loop waits for each")
                .serviceLevelObjectives(LOOP_BUCKETS).register(registry);
        this.offersReceived = registry.counter("mesoscompose.offers.received");
        this.offersDeclined = registry.counter("mesoscompose.offers.declined");
        this.tasksLaunched = registry.counter("mesoscompose.tasks.launched");
        this.reconciliations = registry.counter("mesoscompose.reconciliations");
    }

    void step(long nanos) {
        steps.increment();
        stepTime.record(nanos, TimeUnit.NANOSECONDS);
    }

    void commit(long nanos) {
        commitTime.record(nanos, TimeUnit.NANOSECONDS);
    }

    void offersReceived(int n) {
        offersReceived.increment(n);
    }

    void offersDeclined(int n) {
        offersDeclined.increment(n);
    }

    void taskState(String state) {
        taskStates.computeIfAbsent(state, s -> registry.counter("mesoscompose.tasks.state", "state", s)).increment();
    }

    void tasksLaunched(int n) {
        tasksLaunched.increment(n);
    }

    void launchLatency(Duration d) {
        launchLatency.record(d);
    }

    void reconciliation() {
        reconciliations.increment();
    }

    void connection(boolean subscribed) {
        connected.set(subscribed ? 1 : 0);
    }

    /** Removes the gauge; counters and timers stay, counting on across schedulers. */
    @Override
    public void close() {
        registry.remove(subscribed);
    }
}
