package io.mesoscompose.api.model;

import java.util.function.Supplier;

/**
 * What the backend tells the API as it happens; the API turns these into Server-Sent Events. Published in the
 * order the scheduler made the changes.
 */
public sealed interface BackendEvent {

    /** The project this event concerns, or empty for framework-wide events. */
    String project();

    /**
     * A task of a service changed. Its view is made when asked for (on the thread that delivers the event, as it is
     * then): the API asks only while a client listens, and the scheduler reports every task change, 200,000 while
     * 100,000 replicas start.
     */
    record TaskChanged(String project, String service, Supplier<TaskView> task) implements BackendEvent {}

    /** A version of a project was accepted and is being rolled out. */
    record ProjectApplied(String project, long version) implements BackendEvent {}

    /** A project was taken down (its tasks are being killed). */
    record ProjectKilled(String project) implements BackendEvent {}

    /** The scheduler's connection to the Mesos master changed. */
    record ConnectionChanged(boolean subscribed, String detail) implements BackendEvent {
        @Override
        public String project() {
            return "";
        }
    }
}
