package io.mesoscompose.scheduler;

import io.mesoscompose.state.TaskRecord;

/** A service of a project: what rolling updates, progress, the task indexes and the published tasks are kept per. */
public record ServiceKey(String project, String service) {

    public static ServiceKey of(TaskRecord t) {
        return new ServiceKey(t.project(), t.service());
    }

    public static ServiceKey of(Slot s) {
        return new ServiceKey(s.project(), s.service());
    }

    boolean owns(TaskRecord t) {
        return t.project().equals(project) && t.service().equals(service);
    }

    @Override
    public String toString() {
        return project + "/" + service;
    }
}
