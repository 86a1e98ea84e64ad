package io.mesoscompose.scheduler;

import io.mesoscompose.mesos.MesosCallException;
import io.mesoscompose.mesos.SchedulerCalls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the acknowledgements of a batch of status updates in parallel, without holding the loop: each one is an HTTP
 * call to the master, and waiting for a burst of them (a restart with thousands of unacknowledged updates, or the
 * updates of a large launch) would hold every other step. They are handed over only after the batch's updates are
 * stored ({@link UpdateBatch}); order does not matter to the master, and one not sent is sent again by the master.
 */
final class Acknowledgements implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Acknowledgements.class);
    private static final int IN_FLIGHT = 32;
    private static final TaskStatus STOP = TaskStatus.getDefaultInstance();

    private final SchedulerCalls calls;
    private final BlockingQueue<TaskStatus> queue = new LinkedBlockingQueue<>();
    private final List<Thread> senders = new ArrayList<>();
    /** Whether the last acknowledgement failed: a run of failures is logged once. */
    private volatile boolean failing;

    Acknowledgements(SchedulerCalls calls) {
        this.calls = calls;
        for (int i = 0; i < IN_FLIGHT; i++) {
            senders.add(Thread.ofVirtual().name("acknowledgements-" + i).start(this::run));
        }
    }

    /** Sends every status in the background. */
    void send(List<TaskStatus> statuses) {
        queue.addAll(statuses);
    }

    private void run() {
        while (true) {
            TaskStatus status;
            try {
                status = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (status == STOP) {
                queue.add(STOP); // for the next sender
                return;
            }
            sendOne(status);
        }
    }

    private void sendOne(TaskStatus status) {
        try {
            calls.acknowledge(status);
            failing = false;
        } catch (MesosCallException e) {
            if (!failing) {
                LOG.warn("acknowledgements not sent ({}); the master sends those updates again", e.getMessage());
            }
            failing = true;
            LOG.debug("acknowledgement of {} not sent: {}", status.getTaskId().getValue(), e.getMessage());
        }
    }

    /** Lets the acknowledgements queued be sent (briefly), then stops. */
    @Override
    public void close() {
        queue.add(STOP);
        long deadline = System.nanoTime() + 2_000_000_000L;
        for (Thread t : senders) {
            try {
                if (!t.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())))) {
                    t.interrupt();
                }
            } catch (InterruptedException e) {
                senders.forEach(Thread::interrupt);
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
