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
 */
final class UpdateBatch implements AutoCloseable {

    private final StateStore store;
    private final Acknowledgements acknowledgements;
    private final Set<String> unwritten = new LinkedHashSet<>();
    private final List<TaskStatus> unacknowledged = new ArrayList<>();

    UpdateBatch(StateStore store, Acknowledgements acknowledgements) {
        this.store = store;
        this.acknowledgements = acknowledgements;
    }

    /** The task's stored facts changed: write it with the batch. */
    void changed(String taskId) {
        unwritten.add(taskId);
    }

    /** Acknowledge this update after the batch is written (updates without a uuid need none). */
    void acknowledgeLater(TaskStatus status) {
        if (status.hasUuid()) {
            unacknowledged.add(status);
        }
    }

    /**
     * Writes the changed tasks as they are now (so a later change in the same batch, such as a kill decided
     * meanwhile, is what gets written), then acknowledges. Not subscribed: the updates were queued before the
     * connection dropped, and the master sends every unacknowledged update again after the next SUBSCRIBE.
     * A failed commit keeps everything for the next batch, unacknowledged.
     */
    void flush(Map<String, TaskRecord> tasks, boolean subscribed) {
        if (!unwritten.isEmpty()) {
            List<StateChange> changes = new ArrayList<>();
            for (String id : unwritten) {
                TaskRecord current = tasks.get(id);
                if (current != null) {
                    changes.add(new StateChange.PutTask(current));
                }
            }
            store.commit(changes);
            unwritten.clear();
        }
        if (subscribed && !unacknowledged.isEmpty()) {
            acknowledgements.send(unacknowledged);
        }
        unacknowledged.clear();
    }

    @Override
    public void close() {
        acknowledgements.close();
    }
}
