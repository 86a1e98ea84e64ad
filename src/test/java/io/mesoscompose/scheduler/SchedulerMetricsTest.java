package io.mesoscompose.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.secrets.SecretResolver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The scheduler's gauge lives as long as its scheduler: a registry outliving it (HA terms) shows the current one. */
class SchedulerMetricsTest {

    private static final String SUBSCRIBED = "mesoscompose.connection.subscribed";
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

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
