package io.mesoscompose.scheduler;

import io.mesoscompose.state.ProjectRecord;
import io.mesoscompose.state.StateChange;
import io.mesoscompose.state.StateStore;
import io.mesoscompose.state.TaskRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A test StateStore in memory, also recording the order of commits. */
final class MemoryStore implements StateStore {
    private String frameworkId;
    private final Map<String, ProjectRecord> projects = new LinkedHashMap<>();
    private final Map<String, TaskRecord> tasks = new LinkedHashMap<>();
    final List<StateChange> log = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Runs first in every commit, on the committing thread: a test may hold the loop there, or throw to refuse it. */
    volatile java.util.function.Consumer<List<StateChange>> beforeCommit = changes -> { };

    /** The next commit that matches is refused once, as a store that failed to write. */
    void refuseOnce(java.util.function.Predicate<List<StateChange>> which) {
        beforeCommit = changes -> {
            if (which.test(changes)) {
                beforeCommit = c -> { };
                throw new IllegalStateException("the store refused the commit (test)");
            }
        };
    }

    @Override public synchronized Optional<String> frameworkId() { return Optional.ofNullable(frameworkId); }
    @Override public synchronized List<ProjectRecord> projects() { return List.copyOf(projects.values()); }
    @Override public synchronized Optional<ProjectRecord> project(String name) { return Optional.ofNullable(projects.get(name)); }
    @Override public synchronized List<TaskRecord> tasks() { return List.copyOf(tasks.values()); }
    @Override public synchronized List<TaskRecord> tasksOf(String project) {
        return tasks.values().stream().filter(t -> t.project().equals(project)).toList();
    }
    @Override public synchronized Optional<TaskRecord> task(String taskId) { return Optional.ofNullable(tasks.get(taskId)); }
    @Override public synchronized void commit(List<StateChange> changes) {
        beforeCommit.accept(changes);
        for (StateChange c : changes) {
            log.add(c);
            switch (c) {
                case StateChange.SetFrameworkId f -> frameworkId = f.frameworkId();
                case StateChange.ClearFrameworkId f -> frameworkId = null;
                case StateChange.PutProject p -> projects.put(p.project().name(), p.project());
                case StateChange.DeleteProject d -> projects.remove(d.name());
                case StateChange.PutTask t -> tasks.put(t.task().taskId(), t.task());
                case StateChange.DeleteTask d -> tasks.remove(d.taskId());
            }
        }
    }
    @Override public String describe() { return "memory"; }
    @Override public void close() { }

    List<TaskRecord> copyTasks() { return new ArrayList<>(tasks()); }
}
