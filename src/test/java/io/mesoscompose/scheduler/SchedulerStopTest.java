package io.mesoscompose.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mesoscompose.secrets.SecretResolver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A stopped scheduler answers every operation with a failure; nobody waits forever. */
class SchedulerStopTest {

    @Test
    void operationsAfterCloseFailPromptly() throws Exception {
        Scheduler scheduler = new Scheduler(new MemoryStore(), new RecordingCalls(), SecretResolver.NONE,
                new SimpleMeterRegistry(), Clock.systemUTC(), SchedulerSettings.DEFAULT);
        scheduler.start(Map.of());
        scheduler.suppress().get(10, TimeUnit.SECONDS); // the loop answers while it runs
        scheduler.close();
        assertThat(scheduler.isRunning()).isFalse();
        assertThatThrownBy(() -> scheduler.scale("p", "s", 2).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasMessageContaining("the scheduler has stopped");
    }
}
