package io.mesoscompose.simulator;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ScheduledFuture;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;

/**
 * One launched task. Its status updates wait in {@code pending}: the head is sent and re-sent until acknowledged,
 * then the next one goes out, as the agent's status update manager does.
 */
final class SimTask {
    final String frameworkId;
    final String agentId;
    final TaskInfo info;
    final SimResources resources;
    TaskState state = TaskState.TASK_STAGING;
    TaskStatus lastStatus;
    final Deque<TaskStatus> pending = new ArrayDeque<>();
    ScheduledFuture<?> retry;
    ScheduledFuture<?> scriptStep;

    SimTask(String frameworkId, String agentId, TaskInfo info, SimResources resources) {
        this.frameworkId = frameworkId;
        this.agentId = agentId;
        this.info = info;
        this.resources = resources;
    }

    String id() {
        return info.getTaskId().getValue();
    }

    boolean terminal() {
        return switch (state) {
            case TASK_FINISHED, TASK_FAILED, TASK_KILLED, TASK_ERROR, TASK_LOST, TASK_DROPPED, TASK_GONE,
                    TASK_GONE_BY_OPERATOR -> true;
            default -> false;
        };
    }
}
