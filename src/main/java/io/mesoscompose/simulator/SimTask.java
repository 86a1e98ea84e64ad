package io.mesoscompose.simulator;

import com.google.protobuf.ByteString;
import io.mesoscompose.simulator.validation.MesosResources;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledFuture;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * One launched task. Its status updates wait in {@code pending}: the head is sent and re-sent until acknowledged,
 * then the next one goes out, as the agent's status update manager does. Guarded by the {@link ClusterState} lock.
 */
final class SimTask {

    final String frameworkId;
    final String agentId;
    final TaskInfo info;
    /** The task's own resources, as launched (allocated). */
    final MesosResources resources;
    final SimExecutor executor;
    private TaskState state = TaskState.TASK_STAGING;
    /** Every status sent for the task, oldest first (the master's {@code Task.statuses}). */
    private final List<TaskStatus> statuses = new ArrayList<>();
    private final Deque<TaskStatus> pending = new ArrayDeque<>();
    private Optional<ScheduledFuture<?>> retry = Optional.empty();
    /** Timers of its script (exit, health checks); cancelled when the task ends. */
    private final List<ScheduledFuture<?>> scriptSteps = new ArrayList<>();

    SimTask(String frameworkId, String agentId, TaskInfo info, MesosResources resources, SimExecutor executor) {
        this.frameworkId = frameworkId;
        this.agentId = agentId;
        this.info = info;
        this.resources = resources;
        this.executor = executor;
    }

    String id() {
        return info.getTaskId().getValue();
    }

    TaskState state() {
        return state;
    }

    /** A state the master sets itself (agent lost or back): no update queued. */
    void setState(TaskState s) {
        state = s;
    }

    boolean terminal() {
        return TaskRunner.terminal(state);
    }

    List<TaskStatus> statuses() {
        return List.copyOf(statuses);
    }

    /** The last status sent for the task, if any (without copying the list). */
    Optional<TaskStatus> lastStatus() {
        return statuses.isEmpty() ? Optional.empty() : Optional.of(statuses.get(statuses.size() - 1));
    }

    /** Records a status and queues it; true when it is the only one waiting (to be sent now). */
    boolean queue(TaskStatus status) {
        state = status.getState();
        statuses.add(status);
        pending.addLast(status);
        return pending.size() == 1;
    }

    Optional<TaskStatus> head() {
        return Optional.ofNullable(pending.peekFirst());
    }

    /** Drops the head if it is {@code uuid}'s status; true if it was. */
    boolean acknowledged(ByteString uuid) {
        TaskStatus head = pending.peekFirst();
        if (head == null || !head.getUuid().equals(uuid)) {
            return false;
        }
        pending.removeFirst();
        retry.ifPresent(f -> f.cancel(false));
        retry = Optional.empty();
        return true;
    }

    boolean nothingPending() {
        return pending.isEmpty();
    }

    void retryWith(ScheduledFuture<?> f) {
        retry = Optional.of(f);
    }

    void step(ScheduledFuture<?> f) {
        scriptSteps.add(f);
    }

    /** Stops its script and its re-sending (the task is gone). */
    void stopTimers() {
        scriptSteps.forEach(f -> f.cancel(false));
        scriptSteps.clear();
        retry.ifPresent(f -> f.cancel(false));
        retry = Optional.empty();
    }

    void stopScript() {
        scriptSteps.forEach(f -> f.cancel(false));
        scriptSteps.clear();
    }
}
