package io.mesoscompose.scheduler;

import java.util.Set;

/** Classifies Mesos task state names as the scheduler sees them. */
public final class TaskStates {

    /** States after which the task will never run again; its slot is free. TASK_UNKNOWN: the master does not know it. */
    private static final Set<String> TERMINAL = Set.of("TASK_FINISHED", "TASK_FAILED", "TASK_KILLED", "TASK_ERROR",
            "TASK_LOST", "TASK_DROPPED", "TASK_GONE", "TASK_GONE_BY_OPERATOR", "TASK_UNKNOWN");

    /**
     * Terminal states in which the task's agent went away, not the task: gone with a removed agent, unknown to the
     * master, or lost (sent only to frameworks that are not partition-aware). A dropped launch is not among them.
     */
    private static final Set<String> AGENT_LOST = Set.of("TASK_LOST", "TASK_GONE", "TASK_GONE_BY_OPERATOR",
            "TASK_UNKNOWN");

    private TaskStates() {}

    /** Whether the task ended with its agent (a rolling update does not count that as the new version failing). */
    static boolean agentLost(String state) {
        return AGENT_LOST.contains(state);
    }

    /** Ended for good: the scheduler no longer counts the task (a diff of a new version does not either). */
    public static boolean terminal(String state) {
        return TERMINAL.contains(state);
    }

    /** TASK_UNREACHABLE is not terminal: the agent may come back, so the slot stays occupied. */
    static boolean running(String state) {
        return state.equals("TASK_RUNNING");
    }

    static boolean succeeded(String state, java.util.Optional<Integer> exitCode) {
        return state.equals("TASK_FINISHED") && exitCode.orElse(0) == 0;
    }
}
