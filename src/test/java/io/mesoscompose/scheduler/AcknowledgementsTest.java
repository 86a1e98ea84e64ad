package io.mesoscompose.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.mesoscompose.mesos.MesosCallException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ContainerID;
import org.apache.mesos.v1.Protos.ContainerStatus;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.Label;
import org.apache.mesos.v1.Protos.Labels;
import org.apache.mesos.v1.Protos.NetworkInfo;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.junit.jupiter.api.Test;

/**
 * Acknowledgements against a master that answers only when the test says: how many are on the wire, that a copy
 * of an update sent again is acknowledged once, and that a backlog pauses launching until it is down to half.
 */
class AcknowledgementsTest {

    private final RecordingCalls calls = new RecordingCalls();
    private final AtomicInteger wakes = new AtomicInteger();

    AcknowledgementsTest() {
        calls.holdAcknowledgements = true;
    }

    private static TaskStatus update(String taskId, String uuid) {
        return TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue(taskId))
                .setState(TaskState.TASK_RUNNING).setUuid(ByteString.copyFromUtf8(uuid)).build();
    }

    private static List<TaskStatus> updates(int n) {
        List<TaskStatus> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(update("t" + i, "u" + i));
        }
        return out;
    }

    private int sent() {
        return calls.of(RecordingCalls.Ack.class).size();
    }

    @Test
    void atMostAWindowIsOnTheWireAndEachAnswerLetsTheNextOneGo() {
        try (Acknowledgements acks = new Acknowledgements(calls, wakes::incrementAndGet)) {
            acks.send(updates(Acknowledgements.WINDOW + 10));
            assertThat(sent()).isEqualTo(Acknowledgements.WINDOW);

            calls.answerAcknowledgements(3, null);
            assertThat(sent()).isEqualTo(Acknowledgements.WINDOW + 3);
            // A failed one frees its place too: the master sends its update again, and it is acknowledged then.
            calls.answerAcknowledgements(7, new MesosCallException("ACKNOWLEDGE failed: closed", 0, null));
            assertThat(sent()).isEqualTo(Acknowledgements.WINDOW + 10);
            assertThat(acks.unanswered()).isEqualTo(Acknowledgements.WINDOW);
            calls.answerAcknowledgements(Acknowledgements.WINDOW, null);
            assertThat(acks.unanswered()).isZero();
        }
    }

    @Test
    void aWaitingAcknowledgementKeepsOnlyWhatTheCallNeeds() {
        TaskStatus whole = TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue("web.1"))
                .setState(TaskState.TASK_RUNNING).setUuid(ByteString.copyFromUtf8("u1"))
                .setAgentId(AgentID.newBuilder().setValue("agent-7")).setMessage("started")
                .setSource(TaskStatus.Source.SOURCE_EXECUTOR).setTimestamp(1.5e9)
                .setExecutorId(ExecutorID.newBuilder().setValue("web.1"))
                .setContainerStatus(ContainerStatus.newBuilder()
                        .setContainerId(ContainerID.newBuilder().setValue("c-1"))
                        .addNetworkInfos(NetworkInfo.newBuilder().addIpAddresses(
                                NetworkInfo.IPAddress.newBuilder().setIpAddress("10.0.0.7"))))
                .setLabels(Labels.newBuilder().addLabels(Label.newBuilder().setKey("k").setValue("v")))
                .build();
        try (Acknowledgements acks = new Acknowledgements(calls, wakes::incrementAndGet)) {
            acks.send(List.of(whole, update("web.2", "u2")));
            assertThat(calls.acknowledged).containsExactly(
                    TaskStatus.newBuilder().setTaskId(whole.getTaskId()).setState(TaskState.TASK_RUNNING)
                            .setUuid(whole.getUuid()).setAgentId(whole.getAgentId()).build(),
                    update("web.2", "u2"));
            calls.answerAcknowledgements(2, null);
        }
    }

    @Test
    void anUpdateSentAgainWhileItsAcknowledgementWaitsIsAcknowledgedOnce() {
        try (Acknowledgements acks = new Acknowledgements(calls, wakes::incrementAndGet)) {
            acks.send(List.of(update("t1", "u1"), update("t1", "u1")));
            acks.send(List.of(update("t1", "u1")));
            assertThat(sent()).isEqualTo(1);

            calls.answerAcknowledgements(1, new MesosCallException("ACKNOWLEDGE failed: closed", 0, null));
            // Not answered well: the master sends it again, and it is acknowledged again.
            acks.send(List.of(update("t1", "u1")));
            assertThat(sent()).isEqualTo(2);
            // The task's next update has a uuid of its own.
            acks.send(List.of(update("t1", "u2")));
            assertThat(sent()).isEqualTo(3);
            calls.answerAcknowledgements(2, null);
        }
    }

    @Test
    void aBacklogSaysLaunchingShouldPauseAndTheAnswerThatHalvesItWakesOnce() {
        try (Acknowledgements acks = new Acknowledgements(calls, wakes::incrementAndGet)) {
            acks.send(updates(Acknowledgements.BACKLOG));
            assertThat(acks.backlogged()).as("at the limit").isFalse();
            acks.send(List.of(update("one-more", "one-more")));
            assertThat(acks.backlogged()).isTrue();

            int toHalf = Acknowledgements.BACKLOG + 1 - Acknowledgements.BACKLOG / 2;
            calls.answerAcknowledgements(toHalf - 1, null);
            assertThat(wakes).hasValue(0);
            calls.answerAcknowledgements(1, null);
            assertThat(wakes).hasValue(1);
            assertThat(acks.backlogged()).isFalse();
            calls.answerAcknowledgements(Acknowledgements.BACKLOG / 2, null);
            assertThat(wakes).as("no backlog was reported since").hasValue(1);
            assertThat(acks.unanswered()).isZero();
        }
    }

    @Test
    void closingDropsWhatIsStillQueued() {
        Acknowledgements acks = new Acknowledgements(calls, wakes::incrementAndGet);
        acks.send(updates(Acknowledgements.WINDOW));
        calls.answerAcknowledgements(Acknowledgements.WINDOW, null);
        acks.close(); // nothing waits: returns at once
        acks.send(updates(1));
        assertThat(sent()).isEqualTo(Acknowledgements.WINDOW);
        assertThat(acks.backlogged()).isFalse();
    }
}
