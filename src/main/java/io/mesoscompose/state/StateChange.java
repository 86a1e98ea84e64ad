package io.mesoscompose.state;

/** One change inside an atomic {@link StateStore#commit}. */
public sealed interface StateChange {
    record SetFrameworkId(String frameworkId) implements StateChange {}

    /** Forget the framework ID: the next start registers as a new framework. */
    record ClearFrameworkId() implements StateChange {}

    record PutProject(ProjectRecord project) implements StateChange {}

    record DeleteProject(String name) implements StateChange {}

    record PutTask(TaskRecord task) implements StateChange {}

    record DeleteTask(String taskId) implements StateChange {}
}
