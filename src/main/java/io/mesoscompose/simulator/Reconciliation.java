package io.mesoscompose.simulator;

import java.util.Optional;
import org.apache.mesos.v1.Protos.FrameworkInfo.Capability;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.TaskStatus.Reason;
import org.apache.mesos.v1.Protos.TaskStatus.Source;
import org.apache.mesos.v1.scheduler.Protos.Call;

/**
 * RECONCILE as docs/reconciliation.md describes: answers come from the master (source MASTER, reason
 * RECONCILIATION, no uuid, so nothing to acknowledge). Explicit: one answer per task asked about; implicit (no
 * tasks): the latest state of every task the master knows for the framework. Called with the cluster lock held.
 */
final class Reconciliation {

    private Reconciliation() {}

    static void answer(ClusterState c, SimFramework f, Call.Reconcile reconcile) {
        if (reconcile.getTasksCount() == 0) {
            for (SimTask t : c.tasksOf(f.id)) {
                c.deliver(f.id, known(c, t));
            }
            return;
        }
        boolean partitionAware = f.hasCapability(Capability.Type.PARTITION_AWARE);
        for (Call.Reconcile.Task asked : reconcile.getTasksList()) {
            String taskId = asked.getTaskId().getValue();
            Optional<SimTask> t = c.task(f.id, taskId);
            if (t.isPresent()) {
                c.deliver(f.id, known(c, t.get()));
                continue;
            }
            Optional<String> agentId = asked.hasAgentId() ? Optional.of(asked.getAgentId().getValue())
                    : Optional.empty();
            Optional<SimAgentState.Health> health = agentId.flatMap(c::agent).map(SimAgentState::health);
            TaskState state;
            if (health.isEmpty()) {
                state = partitionAware ? TaskState.TASK_UNKNOWN : TaskState.TASK_LOST;
            } else {
                state = switch (health.get()) {
                    case GONE -> partitionAware ? TaskState.TASK_GONE_BY_OPERATOR : TaskState.TASK_LOST;
                    case UNREACHABLE -> partitionAware ? TaskState.TASK_UNREACHABLE : TaskState.TASK_LOST;
                    case ACTIVE -> partitionAware ? TaskState.TASK_GONE : TaskState.TASK_LOST;
                };
            }
            c.deliver(f.id, c.masterStatus(taskId, agentId, state, Source.SOURCE_MASTER,
                    Optional.of(Reason.REASON_RECONCILIATION), Optional.of("Reconciliation: task is unknown")).build());
        }
    }

    private static TaskStatus known(ClusterState c, SimTask t) {
        TaskStatus.Builder s = c.masterStatus(t.id(), Optional.of(t.agentId), t.state(), Source.SOURCE_MASTER,
                Optional.of(Reason.REASON_RECONCILIATION), Optional.of("Reconciliation: latest task state"));
        t.statuses().stream().reduce((a, b) -> b).filter(TaskStatus::hasHealthy)
                .ifPresent(last -> s.setHealthy(last.getHealthy()));
        return s.build();
    }
}
