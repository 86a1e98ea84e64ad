package io.mesoscompose.plan;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;

/**
 * Makes the TaskInfo of one replica from its {@link ServicePlan}: the only place where a template becomes a
 * launchable task. Pure: the scheduler decides the IDs, the agent, the resources taken from the offer and the host
 * ports; secrets arrive already resolved.
 */
public final class TaskFactory {
    /** The task, agent and executor ID of a template: required protobuf fields, replaced by {@link #instantiate}. */
    public static final String TEMPLATE_ID = "template";

    private TaskFactory() {}

    /** A new task ID in the Go mesos-compose's scheme: {@code <project>_<service>.<uuid>}. */
    public static TaskID newTaskId(String project, String service) {
        return TaskID.newBuilder().setValue(project + "_" + service + "." + UUID.randomUUID()).build();
    }

    /**
     * The TaskInfo for one replica.
     *
     * @param resources    the resources taken from the offer for this task (cpus, mem, disk, ports, ...), with the
     *                     offer's allocation info
     * @param hostPorts    the host port chosen for each {@link ServicePlan.HostPortRequest#key()}
     * @param secretValues resolved values for each key of {@link ServicePlan#secretEnv()}; never logged
     */
    public static TaskInfo instantiate(
            ServicePlan plan,
            TaskID taskId,
            AgentID agentId,
            List<Resource> resources,
            Map<String, Integer> hostPorts,
            Map<String, String> secretValues) {
        return plan.template().toBuilder()
                .setTaskId(taskId)
                .setAgentId(agentId)
                .clearResources()
                .addAllResources(resources)
                .build();
    }
}
