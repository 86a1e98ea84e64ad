package io.mesoscompose.scheduler;

import static io.mesoscompose.scheduler.Fixtures.offer;
import static io.mesoscompose.scheduler.Fixtures.service;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.mesos.v1.Protos.TaskState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** At INFO the log reads per service however many replicas change; each task's steps are at DEBUG. */
class SchedulerLogTest {

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger core = (Logger) LoggerFactory.getLogger(SchedulerCore.class);
    private final Logger launcher = (Logger) LoggerFactory.getLogger(Launcher.class);

    @BeforeEach
    void captureLogs() {
        logs.start();
        for (Logger l : List.of(core, launcher)) {
            l.addAppender(logs);
            l.setLevel(Level.DEBUG);
        }
    }

    @AfterEach
    void releaseLogs() {
        for (Logger l : List.of(core, launcher)) {
            l.detachAppender(logs);
            l.setLevel(null);
        }
    }

    private List<String> lines(Level level) {
        return logs.list.stream().filter(e -> e.getLevel() == level).map(ILoggingEvent::getFormattedMessage).toList();
    }

    @Test
    void aLaunchAndAScaleDownOfManyReplicasReadAsOneLinePerServiceAtInfo() throws Exception {
        try (var h = new SchedulerHarness()) {
            h.subscribe();
            h.apply(service("web", "api", 40, 0.1, 16));
            h.offers(offer("a1", 8, 4096), offer("a2", 8, 4096));
            h.tasks().forEach(t -> h.status(t.taskId(), TaskState.TASK_RUNNING, null));
            h.scheduler.scale("web", "api", 2).get();

            List<String> info = lines(Level.INFO);
            assertThat(info).contains("project web v1: service api 40/40 running")
                    .contains("stopping 38 tasks of web/api: no longer desired");
            assertThat(info).noneMatch(line -> line.contains("web_api."));
            assertThat(info.size()).isLessThan(10);
            assertThat(lines(Level.DEBUG)).filteredOn(line -> line.startsWith("launching web/api#")).hasSize(40);
            assertThat(lines(Level.DEBUG)).filteredOn(line -> line.contains("TASK_STAGING -> TASK_RUNNING")).hasSize(40);
            assertThat(lines(Level.DEBUG)).filteredOn(line -> line.startsWith("stopping task ")).hasSize(38);
        }
    }

    @Test
    void anUpdateBatchNamesItsReplicasAsRuns() {
        // A batch of 1,000 replicas was a line of 6,000 characters.
        assertThat(SchedulerCore.ranges(IntStream.range(29000, 30000).boxed().toList())).isEqualTo("29000-29999");
        assertThat(SchedulerCore.ranges(List.of(0, 1, 2, 5, 7, 8))).isEqualTo("0-2, 5, 7-8");
        assertThat(SchedulerCore.ranges(List.of(3))).isEqualTo("3");
    }
}
