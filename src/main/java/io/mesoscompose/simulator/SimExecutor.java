package io.mesoscompose.simulator;

import io.mesoscompose.simulator.validation.MesosResources;
import java.util.ArrayList;
import java.util.List;
import org.apache.mesos.v1.Protos.ExecutorInfo;

/**
 * An executor on a simulated agent: the command (or Docker) executor the agent makes for a command task, whose ID
 * is the task's, or the framework's own executor. It has a container and a sandbox, and ends when its last task
 * does. Guarded by the {@link ClusterState} lock.
 */
final class SimExecutor {

    final String frameworkId;
    final String agentId;
    final ExecutorInfo info;
    final String containerId;
    final Sandbox sandbox;
    /** The executor's own resources (none for command executors): returned when it ends. */
    final MesosResources resources;
    /** Made by the agent for a command task (the master does not track these). */
    final boolean generated;
    private final List<SimTask> tasks = new ArrayList<>();

    SimExecutor(String frameworkId, String agentId, ExecutorInfo info, String containerId, Sandbox sandbox,
            MesosResources resources, boolean generated) {
        this.frameworkId = frameworkId;
        this.agentId = agentId;
        this.info = info;
        this.containerId = containerId;
        this.sandbox = sandbox;
        this.resources = resources;
        this.generated = generated;
    }

    String id() {
        return info.getExecutorId().getValue();
    }

    void add(SimTask task) {
        tasks.add(task);
    }

    List<SimTask> tasks() {
        return List.copyOf(tasks);
    }

    boolean idle() {
        return tasks.stream().allMatch(SimTask::terminal);
    }
}
