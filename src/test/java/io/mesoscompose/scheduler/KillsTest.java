package io.mesoscompose.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.mesos.MesosCallException;
import io.mesoscompose.state.TaskRecord;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class KillsTest {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private final RecordingCalls calls = new RecordingCalls();
    private final AtomicInteger wakes = new AtomicInteger();
    private final Kills kills = new Kills(calls, wakes::incrementAndGet);
    /** The task table as the scheduler has it. */
    private final Map<String, TaskRecord> table = new HashMap<>();

    private List<TaskRecord> stopping(int n) {
        List<TaskRecord> tasks = IntStream.range(0, n).mapToObj(i -> Fixtures.task("web_api." + i, i, "fp1",
                "TASK_RUNNING", TaskRecord.Desired.KILL, 0, NOW)).toList();
        tasks.forEach(t -> table.put(t.taskId(), t));
        kills.stopping(tasks);
        return tasks;
    }

    private void send(Instant now) {
        kills.send(now, id -> Optional.ofNullable(table.get(id)));
    }

    private List<String> killed() {
        return calls.of(RecordingCalls.Kill.class).stream().map(RecordingCalls.Kill::taskId).toList();
    }

    @Test
    void atMostAWindowOfKillsIsUnansweredAndAnAnswerMakesRoomForTheRest() {
        calls.holdKills = true;
        stopping(Kills.WINDOW + 10);

        send(NOW);

        assertThat(killed()).hasSize(Kills.WINDOW);
        assertThat(kills.unanswered()).isEqualTo(Kills.WINDOW);
        assertThat(wakes).hasValue(0);
        calls.heldKills.get(0).complete(null);
        assertThat(wakes).as("the loop is woken: there is room").hasValue(1);
        send(NOW);
        assertThat(killed()).as("one more, in the room made").hasSize(Kills.WINDOW + 1);
        calls.heldKills.forEach(answer -> answer.complete(null));
        send(NOW);
        assertThat(killed()).as("each task once").doesNotHaveDuplicates().hasSize(Kills.WINDOW + 10);
    }

    @Test
    void aTaskStillRunningAfterTheRetryIntervalIsSentAnotherKillAndAnEndedOneIsNot() {
        List<TaskRecord> tasks = stopping(2);
        send(NOW);
        send(NOW.plus(Kills.RETRY).minusSeconds(1));
        assertThat(killed()).hasSize(2);

        TaskRecord first = tasks.get(0);
        table.put(first.taskId(), Fixtures.task(first.taskId(), 0, "fp1", "TASK_KILLED", TaskRecord.Desired.KILL, 0,
                NOW));
        send(NOW.plus(Kills.RETRY));

        assertThat(killed()).containsExactly("web_api.0", "web_api.1", "web_api.1");
    }

    @Test
    void aTaskForgottenOrEndedBeforeItsKillWentOutIsNotSentOne() {
        calls.holdKills = true;
        stopping(Kills.WINDOW + 2);
        send(NOW);
        table.remove("web_api." + Kills.WINDOW);
        TaskRecord last = table.get("web_api." + (Kills.WINDOW + 1));
        table.put(last.taskId(), Fixtures.task(last.taskId(), last.replica(), "fp1", "TASK_FAILED",
                TaskRecord.Desired.KILL, 0, NOW));

        calls.heldKills.forEach(answer -> answer.complete(null));
        send(NOW);

        assertThat(killed()).hasSize(Kills.WINDOW);
    }

    @Test
    void aNewSubscriptionSendsTheKillOfEveryTaskStillStoppingAgain() {
        List<TaskRecord> tasks = stopping(2);
        send(NOW);
        kills.subscribed(tasks.subList(1, 2));
        send(NOW);
        assertThat(killed()).containsExactly("web_api.0", "web_api.1", "web_api.1");
    }

    @Test
    void aFailedKillLeavesTheWindowAndIsSentAgainAfterTheRetryInterval() {
        calls.holdKills = true;
        stopping(1);
        send(NOW);
        calls.heldKills.get(0).completeExceptionally(new MesosCallException("KILL not sent: not subscribed", 0, null));

        assertThat(kills.unanswered()).isZero();
        send(NOW.plus(Kills.RETRY));
        assertThat(killed()).hasSize(2);
    }
}
