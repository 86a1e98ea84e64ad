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
 * <p>Updates of tasks starting and running (a launch's) are gathered over loop steps for up to {@link
 * SchedulerSettings#gatherUpdates} after the last write: a launch of 100,000 tasks brings thousands of updates a
 * second, a few per step, and a commit per step was 300-700 commits (and fsyncs) a second, half of the loop's time.
 * So are the updates of tasks the framework stopped (TASK_KILLING, then their end: a take-down of 100,000 tasks
 * committed at the loop's pace, 120-180 commits a second): the only thing decided on them that is stored is a
 * replacement's launch (a rolling update, a restart), and {@link #beforeLaunch} writes them first. Any other update
 * (a task failing or finishing on its own, lost, unreachable) is written with the step that brought it, before the
 * loop decides anything on it. Either way a replacement is never stored before the end of the task it replaces.
 */
final class UpdateBatch implements AutoCloseable {

    /** Updates that need not be written with their step are written at most this often, by default. */
    static final long GATHER_NANOS = 20_000_000;
    /** ... unless this many wait. */
    static final int GATHER_AT_MOST = 2_000;

    private final StateStore store;
    private final Acknowledgements acknowledgements;
    private final Set<String> unwritten = new LinkedHashSet<>();
    private final List<TaskStatus> unacknowledged = new ArrayList<>();
    /** Whether an update in the batch must be written with its step (see above). */
    private boolean urgent;
    /** Whether the batch holds an update of a task the framework stopped (see {@link #beforeLaunch}). */
    private boolean ofStopped;
    private final long gatherNanos;
    private long lastWrite;

    /** @param gatherNanos how long updates are gathered for ({@link SchedulerSettings#gatherUpdates}) */
    UpdateBatch(StateStore store, Acknowledgements acknowledgements, long gatherNanos) {
        this.store = store;
        this.acknowledgements = acknowledgements;
        this.gatherNanos = gatherNanos;
        this.lastWrite = System.nanoTime() - gatherNanos;
    }

    /**
     * The task's stored facts changed: write it with the batch. Its update is written with this step unless the task
     * is starting or running (TASK_STAGING, TASK_STARTING, TASK_RUNNING) or the framework stopped it.
     */
    void changed(TaskRecord now) {
        unwritten.add(now.taskId());
        String state = now.state();
        if (state.equals("TASK_RUNNING") || state.equals("TASK_STARTING") || state.equals("TASK_STAGING")) {
            return;
        }
        if (now.desired() == TaskRecord.Desired.KILL) {
            ofStopped = true;
        } else {
            urgent = true;
        }
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
     * Before task records are stored: the updates of stopped tasks gathered are written first (and acknowledged), as
     * one of those tasks may be the one the launch replaces. Otherwise as {@link #flush}.
     */
    long beforeLaunch(Map<String, TaskRecord> tasks, boolean subscribed) {
        urgent |= ofStopped;
        return flush(tasks, subscribed);
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
            long due = lastWrite + gatherNanos - System.nanoTime();
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
            ofStopped = false;
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
