package io.mesoscompose.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.mesos.MesosCallException;
import io.mesoscompose.state.StateStoreException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.junit.jupiter.api.Test;

class DurableCallsTest {

    private final RecordingCalls mesos = new RecordingCalls();
    /** What the store answers for {@code durable()} now. */
    private volatile CompletableFuture<Void> disk = CompletableFuture.completedFuture(null);
    private final DurableCalls calls = new DurableCalls(mesos, () -> disk);

    private static TaskID id(String value) {
        return TaskID.newBuilder().setValue(value).build();
    }

    private static TaskStatus status(String taskId) {
        return TaskStatus.newBuilder().setTaskId(id(taskId))
                .setState(org.apache.mesos.v1.Protos.TaskState.TASK_RUNNING).build();
    }

    @Test
    void withEverythingDurableACallGoesOutAtOnceOnTheCallersThread() {
        CompletableFuture<Void> answered = calls.killAsync(id("t1"), Optional.empty());
        assertThat(mesos.made).containsExactly(new RecordingCalls.Kill("t1"));
        assertThat(answered).isDone();
    }

    /** Held calls go out in the order they were made, even one made after its own commits were durable. */
    @Test
    void callsWaitForTheirCommitsAndKeepTheirOrder() throws Exception {
        CompletableFuture<Void> forced = new CompletableFuture<>();
        disk = forced;
        CompletableFuture<Void> kill = calls.killAsync(id("t1"), Optional.empty());
        CompletableFuture<Void> ack = calls.acknowledgeAsync(status("t2"));
        disk = CompletableFuture.completedFuture(null); // nothing new to force, but two calls are held before it
        CompletableFuture<Void> later = calls.killAsync(id("t3"), Optional.empty());
        Thread.sleep(50);
        assertThat(mesos.made).isEmpty();
        assertThat(List.of(kill, ack, later)).noneMatch(CompletableFuture::isDone);

        forced.complete(null);
        CompletableFuture.allOf(kill, ack, later).get(5, TimeUnit.SECONDS);
        assertThat(mesos.made).containsExactly(new RecordingCalls.Kill("t1"), new RecordingCalls.Ack("t2"),
                new RecordingCalls.Kill("t3"));
    }

    @Test
    void aCallWhoseCommitsCannotBeMadeDurableIsNotSent() {
        disk = CompletableFuture.failedFuture(new StateStoreException("the state file could not be forced (test)"));
        CompletableFuture<Void> kill = calls.killAsync(id("t1"), Optional.empty());
        assertThat(kill).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
                .havingCause().isInstanceOf(MesosCallException.class)
                .withMessageContaining("not sent").withMessageContaining("could not be forced (test)");
        assertThat(mesos.made).isEmpty();
    }

    /** The caller hears the master's answer, not just that the call was handed over. */
    @Test
    void aHeldCallsAnswerIsTheMastersAnswer() throws Exception {
        mesos.holdKills = true;
        CompletableFuture<Void> forced = new CompletableFuture<>();
        disk = forced;
        CompletableFuture<Void> kill = calls.killAsync(id("t1"), Optional.empty());
        forced.complete(null);
        assertThat(mesos.awaitOf(RecordingCalls.Kill.class, k -> !k.isEmpty())).hasSize(1);
        Thread.sleep(50);
        assertThat(kill).as("the master has not answered").isNotDone();
        mesos.heldKills.get(0).completeExceptionally(new MesosCallException("KILL failed: 503", 503, null));
        assertThat(kill).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
                .havingCause().withMessage("KILL failed: 503");
    }

    @Test
    void aCallThatWaitsForItsAnswerWaitsForItsCommitsFirst() throws Exception {
        CompletableFuture<Void> forced = new CompletableFuture<>();
        disk = forced;
        Thread caller = Thread.ofVirtual().start(() -> calls.kill(id("t1"), Optional.empty()));
        caller.join(Duration.ofMillis(100));
        assertThat(caller.isAlive()).isTrue();
        assertThat(mesos.made).isEmpty();
        forced.complete(null);
        caller.join(Duration.ofSeconds(5));
        assertThat(caller.isAlive()).isFalse();
        assertThat(mesos.made).containsExactly(new RecordingCalls.Kill("t1"));
    }
}
