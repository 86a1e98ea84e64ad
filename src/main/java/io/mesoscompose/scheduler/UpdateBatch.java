package io.mesoscompose.scheduler;

import io.mesoscompose.state.StateChange;
import io.mesoscompose.state.StateStore;
import io.mesoscompose.state.TaskRecord;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * The status updates of one loop batch: what changed is written in one commit (one fsync for a whole burst, e.g.
 * a reconciliation of thousands of tasks), and only then are the updates acknowledged — an update is acknowledged
 * once what it says is stored, so a crash in between makes the master send it again.
 *
 * <p>Updates of tasks starting and running (a launch's) are gathered over loop steps for up to {@link #GATHER_NANOS}
 * after the last write: a launch of 100,000 tasks brings thousands of updates a second, a few per step, and a
 * commit per step was 300-700 commits (and fsyncs) a second, half of the loop's time. Any other update (a task
 * ending, lost, unreachable) is written with the step that brought it, before the loop decides anything on it — a
 * replacement is never stored before the end of the task it replaces.
 */
final class UpdateBatch implements AutoCloseable {

    /** Updates of starting and running tasks are written at most this often (and acknowledged then). */
    static final long GATHER_NANOS = 20_000_000;
    /** ... unless this many wait. */
    static final int GATHER_AT_MOST = 2_000;

    private final StateStore store;
    private final Acknowledgements acknowledgements;
    private final Set<String> unwritten = new LinkedHashSet<>();
    private final List<TaskStatus> unacknowledged = new ArrayList<>();
    /** Whether an update in the batch must be written with its step (see above). */
    private boolean urgent;
    private long lastWrite = System.nanoTime() - GATHER_NANOS;

    UpdateBatch(StateStore store, Acknowledgements acknowledgements) {
        this.store = store;
        this.acknowledgements = acknowledgements;
    }

    /**
     * The task's stored facts changed: write it with the batch.
     *
     * @param state the task's state now: one but TASK_STAGING, TASK_STARTING or TASK_RUNNING is written with this step
     */
    void changed(String taskId, String state) {
        unwritten.add(taskId);
        urgent |= !(state.equals("TASK_RUNNING") || state.equals("TASK_STARTING") || state.equals("TASK_STAGING"));
    }

    /** Acknowledge this update after the batch is written (updates without a uuid need none). */
    void acknowledgeLater(TaskStatus status) {
        if (status.hasUuid()) {
            unacknowledged.add(status);
        }
    }

    /** The next {@link #flush} writes what is gathered, however recent the last write. */
    void writeNow() {
        urgent = true;
    }

    /**
     * Writes the changed tasks as they are now (so a later change in the same batch, such as a kill decided
     * meanwhile, is what gets written), then acknowledges. Not subscribed: the updates were queued before the
     * connection dropped, and the master sends every unacknowledged update again after the next SUBSCRIBE.
     * A failed commit keeps everything for the next batch, unacknowledged.
     *
     * @return 0 when done; otherwise the nanoseconds after which the updates gathered must be written (a call then
     *         writes them)
     */
    long flush(Map<String, TaskRecord> tasks, boolean subscribed) {
        if (unwritten.isEmpty()) {
            urgent = false; // a barrier's wish to write what is gathered: nothing is
        } else {
            long due = lastWrite + GATHER_NANOS - System.nanoTime();
            if (!urgent && due > 0 && unwritten.size() < GATHER_AT_MOST) {
                return due;
            }
            List<StateChange> changes = new ArrayList<>();
            for (String id : unwritten) {
                TaskRecord current = tasks.get(id);
                if (current != null) {
                    changes.add(new StateChange.PutTask(current));
                }
            }
            store.commit(changes);
            lastWrite = System.nanoTime();
            unwritten.clear();
            urgent = false;
        }
        if (subscribed && !unacknowledged.isEmpty()) {
            acknowledgements.send(unacknowledged);
        }
        unacknowledged.clear();
        return 0;
    }

    @Override
    public void close() {
        acknowledgements.close();
    }
}
