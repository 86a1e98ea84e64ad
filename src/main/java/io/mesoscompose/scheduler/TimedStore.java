package io.mesoscompose.scheduler;

import io.mesoscompose.state.ProjectRecord;
import io.mesoscompose.state.StateChange;
import io.mesoscompose.state.StateStore;
import io.mesoscompose.state.TaskRecord;
import java.util.List;
import java.util.Optional;

/**
 * The scheduler's store, each commit timed ({@link SchedulerMetrics#commit}): the loop waits for every commit it makes
 * (an fsync of the embedded store, a round trip to Redis or ZooKeeper), and so does the operator whose request is
 * in that step. A slow disk shows here first. Reads and the rest go to the store as they are.
 */
final class TimedStore implements StateStore {

    private final StateStore store;
    private final SchedulerMetrics metrics;

    TimedStore(StateStore store, SchedulerMetrics metrics) {
        this.store = store;
        this.metrics = metrics;
    }

    @Override
    public void commit(List<StateChange> changes) {
        long start = System.nanoTime();
        store.commit(changes);
        metrics.commit(System.nanoTime() - start);
    }

    @Override public Optional<String> frameworkId() { return store.frameworkId(); }
    @Override public List<ProjectRecord> projects() { return store.projects(); }
    @Override public Optional<ProjectRecord> project(String name) { return store.project(name); }
    @Override public List<TaskRecord> tasks() { return store.tasks(); }
    @Override public List<TaskRecord> tasksOf(String project) { return store.tasksOf(project); }
    @Override public Optional<TaskRecord> task(String taskId) { return store.task(taskId); }
    @Override public String describe() { return store.describe(); }
    @Override public void close() { store.close(); }
}
