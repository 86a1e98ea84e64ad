package io.mesoscompose.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.secrets.SecretResolver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The scheduler's meters. */
class SchedulerMetricsTest {

    private static final String SUBSCRIBED = "mesoscompose.connection.subscribed";
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    /** Every commit the scheduler makes is timed, with counts under 10, 50, 100 and 250 ms (a slow disk shows). */
    @Test
    void everyCommitOfTheSchedulerIsTimed() throws Exception {
        MemoryStore store = new MemoryStore();
        store.beforeCommit = changes -> {
            try {
                Thread.sleep(60); // a slow fsync
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        Scheduler scheduler = new Scheduler(store, new RecordingCalls(), SecretResolver.NONE, registry,
                Clock.systemUTC(), SchedulerSettings.DEFAULT);
        try {
            scheduler.start(Map.of());
            scheduler.forgetFrameworkId().get(10, TimeUnit.SECONDS);
        } finally {
            scheduler.close();
        }
        var timer = registry.get("mesoscompose.state.commit").timer();
        assertThat(timer.count()).isEqualTo(1);
        assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(60);
        var buckets = timer.takeSnapshot().histogramCounts();
        assertThat(buckets).extracting(c -> (long) c.bucket(TimeUnit.MILLISECONDS)).containsExactly(10L, 50L, 100L, 250L);
        assertThat(buckets).as("the 60 ms commit counts under neither 10 nor 50 ms").extracting(c -> (long) c.count())
                .startsWith(0L, 0L);
    }

    /** Steps too are counted under 10, 50, 100 and 250 ms: how many held a request past the 100 ms target. */
    @Test
    void stepsAreCountedUnderTheSameBuckets() {
        SchedulerMetrics metrics = new SchedulerMetrics(registry);
        metrics.step(TimeUnit.MILLISECONDS.toNanos(120));
        metrics.step(TimeUnit.MILLISECONDS.toNanos(5));
        var buckets = registry.get("mesoscompose.scheduler.step").timer().takeSnapshot().histogramCounts();
        assertThat(buckets).extracting(c -> (long) c.bucket(TimeUnit.MILLISECONDS)).containsExactly(10L, 50L, 100L, 250L);
        assertThat(buckets).extracting(c -> (long) c.count()).containsExactly(1L, 1L, 1L, 2L);
        metrics.close();
    }

    @Test
    void aStoppedSchedulersGaugeIsRemovedAndTheNextSchedulersGaugeReportsItsOwnValue() throws Exception {
        Scheduler first = new Scheduler(new MemoryStore(), new RecordingCalls(), SecretResolver.NONE, registry,
                Clock.systemUTC(), SchedulerSettings.DEFAULT);
        first.start(Map.of());
        first.suppress().get(10, TimeUnit.SECONDS);
        assertThat(registry.find(SUBSCRIBED).gauges()).hasSize(1);
        first.close();
        assertThat(registry.find(SUBSCRIBED).gauges()).isEmpty();

        SchedulerMetrics next = new SchedulerMetrics(registry);
        next.connection(true);
        assertThat(registry.get(SUBSCRIBED).gauge().value()).isEqualTo(1.0);
        next.close();
        assertThat(registry.find(SUBSCRIBED).gauges()).isEmpty();
    }
}
