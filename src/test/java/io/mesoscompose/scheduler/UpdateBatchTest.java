package io.mesoscompose.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mesoscompose.state.StateChange;
import io.mesoscompose.state.TaskRecord;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.junit.jupiter.api.Test;

/** The promise that keeps updates from being lost: acknowledged only after they are stored. */
class UpdateBatchTest {

    /** A batch gathering for the default time, acknowledging through {@code calls}. */
    private static UpdateBatch batch(io.mesoscompose.state.StateStore store, RecordingCalls calls) {
        return new UpdateBatch(store, new Acknowledgements(calls, () -> { }), UpdateBatch.GATHER_NANOS);
    }

    private static TaskStatus status(String id, boolean withUuid) {
        TaskStatus.Builder b = TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue(id))
                .setState(TaskState.TASK_RUNNING);
        if (withUuid) {
            b.setUuid(com.google.protobuf.ByteString.copyFromUtf8(id));
        }
        return b.build();
    }

    @Test
    void writesTheBatchInOneCommitThenAcknowledges() {
        MemoryStore store = new MemoryStore();
        RecordingCalls calls = new RecordingCalls();
        TaskRecord a = Fixtures.task("a", 0, "f", "TASK_RUNNING", TaskRecord.Desired.RUN, 0, java.time.Instant.EPOCH);
        TaskRecord b = Fixtures.task("b", 1, "f", "TASK_RUNNING", TaskRecord.Desired.RUN, 0, java.time.Instant.EPOCH);
        try (UpdateBatch batch = batch(store, calls)) {
            batch.changed(a);
            batch.changed(b);
            batch.acknowledgeLater(status("a", true));
            batch.acknowledgeLater(status("b", true));
            batch.acknowledgeLater(status("reconciled", false)); // no uuid: nothing to acknowledge
            batch.flush(Map.of("a", a, "b", b), true);
        }
        assertThat(store.log).hasSize(2).allMatch(c -> c instanceof StateChange.PutTask);
        assertThat(store.tasks()).hasSize(2);
        assertThat(calls.of(RecordingCalls.Ack.class)).extracting(RecordingCalls.Ack::taskId)
                .containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void aFailedCommitAcknowledgesNothingAndKeepsTheWritesForTheNextBatch() {
        RecordingCalls calls = new RecordingCalls();
        TaskRecord a = Fixtures.task("a", 0, "f", "TASK_RUNNING", TaskRecord.Desired.RUN, 0, java.time.Instant.EPOCH);
        MemoryStore healthy = new MemoryStore();
        boolean[] fail = {true};
        io.mesoscompose.state.StateStore flaky = new FlakyStore(healthy, fail);
        try (UpdateBatch batch = batch(flaky, calls)) {
            batch.changed(a);
            batch.acknowledgeLater(status("a", true));
            assertThatThrownBy(() -> batch.flush(Map.of("a", a), true)).hasMessageContaining("disk full");
            assertThat(calls.of(RecordingCalls.Ack.class)).isEmpty();
            fail[0] = false;
            batch.flush(Map.of("a", a), true);
        }
        assertThat(healthy.tasks()).containsExactly(a);
        assertThat(calls.of(RecordingCalls.Ack.class)).hasSize(1);
    }

    /** Refuses commits while {@code fail[0]}, like a full disk; otherwise a memory store. */
    private record FlakyStore(MemoryStore inner, boolean[] fail) implements io.mesoscompose.state.StateStore {
        @Override public java.util.Optional<String> frameworkId() { return inner.frameworkId(); }
        @Override public List<io.mesoscompose.state.ProjectRecord> projects() { return inner.projects(); }
        @Override public java.util.Optional<io.mesoscompose.state.ProjectRecord> project(String n) { return inner.project(n); }
        @Override public List<TaskRecord> tasks() { return inner.tasks(); }
        @Override public List<TaskRecord> tasksOf(String p) { return inner.tasksOf(p); }
        @Override public java.util.Optional<TaskRecord> task(String id) { return inner.task(id); }
        @Override public String describe() { return "flaky"; }
        @Override public void close() { }

        @Override
        public void commit(List<StateChange> changes) {
            if (fail[0]) {
                throw new io.mesoscompose.state.StateStoreException("disk full");
            }
            inner.commit(changes);
        }
    }

    @Test
    void whileUnsubscribedNothingIsAcknowledged() {
        RecordingCalls calls = new RecordingCalls();
        try (UpdateBatch batch = batch(new MemoryStore(), calls)) {
            batch.acknowledgeLater(status("a", true));
            batch.flush(Map.of(), false);
        }
        assertThat(calls.made).isEmpty();
    }

    /** A task of replica {@code replica} in {@code state}, the framework wanting it {@code desired}. */
    private static Map.Entry<String, TaskRecord> task(String id, int replica, String state,
                                                      TaskRecord.Desired desired) {
        return Map.entry(id, Fixtures.task(id, replica, "f", state, desired, 0, java.time.Instant.EPOCH));
    }

    @Test
    void updatesOfStartingAndRunningTasksAreGatheredAndAnyOtherIsWrittenAtOnceWithThem() throws Exception {
        MemoryStore store = new MemoryStore();
        RecordingCalls calls = new RecordingCalls();
        Map<String, TaskRecord> tasks = Map.ofEntries(task("a", 0, "TASK_RUNNING", TaskRecord.Desired.RUN),
                task("b", 1, "TASK_STARTING", TaskRecord.Desired.RUN),
                task("c", 2, "TASK_FAILED", TaskRecord.Desired.RUN),
                task("d", 3, "TASK_RUNNING", TaskRecord.Desired.RUN));
        try (UpdateBatch batch = batch(store, calls)) {
            batch.changed(tasks.get("a"));
            batch.acknowledgeLater(status("a", true));
            assertThat(batch.flush(tasks, true)).as("nothing written for a while: at once").isZero();
            assertThat(store.log).hasSize(1);

            batch.changed(tasks.get("b"));
            batch.acknowledgeLater(status("b", true));
            long due = batch.flush(tasks, true);
            assertThat(due).isPositive().isLessThanOrEqualTo(UpdateBatch.GATHER_NANOS);
            assertThat(store.log).as("gathered").hasSize(1);
            assertThat(calls.of(RecordingCalls.Ack.class)).as("not stored: not acknowledged")
                    .extracting(RecordingCalls.Ack::taskId).containsExactly("a");

            batch.changed(tasks.get("c"));
            batch.acknowledgeLater(status("c", true));
            assertThat(batch.flush(tasks, true)).as("a task ended: written with its step").isZero();
            assertThat(store.log).hasSize(3);
            assertThat(calls.of(RecordingCalls.Ack.class)).extracting(RecordingCalls.Ack::taskId)
                    .containsExactly("a", "b", "c");

            batch.changed(tasks.get("d"));
            batch.acknowledgeLater(status("d", true));
            assertThat(batch.flush(tasks, true)).isPositive();
            Thread.sleep(java.time.Duration.ofNanos(UpdateBatch.GATHER_NANOS).toMillis() + 5);
            assertThat(batch.flush(tasks, true)).as("its time has come").isZero();
            assertThat(store.log).hasSize(4);
            assertThat(calls.of(RecordingCalls.Ack.class)).hasSize(4);
        }
    }

    @Test
    void updatesOfTasksTheFrameworkStoppedAreGatheredUntilALaunchAndAnEndOnItsOwnIsNot() {
        Map<String, TaskRecord> tasks = Map.ofEntries(task("a", 0, "TASK_RUNNING", TaskRecord.Desired.RUN),
                task("killing", 5, "TASK_KILLING", TaskRecord.Desired.KILL),
                task("stopped", 1, "TASK_KILLED", TaskRecord.Desired.KILL),
                task("starting", 2, "TASK_STARTING", TaskRecord.Desired.RUN),
                task("failed", 3, "TASK_FAILED", TaskRecord.Desired.RUN),
                task("unreachable", 4, "TASK_UNREACHABLE", TaskRecord.Desired.RUN));
        MemoryStore store = new MemoryStore();
        RecordingCalls calls = new RecordingCalls();
        long anHour = java.time.Duration.ofHours(1).toNanos();
        try (UpdateBatch batch = new UpdateBatch(store, new Acknowledgements(calls, () -> { }), anHour)) {
            batch.changed(tasks.get("a"));
            batch.flush(tasks, true); // the last write is now: what follows is gathered, unless it must not be

            batch.changed(tasks.get("killing"));
            assertThat(batch.flush(tasks, true)).as("a stopped task being killed waits with the others").isPositive();
            batch.changed(tasks.get("stopped"));
            batch.acknowledgeLater(status("stopped", true));
            assertThat(batch.flush(tasks, true)).as("and its end").isPositive();
            batch.changed(tasks.get("starting"));
            assertThat(batch.flush(tasks, true)).isPositive();
            assertThat(store.log).hasSize(1);
            assertThat(calls.of(RecordingCalls.Ack.class)).isEmpty();

            assertThat(batch.beforeLaunch(tasks, true)).as("a launch may replace it: written first").isZero();
            assertThat(store.tasks()).extracting(TaskRecord::taskId)
                    .containsExactlyInAnyOrder("a", "killing", "stopped", "starting");
            assertThat(calls.of(RecordingCalls.Ack.class)).extracting(RecordingCalls.Ack::taskId)
                    .containsExactly("stopped");

            batch.changed(tasks.get("starting"));
            assertThat(batch.beforeLaunch(tasks, true)).as("no end gathered: a launch writes nothing").isPositive();
            batch.changed(tasks.get("failed"));
            assertThat(batch.flush(tasks, true)).as("ended on its own: written with its step").isZero();
            batch.changed(tasks.get("unreachable"));
            assertThat(batch.flush(tasks, true)).as("unreachable: written with its step").isZero();
            assertThat(store.log).hasSize(7);
        }
    }
}
