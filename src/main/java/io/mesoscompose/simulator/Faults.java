package io.mesoscompose.simulator;

import java.time.Duration;
import java.util.Optional;
import org.apache.mesos.v1.Protos.FrameworkInfo.Capability;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus.Reason;
import org.apache.mesos.v1.Protos.TaskStatus.Source;

/** Fault injection on a running simulator, for tests of the scheduler's resilience. */
public final class Faults {

    private final MesosMasterSimulator master;
    private final ClusterState c;

    Faults(MesosMasterSimulator master, ClusterState cluster) {
        this.master = master;
        this.c = cluster;
    }

    /** Closes every framework's event stream, as a network cut would. */
    public void dropStreams() {
        synchronized (c) {
            c.frameworks().forEach(f -> f.stream().ifPresent(EventStream::close));
        }
    }

    /** Status updates reach the scheduler this much later. */
    public void delayStatusUpdates(Duration delay) {
        c.faults.statusDelay = delay;
    }

    /** Every status update is sent twice. */
    public void duplicateStatusUpdates(boolean on) {
        c.faults.duplicateStatus = on;
    }

    /** Every call waits this long before being answered. */
    public void callLatency(Duration latency) {
        c.faults.callLatency = latency;
    }

    /** No master is elected: this master answers every scheduler call with 503 until {@link #leaderElected}. */
    public void noLeader() {
        master.leaderless(true);
    }

    public void leaderElected() {
        master.leaderless(false);
    }

    /** The agent stops answering: its offers are rescinded, its tasks become UNREACHABLE (to partition-aware frameworks). */
    public void agentLost(String agentId) {
        synchronized (c) {
            SimAgentState agent = c.agent(agentId).orElseThrow();
            agent.health(SimAgentState.Health.UNREACHABLE);
            c.offersWhere(o -> o.agentId().equals(agentId)).forEach(c::rescind);
            for (SimTask t : c.tasksOn(agentId)) {
                if (!t.terminal()) {
                    TaskState state = partitionAware(t) ? TaskState.TASK_UNREACHABLE : TaskState.TASK_LOST;
                    t.setState(state);
                    c.deliver(t.frameworkId, c.masterStatus(t.id(), Optional.of(agentId), state, Source.SOURCE_MASTER,
                            Optional.of(Reason.REASON_AGENT_REMOVED), Optional.of("Agent is unreachable")).build());
                }
            }
        }
    }

    /**
     * The lost agent re-registers. As upstream, the master sends no update: tasks of partition-aware frameworks are
     * RUNNING again (the framework learns it by reconciling); tasks of other frameworks, already told TASK_LOST,
     * are killed on the agent.
     */
    public void agentBack(String agentId) {
        synchronized (c) {
            c.agent(agentId).orElseThrow().health(SimAgentState.Health.ACTIVE);
            for (SimTask t : c.tasksOn(agentId)) {
                if (t.state() == TaskState.TASK_UNREACHABLE) {
                    t.setState(TaskState.TASK_RUNNING);
                } else if (t.state() == TaskState.TASK_LOST) {
                    c.forget(t);
                    c.agent(agentId).ifPresent(a -> {
                        a.release(t.resources);
                        a.executorEnded(t.executor);
                    });
                }
            }
        }
    }

    /**
     * The agent's garbage collector removes the sandbox of the task's executor (as after {@code --gc_delay}): its
     * files answer 404 from then on, while the agent's state still lists the executor and its directory.
     */
    public void sandboxCollected(String taskId) {
        synchronized (c) {
            c.allTasks().stream().filter(t -> t.id().equals(taskId)).forEach(t -> c.collectSandbox(t.executor.sandbox));
        }
    }

    /** The operator marks the agent gone: its tasks are GONE_BY_OPERATOR and their resources lost with it. */
    public void agentGone(String agentId) {
        removeAgent(agentId, TaskState.TASK_GONE_BY_OPERATOR, Reason.REASON_AGENT_REMOVED_BY_OPERATOR,
                "Agent marked gone by the operator");
    }

    /** The master gives up on the agent (e.g. it was unreachable too long): its tasks are GONE. */
    public void agentRemoved(String agentId) {
        removeAgent(agentId, TaskState.TASK_GONE, Reason.REASON_AGENT_REMOVED, "Agent removed");
    }

    private void removeAgent(String agentId, TaskState state, Reason reason, String message) {
        synchronized (c) {
            c.agent(agentId).orElseThrow().health(SimAgentState.Health.GONE);
            c.offersWhere(o -> o.agentId().equals(agentId)).forEach(c::rescind);
            for (SimTask t : c.tasksOn(agentId)) {
                t.setState(state);
                c.forget(t);
                c.deliver(t.frameworkId, c.masterStatus(t.id(), Optional.of(agentId),
                        partitionAware(t) ? state : TaskState.TASK_LOST, Source.SOURCE_MASTER, Optional.of(reason),
                        Optional.of(message)).build());
            }
        }
    }

    private boolean partitionAware(SimTask t) {
        return c.framework(t.frameworkId).map(f -> f.hasCapability(Capability.Type.PARTITION_AWARE)).orElse(false);
    }

    /** Master failover: {@code standby} leads from now on; this master redirects to it. */
    public void failoverTo(MesosMasterSimulator standby) {
        master.failoverTo(standby);
    }
}
