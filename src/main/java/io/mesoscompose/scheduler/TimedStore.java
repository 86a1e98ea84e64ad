package io.mesoscompose.scheduler;

import io.mesoscompose.state.ProjectRecord;
import io.mesoscompose.state.StateChange;
import io.mesoscompose.state.StateStore;
import io.mesoscompose.state.TaskRecord;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler's store, each commit timed ({@link SchedulerMetrics#commit}): the loop waits for every commit it makes
 * (an fsync of the embedded store, a round trip to Redis or ZooKeeper), and so does the operator whose request is
 * in that step. A slow disk shows here first, so a commit of {@link #SLOW_NANOS} or more is also logged, with the time
 * it took: at most one line every {@link #REPORT_EVERY_NANOS}, which counts those since the last. Reads and the rest
 * go to the store as they are.
 */
final class TimedStore implements StateStore {

    private static final Logger LOG = LoggerFactory.getLogger(TimedStore.class);
    /** A commit this slow is logged: the API's target is an answer within 100 ms, and a request waited for it. */
    static final long SLOW_NANOS = 100_000_000;
    static final long REPORT_EVERY_NANOS = 10_000_000_000L;

    private final StateStore store;
    private final SchedulerMetrics metrics;
    private final LongSupplier nanoTime;
    private long lastReport;
    private boolean reported;
    private int slowSinceReport;

    TimedStore(StateStore store, SchedulerMetrics metrics) {
        this(store, metrics, System::nanoTime);
    }

    TimedStore(StateStore store, SchedulerMetrics metrics, LongSupplier nanoTime) {
        this.store = store;
        this.metrics = metrics;
        this.nanoTime = nanoTime;
    }

    @Override
    public void commit(List<StateChange> changes) {
        long start = nanoTime.getAsLong();
        store.commit(changes);
        long end = nanoTime.getAsLong();
        metrics.commit(end - start);
        if (end - start >= SLOW_NANOS) {
            slow(changes.size(), end - start, end);
        }
    }

    private synchronized void slow(int changes, long nanos, long now) {
        if (reported && now - lastReport < REPORT_EVERY_NANOS) {
            slowSinceReport++;
            return;
        }
        LOG.warn("the state store took {} ms to commit {}: the scheduler loop, and any request in its step, waited"
                + " for it{}", nanos / 1_000_000, changes == 1 ? "1 change" : changes + " changes",
                slowSinceReport == 0 ? ""
                        : " (" + slowSinceReport + " more of 100 ms or more since the last such line)");
        reported = true;
        lastReport = now;
        slowSinceReport = 0;
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
