package io.mesoscompose.simulator;

import java.util.Optional;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus.Reason;
import org.apache.mesos.v1.Protos.TaskStatus.Source;

/** One status an agent or executor reports for a task (sent reliably, with a uuid). */
record StatusChange(TaskState state, Source source, Optional<Reason> reason, Optional<String> message,
        Optional<Boolean> healthy) {

    /** From the executor, nothing more to say. */
    static StatusChange executor(TaskState state) {
        return new StatusChange(state, Source.SOURCE_EXECUTOR, Optional.empty(), Optional.empty(), Optional.empty());
    }

    static StatusChange executor(TaskState state, String message) {
        return new StatusChange(state, Source.SOURCE_EXECUTOR, Optional.empty(), Optional.of(message),
                Optional.empty());
    }

    static StatusChange agent(TaskState state, Reason reason, String message) {
        return new StatusChange(state, Source.SOURCE_AGENT, Optional.of(reason), Optional.of(message),
                Optional.empty());
    }

    /** A health check result, as executors report it: TASK_RUNNING with {@code healthy} and its reason. */
    static StatusChange health(boolean healthy) {
        return new StatusChange(TaskState.TASK_RUNNING, Source.SOURCE_EXECUTOR,
                Optional.of(Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED), Optional.empty(), Optional.of(healthy));
    }

    StatusChange withHealthy(boolean h) {
        return new StatusChange(state, source, reason, message, Optional.of(h));
    }

    StatusChange withReason(Reason r) {
        return new StatusChange(state, source, Optional.of(r), message, healthy);
    }
}
