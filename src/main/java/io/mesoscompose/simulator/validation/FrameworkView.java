package io.mesoscompose.simulator.validation;

import java.util.function.Function;
import org.apache.mesos.v1.Protos.FrameworkInfo;

/**
 * The master's book on one framework as the validators read it.
 *
 * @param id      the framework ID the master assigned
 * @param info    the FrameworkInfo of its latest SUBSCRIBE
 * @param taskIds how a task ID is in use by this framework: by a known task (running, or terminal but not yet
 *                acknowledged), by a task on an unreachable agent, or not at all
 */
public record FrameworkView(String id, FrameworkInfo info, Function<String, TaskIdUse> taskIds) {

    /** What {@code validateUniqueTaskID} distinguishes. */
    public enum TaskIdUse { FREE, ACTIVE, UNREACHABLE }

    boolean hasCapability(FrameworkInfo.Capability.Type type) {
        return info.getCapabilitiesList().stream().anyMatch(c -> c.getType() == type);
    }
}
