package io.mesoscompose.simulator;

import org.apache.mesos.v1.Protos.FrameworkInfo.Capability;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.TaskStatus.Reason;
import org.apache.mesos.v1.Protos.TaskStatus.Source;
import org.apache.mesos.v1.scheduler.Protos.Call;

/**
 * RECONCILE as docs/reconciliation.md describes: answers come from the master (source MASTER, reason
 * RECONCILIATION, no uuid, so nothing to acknowledge). Explicit: one answer per task asked about; implicit (no
 * tasks): the latest state of every task the master knows for the framework.
 */
final class Reconciliation {

    private Reconciliation() {}

    static void answer(ClusterState c, SimFramework f, Call.Reconcile reconcile) {
        if (reconcile.getTasksCount() == 0) {
            for (SimTask t : c.tasksOf(f.id)) {
                c.deliver(f.id, known(t));
            }
            return;
        }
        boolean partitionAware = f.hasCapability(Capability.Type.PARTITION_AWARE);
        for (Call.Reconcile.Task asked : reconcile.getTasksList()) {
            String taskId = asked.getTaskId().getValue();
            SimTask t = c.tasks.get(taskId);
            if (t != null && t.frameworkId.equals(f.id)) {
                c.deliver(f.id, known(t));
                continue;
            }
            String agentId = asked.hasAgentId() ? asked.getAgentId().getValue() : null;
            ClusterState.AgentHealth health = agentId == null ? null : c.agentHealth.get(agentId);
            TaskState state;
            if (health == ClusterState.AgentHealth.GONE) {
                state = partitionAware ? TaskState.TASK_GONE_BY_OPERATOR : TaskState.TASK_LOST;
            } else if (health == ClusterState.AgentHealth.UNREACHABLE) {
                state = partitionAware ? TaskState.TASK_UNREACHABLE : TaskState.TASK_LOST;
            } else if (health == ClusterState.AgentHealth.ACTIVE) {
                state = partitionAware ? TaskState.TASK_GONE : TaskState.TASK_LOST;
            } else {
                state = partitionAware ? TaskState.TASK_UNKNOWN : TaskState.TASK_LOST;
            }
            c.deliver(f.id, ClusterState.status(taskId, agentId, state, Source.SOURCE_MASTER,
                    Reason.REASON_RECONCILIATION, "Reconciliation: task is unknown").build());
        }
    }

    private static TaskStatus known(SimTask t) {
        return ClusterState.status(t.id(), t.agentId, t.state, Source.SOURCE_MASTER, Reason.REASON_RECONCILIATION,
                "Reconciliation: latest task state").build();
    }
}
