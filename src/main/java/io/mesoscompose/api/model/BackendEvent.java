package io.mesoscompose.api.model;

/**
 * What the backend tells the API as it happens; the API turns these into Server-Sent Events. Published in the
 * order the scheduler made the changes.
 */
public sealed interface BackendEvent {

    /** The project this event concerns, or empty for framework-wide events. */
    String project();

    record TaskChanged(TaskView task) implements BackendEvent {
        @Override
        public String project() {
            return task.project();
        }
    }

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
