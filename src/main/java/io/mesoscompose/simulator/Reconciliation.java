package io.mesoscompose.simulator;

import java.util.Optional;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkInfo.Capability;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.TaskStatus.Reason;
import org.apache.mesos.v1.Protos.TaskStatus.Source;
import org.apache.mesos.v1.scheduler.Protos.Call;

/**
 * RECONCILE as the master answers it ({@code Master::reconcile}, src/master/master.cpp): answers come from the
 * master (source MASTER, reason RECONCILIATION, no uuid, so nothing to acknowledge). Explicit: one answer per task
 * asked about, by the cases the master lists; implicit (no tasks): the latest state of every task the master knows
 * for the framework. All answers of one call carry one timestamp (the master's clock does not move within the
 * call). Called with the cluster lock held.
 */
final class Reconciliation {

    /** The messages of {@code Master::reconcile}, word for word. */
    static final String LATEST = "Reconciliation: Latest task state";
    static final String UNKNOWN_TO_AGENT = "Reconciliation: Task is unknown to the agent";
    static final String UNREACHABLE = "Reconciliation: Task is unreachable";
    static final String GONE = "Reconciliation: Task is gone";
    static final String UNKNOWN = "Reconciliation: Task is unknown";

    private Reconciliation() {}

    static void answer(ClusterState c, SimFramework f, Call.Reconcile reconcile) {
        double timestamp = c.now().toEpochMilli() / 1000.0;
        if (reconcile.getTasksCount() == 0) {
            for (SimTask t : c.tasksOf(f.id)) {
                c.deliver(f.id, known(t, timestamp));
            }
            return;
        }
        boolean partitionAware = f.hasCapability(Capability.Type.PARTITION_AWARE);
        for (Call.Reconcile.Task asked : reconcile.getTasksList()) {
            Optional<SimTask> t = c.task(f.id, asked.getTaskId().getValue());
            c.deliver(f.id, t.isPresent() ? known(t.get(), timestamp) : unknown(c, asked, partitionAware, timestamp));
        }
    }

    /**
     * Case (1): the task is known: its latest state, agent, executor (one the master tracks: not a command
     * executor) and the health of its last status ({@code protobuf::getTaskHealth}).
     */
    private static TaskStatus known(SimTask t, double timestamp) {
        TaskStatus.Builder s = status(t.info.getTaskId(), Optional.of(t.agentId), t.state(), LATEST, timestamp);
        if (!t.executor.generated) {
            s.setExecutorId(ExecutorID.newBuilder().setValue(t.executor.id()));
        }
        t.lastStatus().filter(TaskStatus::hasHealthy).ifPresent(last -> s.setHealthy(last.getHealthy()));
        return s.build();
    }

    /**
     * Cases (3) to (6): the task is unknown; the state and message follow what the master knows of the agent
     * asked about. TASK_LOST instead for a framework that is not PARTITION_AWARE.
     */
    private static TaskStatus unknown(ClusterState c, Call.Reconcile.Task asked, boolean partitionAware,
            double timestamp) {
        Optional<String> agentId = asked.hasAgentId() ? Optional.of(asked.getAgentId().getValue()) : Optional.empty();
        Unknown answer = agentId.flatMap(c::agent).map(a -> switch (a.health()) {
            case ACTIVE -> new Unknown(TaskState.TASK_GONE, UNKNOWN_TO_AGENT);
            case UNREACHABLE -> new Unknown(TaskState.TASK_UNREACHABLE, UNREACHABLE);
            case GONE -> new Unknown(TaskState.TASK_GONE_BY_OPERATOR, GONE);
        }).orElse(new Unknown(TaskState.TASK_UNKNOWN, UNKNOWN));
        return status(asked.getTaskId(), agentId, partitionAware ? answer.state() : TaskState.TASK_LOST,
                answer.message(), timestamp).build();
    }

    /** The answer for a task the master does not know. */
    private record Unknown(TaskState state, String message) {}

    private static TaskStatus.Builder status(TaskID taskId, Optional<String> agentId, TaskState state, String message,
            double timestamp) {
        TaskStatus.Builder s = TaskStatus.newBuilder().setTaskId(taskId).setState(state)
                .setSource(Source.SOURCE_MASTER).setReason(Reason.REASON_RECONCILIATION).setMessage(message)
                .setTimestamp(timestamp);
        agentId.filter(a -> !a.isEmpty()).ifPresent(a -> s.setAgentId(AgentID.newBuilder().setValue(a)));
        return s;
    }
}
