package io.mesoscompose.simulator;

import org.apache.mesos.v1.Protos.TaskState;

/** What the master knows of one task, for tests asserting what really runs. */
public record TaskView(String id, String name, String frameworkId, String agentId, TaskState state) {}
