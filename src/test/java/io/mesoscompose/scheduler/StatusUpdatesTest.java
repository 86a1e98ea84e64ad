package io.mesoscompose.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.state.TaskRecord;
import java.time.Instant;
import java.util.Optional;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.junit.jupiter.api.Test;

class StatusUpdatesTest {

    private static final TaskRecord RUNNING = Fixtures.task("web_api.1", 0, "fp1", "TASK_RUNNING", TaskRecord.Desired.RUN,
            0, Instant.parse("2026-01-01T00:00:00Z"));

    /** As the master answers an explicit reconciliation (master.cpp: "Reconciliation: Latest task state"). */
    private static TaskStatus.Builder answer(TaskState state) {
        return TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue(RUNNING.taskId())).setState(state)
                .setSource(TaskStatus.Source.SOURCE_MASTER).setReason(TaskStatus.Reason.REASON_RECONCILIATION)
                .setMessage("Reconciliation: Latest task state").setAgentId(AgentID.newBuilder().setValue("a1"));
    }

    @Test
    void aReconciliationAnswerWithTheKnownStateAgentAndHealthConfirms() {
        assertThat(StatusUpdates.confirms(RUNNING, answer(TaskState.TASK_RUNNING).build())).isTrue();
        assertThat(StatusUpdates.confirms(RUNNING, answer(TaskState.TASK_RUNNING).clearAgentId().build())).isTrue();
    }

    @Test
    void anAnswerThatTellsAnythingNewDoesNotConfirm() {
        assertThat(StatusUpdates.confirms(RUNNING, answer(TaskState.TASK_FAILED).build())).as("another state").isFalse();
        assertThat(StatusUpdates.confirms(RUNNING, answer(TaskState.TASK_RUNNING)
                .setAgentId(AgentID.newBuilder().setValue("a2")).build())).as("another agent").isFalse();
        assertThat(StatusUpdates.confirms(RUNNING, answer(TaskState.TASK_RUNNING).setHealthy(true).build()))
                .as("health first known").isFalse();
        TaskRecord unhealthy = StatusUpdates.apply(RUNNING, answer(TaskState.TASK_RUNNING).setHealthy(false).build(),
                RUNNING.updatedAt());
        assertThat(StatusUpdates.confirms(unhealthy, answer(TaskState.TASK_RUNNING).setHealthy(false).build())).isTrue();
        assertThat(StatusUpdates.confirms(unhealthy, answer(TaskState.TASK_RUNNING).setHealthy(true).build()))
                .as("health changed").isFalse();
    }

    @Test
    void onlyReconciliationAnswersConfirm() {
        TaskStatus fromTheAgent = answer(TaskState.TASK_RUNNING).setSource(TaskStatus.Source.SOURCE_EXECUTOR)
                .clearReason().setMessage("started").build();
        assertThat(StatusUpdates.confirms(RUNNING, fromTheAgent)).isFalse();
        assertThat(StatusUpdates.apply(RUNNING, fromTheAgent, RUNNING.updatedAt()).message()).isEqualTo(Optional.of("started"));
    }

    @Test
    void anUpdateSentAgainChangesNothing() {
        TaskStatus running = answer(TaskState.TASK_RUNNING).setSource(TaskStatus.Source.SOURCE_EXECUTOR).clearReason()
                .setMessage("started").build();
        TaskRecord stored = StatusUpdates.apply(RUNNING, running, RUNNING.updatedAt());
        assertThat(StatusUpdates.changesNothing(stored, running)).as("the same update again").isTrue();
        assertThat(StatusUpdates.changesNothing(stored, running.toBuilder().clearMessage().build())).isTrue();
        assertThat(StatusUpdates.changesNothing(stored, answer(TaskState.TASK_RUNNING).build()))
                .as("a reconciliation answer").isTrue();
    }

    @Test
    void anUpdateWithAnythingNewChangesTheRecord() {
        TaskStatus running = answer(TaskState.TASK_RUNNING).setSource(TaskStatus.Source.SOURCE_EXECUTOR).clearReason()
                .setMessage("started").build();
        TaskRecord stored = StatusUpdates.apply(RUNNING, running, RUNNING.updatedAt());
        assertThat(StatusUpdates.changesNothing(stored, running.toBuilder().setMessage("restarted").build()))
                .as("another message").isFalse();
        assertThat(StatusUpdates.changesNothing(stored, running.toBuilder().setHealthy(false).build()))
                .as("health first known").isFalse();
        assertThat(StatusUpdates.changesNothing(stored, running.toBuilder().setState(TaskState.TASK_FAILED).build()))
                .as("another state").isFalse();
        assertThat(StatusUpdates.changesNothing(stored, running.toBuilder()
                .setAgentId(AgentID.newBuilder().setValue("a2")).build())).as("another agent").isFalse();
    }

    @Test
    void aRecordKeepsItsOwnAgentAndMessageWhenAnUpdateRepeatsThem() {
        TaskRecord started = StatusUpdates.apply(RUNNING, answer(TaskState.TASK_RUNNING).clearReason()
                .setMessage("started").build(), RUNNING.updatedAt());
        // Parsed from the wire, each update carries its own copies of these strings.
        TaskStatus again = answer(TaskState.TASK_RUNNING).clearReason()
                .setAgentId(AgentID.newBuilder().setValue(new String("a1"))).setMessage(new String("started"))
                .setHealthy(true).build();

        TaskRecord updated = StatusUpdates.apply(started, again, RUNNING.updatedAt());

        assertThat(updated.healthy()).contains(true);
        assertThat(updated.agentId()).isSameAs(started.agentId());
        assertThat(updated.message()).isSameAs(started.message());
        TaskRecord moved = StatusUpdates.apply(started, again.toBuilder()
                .setAgentId(AgentID.newBuilder().setValue("a2")).setMessage("restarted").build(), RUNNING.updatedAt());
        assertThat(moved.agentId()).contains("a2");
        assertThat(moved.message()).contains("restarted");
    }

    @Test
    void runningAfterTheLaunchIsWrittenOnlyWhereStandbysReadTheStore() {
        TaskRecord staging = Fixtures.task("web_api.1", 0, "fp1", "TASK_STAGING", TaskRecord.Desired.RUN, 0,
                RUNNING.updatedAt());
        TaskRecord starting = StatusUpdates.apply(staging, answer(TaskState.TASK_STARTING).clearReason().build(),
                RUNNING.updatedAt());
        TaskRecord running = StatusUpdates.apply(starting, answer(TaskState.TASK_RUNNING).clearReason().build(),
                RUNNING.updatedAt());

        assertThat(StatusUpdates.sameDurableFacts(staging, starting, true)).as("STARTING: never written").isTrue();
        assertThat(StatusUpdates.sameDurableFacts(staging, starting, false)).isTrue();
        assertThat(StatusUpdates.sameDurableFacts(starting, running, false)).as("a single instance").isTrue();
        assertThat(StatusUpdates.sameDurableFacts(starting, running, true)).as("standbys read the store").isFalse();
    }

    @Test
    void healthAndTheEndOfARunningTaskAreAlwaysWritten() {
        TaskRecord healthy = StatusUpdates.apply(RUNNING, answer(TaskState.TASK_RUNNING).clearReason().setHealthy(true)
                .build(), RUNNING.updatedAt());
        TaskRecord failed = StatusUpdates.apply(RUNNING, answer(TaskState.TASK_FAILED).clearReason().build(),
                RUNNING.updatedAt());
        TaskRecord killing = StatusUpdates.apply(RUNNING, answer(TaskState.TASK_KILLING).clearReason().build(),
                RUNNING.updatedAt());
        for (boolean runningWritten : new boolean[] {true, false}) {
            assertThat(StatusUpdates.sameDurableFacts(RUNNING, healthy, runningWritten)).isFalse();
            assertThat(StatusUpdates.sameDurableFacts(RUNNING, failed, runningWritten)).isFalse();
            assertThat(StatusUpdates.sameDurableFacts(RUNNING, killing, runningWritten)).isFalse();
        }
    }

    @Test
    void aReconciliationAnswerKeepsTheMessageOfALiveTaskButTellsWhyOneEnded() {
        TaskRecord started = StatusUpdates.apply(RUNNING, answer(TaskState.TASK_RUNNING).clearReason()
                .setMessage("started").build(), RUNNING.updatedAt());
        TaskRecord staging = Fixtures.task("web_api.1", 0, "fp1", "TASK_STAGING", TaskRecord.Desired.RUN, 0,
                RUNNING.updatedAt());

        assertThat(StatusUpdates.apply(staging, answer(TaskState.TASK_RUNNING).build(), RUNNING.updatedAt()).message())
                .isEqualTo(staging.message());
        assertThat(StatusUpdates.apply(started, answer(TaskState.TASK_LOST)
                .setMessage("Reconciliation: Task is unknown to the agent").build(), RUNNING.updatedAt()).message())
                .contains("Reconciliation: Task is unknown to the agent");
    }
}
