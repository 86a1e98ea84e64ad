package io.mesoscompose.simulator.validation;

import java.util.Map;
import org.apache.mesos.v1.Protos.ExecutorInfo;

/**
 * One agent as the master's validators see it.
 *
 * @param id                 the agent ID
 * @param taskResourceLimits whether it has the TASK_RESOURCE_LIMITS capability (agents from Mesos 1.11 on)
 * @param executors          the executors this framework already runs there, by executor ID
 */
public record AgentView(String id, boolean taskResourceLimits, Map<String, ExecutorInfo> executors) {

    public AgentView {
        executors = Map.copyOf(executors);
    }
}
