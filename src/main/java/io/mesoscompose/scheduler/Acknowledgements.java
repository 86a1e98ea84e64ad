package io.mesoscompose.scheduler;

import com.google.protobuf.ByteString;
import io.mesoscompose.mesos.MesosCallException;
import io.mesoscompose.mesos.SchedulerCalls;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the acknowledgements of status updates without holding the loop: each one is an ACKNOWLEDGE call of its own
 * (the v1 API has no batch of them), and a launch of many tasks makes two per task. Up to {@link #WINDOW} are on
 * the wire at once, pipelined on the call connection; an answer lets the next one go. A window, not one thread per
 * call: a master answers a pipelined call only after those before it (an ACCEPT of many tasks among them), so a
 * few calls in flight cannot keep up with a large launch. And they must keep up: an agent sends the next update of
 * a task only once the one before is acknowledged (src/slave/task_status_update_manager.cpp), and sends an
 * unacknowledged one again after 10 s ({@code STATUS_UPDATE_RETRY_INTERVAL_MIN}, src/slave/constants.hpp), then
 * after 20, 40, ... up to 10 min.
 *
 * <p>They are handed over only after the batch's updates are stored ({@link UpdateBatch}); order does not matter to
 * the master, and one not sent is sent again by the master.
 */
final class Acknowledgements implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Acknowledgements.class);
    /** Acknowledgements on the wire at most: enough for a busy master, few enough not to hold other calls long. */
    static final int WINDOW = 512;

    /**
     * Acknowledgements waiting (queued or on the wire) above which launching pauses ({@link #backlogged()}): each
     * task launched brings two more, and while they wait longer than 10 s agents send the updates again, which
     * doubles the work of master and framework alike and makes the wait longer still.
     */
    static final int BACKLOG = 8 * WINDOW;

    private final SchedulerCalls calls;
    private final Runnable wake;
    /** Set when {@link #backlogged()} said yes; cleared by the answer that brings the backlog down and wakes. */
    private boolean wakeWhenDown; // guarded by queue
    private final Deque<TaskStatus> queue = new ArrayDeque<>(); // guarded by itself
    /**
     * The uuids queued or on the wire: an update the agent sends again meanwhile (unacknowledged for 10 s) is
     * acknowledged once, not once per copy — a backlog would otherwise grow with the copies it causes.
     */
    private final Set<ByteString> pending = new HashSet<>(); // guarded by queue
    private int inFlight; // guarded by queue
    private boolean closed; // guarded by queue
    /** Drains running or wanted (a completion while one runs is taken by the running one, not recursed into). */
    private final AtomicInteger draining = new AtomicInteger();
    /** Whether the last acknowledgement failed: a run of failures is logged once. */
    private volatile boolean failing;

    /**
     * @param wake run (on the thread of an answer) when a backlog {@link #backlogged()} reported is down to half
     */
    Acknowledgements(SchedulerCalls calls, Runnable wake) {
        this.calls = calls;
        this.wake = wake;
    }

    /** Sends every status in the background. */
    void send(List<TaskStatus> statuses) {
        synchronized (queue) {
            if (closed) {
                return;
            }
            for (TaskStatus s : statuses) {
                if (pending.add(s.getUuid())) {
                    queue.addLast(needed(s));
                }
            }
        }
        drain();
    }

    /**
     * What an ACKNOWLEDGE needs of a status (its task, agent and uuid; the state, which a status must have): up to
     * {@link #BACKLOG} updates wait here, longer when the master is slow, and each whole status (container status,
     * network addresses, labels, message...) would wait with them.
     */
    static TaskStatus needed(TaskStatus s) {
        TaskStatus.Builder b = TaskStatus.newBuilder().setTaskId(s.getTaskId()).setState(s.getState())
                .setUuid(s.getUuid());
        if (s.hasAgentId()) {
            b.setAgentId(s.getAgentId());
        }
        return b.build();
    }

    /** Puts queued acknowledgements on the wire while the window has room. */
    private void drain() {
        if (draining.getAndIncrement() != 0) {
            return;
        }
        int wanted = 1;
        do {
            while (true) {
                TaskStatus next;
                synchronized (queue) {
                    if (inFlight >= WINDOW || (next = queue.pollFirst()) == null) {
                        break;
                    }
                    inFlight++;
                }
                calls.acknowledgeAsync(next).whenComplete((ok, failure) -> answered(next, failure));
            }
            wanted = draining.addAndGet(-wanted);
        } while (wanted != 0);
    }

    private void answered(TaskStatus status, Throwable failure) {
        boolean down = false;
        synchronized (queue) {
            inFlight--;
            pending.remove(status.getUuid());
            if (inFlight == 0 && queue.isEmpty()) {
                queue.notifyAll();
            }
            if (wakeWhenDown && queue.size() + inFlight <= BACKLOG / 2) {
                wakeWhenDown = false;
                down = true;
            }
        }
        if (down) {
            wake.run();
        }
        if (failure == null) {
            failing = false;
        } else {
            if (!failing) {
                LOG.warn("acknowledgements not sent ({}); the master sends those updates again",
                        failure instanceof MesosCallException e ? e.getMessage() : failure.toString());
            }
            failing = true;
            LOG.debug("acknowledgement of {} not sent: {}", status.getTaskId().getValue(), failure.getMessage());
        }
        drain();
    }

    /** Acknowledgements queued and not yet answered. */
    int unanswered() {
        synchronized (queue) {
            return queue.size() + inFlight;
        }
    }

    /**
     * Whether more than {@link #BACKLOG} acknowledgements wait: launching should pause. When so, the answer that
     * brings them down to half runs the {@code wake} given.
     */
    boolean backlogged() {
        synchronized (queue) {
            if (closed || queue.size() + inFlight <= BACKLOG) {
                return false;
            }
            wakeWhenDown = true;
            return true;
        }
    }

    /**
     * Lets the acknowledgements queued be sent and answered (briefly), then stops: those left are dropped, and the
     * master sends their updates again.
     */
    @Override
    public void close() {
        long deadline = System.nanoTime() + 2_000_000_000L;
        synchronized (queue) {
            try {
                for (long left = deadline - System.nanoTime(); (inFlight > 0 || !queue.isEmpty()) && left > 0;
                     left = deadline - System.nanoTime()) {
                    queue.wait(Math.max(1, left / 1_000_000));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closed = true;
                queue.clear();
                pending.clear();
            }
        }
    }
}
