package io.mesoscompose.state;

import java.util.List;
import java.util.Optional;

/**
 * The framework's durable memory: its framework ID, the projects it was given, and every task it launched.
 * Implementations: an embedded store (default, no server), Redis and ZooKeeper; all pass the same contract tests.
 * Redis and ZooKeeper can also be shared by highly available instances ({@link SharedStateStore}).
 *
 * <p>Reads return what the last successful {@link #commit} wrote. A commit is atomic: after a crash at any point,
 * either all of its changes are there or none. Values hold no secret in clear text (only Vault references).
 */
public interface StateStore extends AutoCloseable {

    /**
     * The layout version this code writes to Redis and ZooKeeper (the embedded store has its own, as its task records
     * changed form); stores written by older versions are migrated on open.
     */
    int SCHEMA_VERSION = 1;

    Optional<String> frameworkId();

    List<ProjectRecord> projects();

    Optional<ProjectRecord> project(String name);

    List<TaskRecord> tasks();

    List<TaskRecord> tasksOf(String project);

    Optional<TaskRecord> task(String taskId);

    /** Applies all changes atomically and durably (fsync'd or acknowledged by the server) before returning. */
    void commit(List<StateChange> changes);

    default void commit(StateChange... changes) {
        commit(List.of(changes));
    }

    /** A short description for logs, such as {@code embedded:/var/lib/mesos-compose} or {@code redis://host:6379/1}. */
    String describe();

    @Override
    void close();
}
