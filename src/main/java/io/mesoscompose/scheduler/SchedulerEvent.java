package io.mesoscompose.scheduler;

import io.mesoscompose.state.TaskRecord;

/** What the scheduler tells listeners (the SSE stream, metrics, logs): published from the loop, in order. */
public sealed interface SchedulerEvent {
    record TaskStateChanged(TaskRecord task) implements SchedulerEvent {}

    record ProjectApplied(String project, long version) implements SchedulerEvent {}

    record ProjectKilled(String project) implements SchedulerEvent {}

    /**
     * After each step in which a service's counts changed: {@code starting} tasks are launched and not running yet,
     * {@code pending} replicas wait for a place; {@code pendingReason} is empty when nothing waits.
     */
    record ServiceProgress(String project, String service, int running, int starting, int desired, int pending,
                           String pendingReason) implements SchedulerEvent {}

    record ConnectionChanged(boolean subscribed, String detail) implements SchedulerEvent {}
}
