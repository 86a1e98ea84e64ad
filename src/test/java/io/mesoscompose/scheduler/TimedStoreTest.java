package io.mesoscompose.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.mesoscompose.state.StateChange;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Every commit is timed; a slow one (a request waited for it) is logged, at most one line every ten seconds. */
class TimedStoreTest {

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger(TimedStore.class);
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final MemoryStore memory = new MemoryStore();
    /** The clock the store reads; each commit takes what the test sets here. */
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final AtomicLong commitTakes = new AtomicLong();

    @BeforeEach
    void captureLogs() {
        logs.start();
        logger.addAppender(logs);
        logger.setLevel(Level.INFO);
        memory.beforeCommit = changes -> now.addAndGet(commitTakes.get());
    }

    @AfterEach
    void releaseLogs() {
        logger.detachAppender(logs);
        logger.setLevel(null);
    }

    private void commit(TimedStore store, long millis) {
        commitTakes.set(TimeUnit.MILLISECONDS.toNanos(millis));
        store.commit(List.of(new StateChange.SetFrameworkId("fw-" + millis)));
    }

    private List<String> warnings() {
        return logs.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }

    @Test
    void aCommitOfAHundredMillisecondsOrMoreIsLoggedWithItsTime() {
        TimedStore store = new TimedStore(memory, new SchedulerMetrics(registry), now::get);
        commit(store, 99);
        assertThat(warnings()).isEmpty();
        commit(store, 321);
        assertThat(warnings()).singleElement().asString()
                .contains("the state store took 321 ms to commit 1 change")
                .contains("the scheduler loop, and any request in its step, waited for it")
                .doesNotContain("more of 100 ms");
        // every commit is timed, slow or not
        assertThat(registry.timer("mesoscompose.state.commit").count()).isEqualTo(2);
        assertThat(memory.frameworkId()).contains("fw-321");
    }

    @Test
    void slowCommitsAreLoggedAtMostOnceEveryTenSecondsCountingThoseBetween() {
        TimedStore store = new TimedStore(memory, new SchedulerMetrics(registry), now::get);
        commit(store, 150);
        commit(store, 200);
        commit(store, 120);
        assertThat(warnings()).hasSize(1);
        now.addAndGet(TimeUnit.SECONDS.toNanos(10));
        commit(store, 130);
        assertThat(warnings()).hasSize(2);
        assertThat(warnings().get(1)).contains("took 130 ms")
                .contains("(2 more of 100 ms or more since the last such line)");
        commit(store, 110);
        assertThat(warnings()).hasSize(2);
    }
}
