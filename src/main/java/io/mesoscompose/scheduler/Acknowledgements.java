package io.mesoscompose.scheduler;

import io.mesoscompose.mesos.MesosCallException;
import io.mesoscompose.mesos.SchedulerCalls;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the acknowledgements of a batch of status updates in parallel and waits for all of them. Each one is an
 * HTTP call to the master; one after the other they would bound a burst of updates (a restart with thousands of
 * unacknowledged updates) to one round trip per task. Order does not matter to the master.
 */
final class Acknowledgements implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Acknowledgements.class);
    private static final int IN_FLIGHT = 32;

    private final SchedulerCalls calls;
    private final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore slots = new Semaphore(IN_FLIGHT);

    Acknowledgements(SchedulerCalls calls) {
        this.calls = calls;
    }

    /** Acknowledges every status; failures (the connection dropped) are logged once: the master sends them again. */
    void send(List<TaskStatus> statuses) {
        List<Future<Boolean>> sent = new ArrayList<>(statuses.size());
        for (TaskStatus status : statuses) {
            slots.acquireUninterruptibly();
            sent.add(pool.submit(() -> {
                try {
                    return sendOne(status);
                } finally {
                    slots.release();
                }
            }));
        }
        long failed = 0;
        for (Future<Boolean> f : sent) {
            try {
                failed += f.get() ? 0 : 1;
            } catch (InterruptedException e) {
                sent.forEach(pending -> pending.cancel(true));
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                failed++;
            }
        }
        if (failed > 0) {
            LOG.warn("{} of {} acknowledgements not sent; the master sends those updates again", failed, statuses.size());
        }
    }

    private boolean sendOne(TaskStatus status) {
        try {
            calls.acknowledge(status);
            return true;
        } catch (MesosCallException e) {
            LOG.debug("acknowledgement of {} not sent: {}", status.getTaskId().getValue(), e.getMessage());
            return false;
        }
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
