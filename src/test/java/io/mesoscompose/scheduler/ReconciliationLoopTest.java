package io.mesoscompose.scheduler;

import static io.mesoscompose.scheduler.Fixtures.offer;
import static io.mesoscompose.scheduler.Fixtures.service;
import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.mesos.MesosEvent;
import io.mesoscompose.plan.ProjectPlan;
import io.mesoscompose.secrets.SecretResolver;
import io.mesoscompose.state.ProjectRecord;
import io.mesoscompose.state.StateChange;
import io.mesoscompose.state.TaskRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.junit.jupiter.api.Test;

/** A restart with running tasks: the reconciliation's answers, through the loop. */
class ReconciliationLoopTest {

    private static final int REPLICAS = 3;

    /** A store as a framework leaves it with its replicas running, and the harness restarted on it. */
    private static SchedulerHarness restarted() {
        return restarted("TASK_RUNNING");
    }

    /** ... with its replicas stored in this state. */
    private static SchedulerHarness restarted(String state) {
        MemoryStore store = new MemoryStore();
        Instant at = Instant.parse("2025-12-31T00:00:00Z");
        store.commit(new StateChange.PutProject(new ProjectRecord("web", 1, List.of(), Map.of(),
                ProjectRecord.Desired.RUNNING, at)));
        IntStream.range(0, REPLICAS).forEach(i -> store.commit(new StateChange.PutTask(Fixtures.task("web_api." + i, i,
                "fp1", state, TaskRecord.Desired.RUN, 0, at))));
        store.log.clear();
        ProjectPlan plan = new ProjectPlan("web", List.of(service("web", "api", REPLICAS, 1, 128)), List.of());
        SchedulerHarness h = new SchedulerHarness(store, SecretResolver.NONE, Map.of("web", plan));
        h.sync(); // loaded
        return h;
    }

    private static MesosEvent.Update answer(String taskId, TaskState state) {
        return new MesosEvent.Update(TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue(taskId))
                .setState(state).setSource(TaskStatus.Source.SOURCE_MASTER)
                .setReason(TaskStatus.Reason.REASON_RECONCILIATION).setMessage("Reconciliation: Latest task state")
                .setAgentId(AgentID.newBuilder().setValue("a1")).build());
    }

    @Test
    void answersThatConfirmTheStoredStateWriteAndPublishNothingAndEndTheRound() {
        try (SchedulerHarness h = restarted()) {
            List<TaskRecord> before = h.tasks();
            assertThat(before).hasSize(REPLICAS);
            h.subscribe();
            assertThat(h.scheduler.snapshot().awaitingReconciliation()).isEqualTo(REPLICAS);
            h.events.clear();
            before.forEach(t -> h.scheduler.accept(answer(t.taskId(), TaskState.TASK_RUNNING)));
            h.sync();
            assertThat(h.scheduler.snapshot().awaitingReconciliation()).isZero();
            assertThat(h.tasks()).as("records as stored, message included").isEqualTo(before);
            assertThat(h.store.log).as("only the framework ID").containsExactly(new StateChange.SetFrameworkId("fw-1"));
            assertThat(h.events).noneMatch(e -> e instanceof SchedulerEvent.TaskStateChanged);
            h.offers(offer("a1", 8, 4096));
            assertThat(h.calls.launched()).as("nothing launched again").isEmpty();
        }
    }

    /** A single instance's store after a launch: its tasks' RUNNING was not written (SchedulerSettings#runningWritten). */
    @Test
    void answersThatTasksStoredAsLaunchedRunAreShownAndWriteNothing() {
        try (SchedulerHarness h = restarted("TASK_STAGING")) {
            List<TaskRecord> before = h.tasks();
            h.subscribe();
            before.forEach(t -> h.scheduler.accept(answer(t.taskId(), TaskState.TASK_RUNNING)));
            h.sync();
            assertThat(h.scheduler.snapshot().awaitingReconciliation()).isZero();
            assertThat(h.tasks()).extracting(TaskRecord::state).containsOnly("TASK_RUNNING");
            assertThat(h.tasks()).as("the master's \"Latest task state\" is no message of the task")
                    .extracting(TaskRecord::message).containsExactlyElementsOf(before.stream().map(TaskRecord::message).toList());
            assertThat(h.store.log).as("only the framework ID").containsExactly(new StateChange.SetFrameworkId("fw-1"));
            assertThat(h.registry.timer("mesoscompose.launch.latency").count())
                    .as("no launch latency measured from a launch before the restart").isZero();
            h.offers(offer("a1", 8, 4096));
            assertThat(h.calls.launched()).as("nothing launched again").isEmpty();
        }
    }

    @Test
    void theLoopTakesTheAnswersWhileTheMasterHasNotAnsweredTheReconcileCallYet() {
        try (SchedulerHarness h = restarted()) {
            CompletableFuture<Void> callAnswered = new CompletableFuture<>();
            h.calls.reconcileAnswer = callAnswered;
            try {
                h.subscribe();
                h.tasks().forEach(t -> h.send(answer(t.taskId(), TaskState.TASK_RUNNING)));
                assertThat(h.scheduler.snapshot().awaitingReconciliation()).isZero();
                assertThat(callAnswered).isNotDone();
            } finally {
                callAnswered.complete(null);
            }
        }
    }

    @Test
    void anAnswerThatDiffersIsWrittenAndActedOn() {
        try (SchedulerHarness h = restarted()) {
            h.subscribe();
            h.send(answer("web_api.0", TaskState.TASK_RUNNING));
            h.send(answer("web_api.1", TaskState.TASK_RUNNING));
            h.send(answer("web_api.2", TaskState.TASK_LOST));
            assertThat(h.store.task("web_api.2")).map(TaskRecord::state).contains("TASK_LOST");
            assertThat(h.store.log).filteredOn(c -> c instanceof StateChange.PutTask).hasSize(1);
            assertThat(h.tasks()).filteredOn(t -> t.taskId().equals("web_api.2")).singleElement()
                    .satisfies(t -> assertThat(t.message()).isEqualTo(Optional.of("Reconciliation: Latest task state")));
            h.clock.advance(java.time.Duration.ofMinutes(1));
            h.offers(offer("a1", 8, 4096));
            assertThat(h.calls.launched()).as("the lost replica, and only it").hasSize(1);
        }
    }

    @Test
    void theImplicitReconciliationFollowsOnceEveryTaskIsAnswered() {
        try (SchedulerHarness h = restarted()) {
            h.subscribe();
            assertThat(h.calls.of(RecordingCalls.Reconcile.class)).extracting(RecordingCalls.Reconcile::taskIds)
                    .as("explicit only while its answers are awaited")
                    .containsExactly(List.of("web_api.0", "web_api.1", "web_api.2"));
            h.send(answer("web_api.0", TaskState.TASK_RUNNING));
            h.send(answer("web_api.1", TaskState.TASK_RUNNING));
            assertThat(h.calls.of(RecordingCalls.Reconcile.class)).hasSize(1);
            h.send(answer("web_api.2", TaskState.TASK_RUNNING));
            assertThat(h.calls.of(RecordingCalls.Reconcile.class)).extracting(RecordingCalls.Reconcile::taskIds)
                    .containsExactly(List.of("web_api.0", "web_api.1", "web_api.2"), List.of());
            h.send(answer("web_api.2", TaskState.TASK_RUNNING));
            assertThat(h.calls.of(RecordingCalls.Reconcile.class)).as("once per subscription").hasSize(2);
        }
    }

    @Test
    void theImplicitReconciliationFollowsTheTimeoutWhenAnswersAreMissing() {
        try (SchedulerHarness h = restarted()) {
            h.subscribe();
            h.send(answer("web_api.0", TaskState.TASK_RUNNING));
            h.clock.advance(java.time.Duration.ofMinutes(1));
            h.sync();
            assertThat(h.calls.of(RecordingCalls.Reconcile.class)).extracting(RecordingCalls.Reconcile::taskIds)
                    .containsExactly(List.of("web_api.0", "web_api.1", "web_api.2"), List.of("web_api.1", "web_api.2"),
                            List.of());
        }
    }

    @Test
    void aFrameworkWithoutTasksReconcilesImplicitlyAtOnce() {
        try (SchedulerHarness h = new SchedulerHarness()) {
            h.subscribe();
            assertThat(h.calls.of(RecordingCalls.Reconcile.class)).extracting(RecordingCalls.Reconcile::taskIds)
                    .containsExactly(List.of());
        }
    }

    @Test
    void eachSubscriptionReconcilesImplicitlyAgain() {
        try (SchedulerHarness h = restarted()) {
            h.subscribe();
            h.tasks().forEach(t -> h.send(answer(t.taskId(), TaskState.TASK_RUNNING)));
            h.send(new MesosEvent.Disconnected("master gone"));
            h.subscribe();
            h.tasks().forEach(t -> h.send(answer(t.taskId(), TaskState.TASK_RUNNING)));
            assertThat(h.calls.of(RecordingCalls.Reconcile.class)).extracting(RecordingCalls.Reconcile::taskIds)
                    .filteredOn(List::isEmpty).hasSize(2);
        }
    }

    @Test
    void anUpdateSentAgainAfterTheRestartIsAcknowledgedAndChangesNothing() {
        try (SchedulerHarness h = restarted()) {
            List<TaskRecord> before = h.tasks();
            h.subscribe();
            h.events.clear();
            h.status("web_api.0", TaskState.TASK_RUNNING, null);
            assertThat(h.calls.awaitOf(RecordingCalls.Ack.class, acks -> !acks.isEmpty()))
                    .extracting(RecordingCalls.Ack::taskId).containsExactly("web_api.0");
            assertThat(h.tasks()).as("records as stored").isEqualTo(before);
            assertThat(h.store.log).as("only the framework ID").containsExactly(new StateChange.SetFrameworkId("fw-1"));
            assertThat(h.events).noneMatch(e -> e instanceof SchedulerEvent.TaskStateChanged);
            assertThat(h.scheduler.snapshot().awaitingReconciliation()).as("an answer all the same").isEqualTo(REPLICAS - 1);
        }
    }
}
