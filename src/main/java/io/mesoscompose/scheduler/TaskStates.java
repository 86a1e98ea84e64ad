package io.mesoscompose.scheduler;

import java.util.Set;

/** Classifies Mesos task state names as the scheduler sees them. */
final class TaskStates {

    /** States after which the task will never run again; its slot is free. TASK_UNKNOWN: the master does not know it. */
    private static final Set<String> TERMINAL = Set.of("TASK_FINISHED", "TASK_FAILED", "TASK_KILLED", "TASK_ERROR",
            "TASK_LOST", "TASK_DROPPED", "TASK_GONE", "TASK_GONE_BY_OPERATOR", "TASK_UNKNOWN");

    private TaskStates() {}

    static boolean terminal(String state) {
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
