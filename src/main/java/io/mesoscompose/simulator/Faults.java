package io.mesoscompose.simulator;

import java.time.Duration;
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
            c.frameworks.values().forEach(f -> {
                if (f.stream != null) {
                    f.stream.close();
                }
            });
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

    /** The agent stops answering: its offers are rescinded, its tasks become UNREACHABLE (to partition-aware frameworks). */
    public void agentLost(String agentId) {
        synchronized (c) {
            c.agentHealth.put(agentId, ClusterState.AgentHealth.UNREACHABLE);
            c.offers.values().stream().filter(o -> o.agentId().equals(agentId)).toList().forEach(c::rescind);
            for (SimTask t : c.tasks.values().stream().filter(t -> t.agentId.equals(agentId)).toList()) {
                if (!t.terminal()) {
                    SimFramework f = c.frameworks.get(t.frameworkId);
                    TaskState state = f != null && f.hasCapability(Capability.Type.PARTITION_AWARE)
                            ? TaskState.TASK_UNREACHABLE : TaskState.TASK_LOST;
                    t.state = state;
                    c.deliver(t.frameworkId, ClusterState.status(t.id(), agentId, state, Source.SOURCE_MASTER,
                            Reason.REASON_AGENT_REMOVED, "Agent is unreachable").build());
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
            c.agentHealth.put(agentId, ClusterState.AgentHealth.ACTIVE);
            for (SimTask t : c.tasks.values().stream().filter(t -> t.agentId.equals(agentId)).toList()) {
                if (t.state == TaskState.TASK_UNREACHABLE) {
                    t.state = TaskState.TASK_RUNNING;
                } else if (t.state == TaskState.TASK_LOST) {
                    c.tasks.remove(t.id());
                    c.free.merge(agentId, t.resources, SimResources::plus);
                    if (t.scriptStep != null) {
                        t.scriptStep.cancel(false);
                    }
                }
            }
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
            c.agentHealth.put(agentId, ClusterState.AgentHealth.GONE);
            c.offers.values().stream().filter(o -> o.agentId().equals(agentId)).toList().forEach(c::rescind);
            for (SimTask t : c.tasks.values().stream().filter(t -> t.agentId.equals(agentId)).toList()) {
                if (t.scriptStep != null) {
                    t.scriptStep.cancel(false);
                }
                if (t.retry != null) {
                    t.retry.cancel(false);
                }
                t.state = state;
                c.tasks.remove(t.id());
                SimFramework f = c.frameworks.get(t.frameworkId);
                boolean aware = f != null && f.hasCapability(Capability.Type.PARTITION_AWARE);
                c.deliver(t.frameworkId, ClusterState.status(t.id(), agentId, aware ? state : TaskState.TASK_LOST,
                        Source.SOURCE_MASTER, reason, message).build());
            }
        }
    }

    /** Master failover: {@code standby} leads from now on; this master redirects to it. */
    public void failoverTo(MesosMasterSimulator standby) {
        master.failoverTo(standby);
    }
}
