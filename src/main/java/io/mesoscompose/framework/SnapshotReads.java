package io.mesoscompose.framework;

import io.mesoscompose.api.ComposeBackend;
import io.mesoscompose.api.model.PendingTask;
import io.mesoscompose.api.model.ProjectInfo;
import io.mesoscompose.api.model.ProjectStatus;
import io.mesoscompose.api.model.TaskView;
import io.mesoscompose.scheduler.SchedulerSnapshot;
import java.util.List;
import java.util.Optional;
import java.util.SortedMap;
import java.util.function.Supplier;

/**
 * The reads of {@link ComposeBackend}, answered from scheduler snapshots through {@link SnapshotViews}: the same for
 * the leader (its scheduler's snapshots) and a standby (the shared state it keeps loaded, where nothing is pending:
 * only the leader knows the offers).
 */
abstract class SnapshotReads implements ComposeBackend {

    private final SnapshotViews views;

    SnapshotReads(Supplier<SchedulerSnapshot> snapshots) {
        this.views = new SnapshotViews(snapshots);
    }

    @Override
    public List<ProjectInfo> projects() {
        return views.projects();
    }

    @Override
    public Optional<ProjectInfo> project(String name) {
        return views.project(name);
    }

    @Override
    public List<TaskView> tasks() {
        return views.tasks();
    }

    /** Counted per group of tasks, as {@link #status}: a scrape of {@code /metrics} does not make 100,000 views. */
    @Override
    public SortedMap<String, Long> taskCountsByState() {
        return views.taskCountsByState();
    }

    @Override
    public Optional<TaskView> task(String taskId) {
        return views.task(taskId);
    }

    @Override
    public List<PendingTask> pending() {
        return views.pending();
    }

    @Override
    public List<TaskView> tasksOf(String project) {
        return views.tasksOf(project);
    }

    @Override
    public List<PendingTask> pendingOf(String project) {
        return views.pendingOf(project);
    }

    /** Counted once per snapshot: while 100,000 tasks launch, every poll of {@code ps} would count them again. */
    @Override
    public ProjectStatus status(ProjectInfo project) {
        return views.status(project);
    }
}
