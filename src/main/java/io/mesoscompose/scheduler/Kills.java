package io.mesoscompose.scheduler;

import io.mesoscompose.mesos.MesosCallException;
import io.mesoscompose.mesos.SchedulerCalls;
import io.mesoscompose.state.TaskRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.TaskID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the KILLs of the tasks the scheduler stops, without holding the loop: each is a call of its own (the v1 API
 * has no batch of them), pipelined on the call connection, at most {@link #WINDOW} unanswered; the rest go out in
 * the next steps as answers come (the loop is woken when there is room again). Taking down a project of 100,000
 * tasks waited for each answer in turn, and held the loop, and the operator's request, for more than 30 s.
 *
 * <p>A task still running {@link #RETRY} after its KILL is sent one again (the master forwards a KILL to the agent
 * and answers 202 at once; the TASK_KILLED comes from the agent, and a lost agent never sends it). After a new
 * subscription, every stopping task is sent one again ({@link #subscribed}). Loop thread only, but for the answers.
 */
final class Kills {

    private static final Logger LOG = LoggerFactory.getLogger(Kills.class);
    /** KILLs on the wire at most: enough to keep a busy master busy, few enough not to hold other calls long. */
    static final int WINDOW = 1024;
    static final Duration RETRY = Duration.ofSeconds(30);

    private final SchedulerCalls calls;
    private final Runnable wake;
    /** Stopping tasks whose KILL is to be sent, by ID, in order (loop thread only). */
    private final ArrayDeque<String> toSend = new ArrayDeque<>();
    /** KILLs sent, oldest first, to be sent again after {@link #RETRY} to tasks still running (loop thread only). */
    private final ArrayDeque<Sent> sent = new ArrayDeque<>();
    private final AtomicInteger unanswered = new AtomicInteger();
    /** Set while tasks wait for room in the window; cleared by the answer that wakes the loop. */
    private volatile boolean waitingForRoom;
    /** Whether the last KILL failed: a run of failures is logged once. */
    private volatile boolean failing;

    /** @param wake run (on the thread of an answer) when tasks waited for room in the window and there is some */
    Kills(SchedulerCalls calls, Runnable wake) {
        this.calls = calls;
        this.wake = wake;
    }

    private record Sent(String taskId, Instant at) {}

    /** Tasks the scheduler has just asked to stop (desired KILL): their KILLs go out with the next {@link #send}. */
    void stopping(Collection<TaskRecord> tasks) {
        tasks.forEach(t -> toSend.addLast(t.taskId()));
    }

    /**
     * Sends the KILLs due while there is room: those of tasks still stopping {@link #RETRY} after their last one, and
     * those not sent yet. A step costs the KILLs it sends, not a look at every stopping task.
     *
     * @param current a task as it is now (empty: forgotten); one that has ended, or is no longer to be killed, is
     *                skipped
     */
    void send(Instant now, Function<String, Optional<TaskRecord>> current) {
        while (!sent.isEmpty() && !now.isBefore(sent.peekFirst().at().plus(RETRY))) {
            String id = sent.pollFirst().taskId();
            if (current.apply(id).filter(Kills::stillStopping).isPresent()) {
                toSend.addLast(id);
            }
        }
        while (!toSend.isEmpty()) {
            if (unanswered.get() >= WINDOW) {
                waitingForRoom = true;
                if (unanswered.get() >= WINDOW) {
                    return; // the answer that makes room wakes the loop
                }
            }
            Optional<TaskRecord> found = current.apply(toSend.pollFirst()).filter(Kills::stillStopping);
            if (found.isPresent()) {
                TaskRecord t = found.get();
                sent.addLast(new Sent(t.taskId(), now));
                call(TaskID.newBuilder().setValue(t.taskId()).build(),
                        t.agentId().map(a -> AgentID.newBuilder().setValue(a).build()), true);
            }
        }
    }

    private static boolean stillStopping(TaskRecord t) {
        return t.desired() == TaskRecord.Desired.KILL && !TaskStates.terminal(t.state());
    }

    /**
     * A KILL for a task the scheduler does not track (one the master reports and nobody wants), sent at once and not
     * again: the master reports the task again (at the next reconciliation at the latest), and that sends another.
     */
    void kill(TaskID task, Optional<AgentID> agent) {
        call(task, agent, false);
    }

    private void call(TaskID task, Optional<AgentID> agent, boolean tracked) {
        unanswered.incrementAndGet();
        CompletableFuture<Void> answer;
        try {
            answer = calls.killAsync(task, agent);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((ok, failure) -> answered(task, failure, tracked));
    }

    private void answered(TaskID task, Throwable failure, boolean tracked) {
        unanswered.decrementAndGet();
        if (waitingForRoom) {
            waitingForRoom = false;
            wake.run();
        }
        if (failure == null) {
            failing = false;
            return;
        }
        Throwable cause = Failures.unwrapped(failure);
        if (!tracked) {
            LOG.warn("KILL of task {}, which the framework does not want, not sent ({}); another is sent when the master"
                    + " reports the task again", task.getValue(), describe(cause));
            return;
        }
        if (!failing) {
            LOG.warn("KILLs not sent ({}); sent again after {} or the next subscription",
                    describe(cause), RETRY);
        }
        failing = true;
        LOG.debug("KILL of {} not sent: {}", task.getValue(), cause.getMessage());
    }

    /** A new subscription: every task still stopping is sent a KILL again, and nothing else. */
    void subscribed(Collection<TaskRecord> stopping) {
        toSend.clear();
        sent.clear();
        stopping(stopping);
    }

    private static String describe(Throwable cause) {
        return cause instanceof MesosCallException e ? e.getMessage() : cause.toString();
    }

    /** KILLs sent and not answered yet. */
    int unanswered() {
        return unanswered.get();
    }
}
