package io.mesoscompose.scheduler;

import io.mesoscompose.state.TaskRecord;

/** One replica position of a service: at most one non-terminal task occupies it at a time. */
public record Slot(String project, String service, int replica) {

    static Slot of(TaskRecord t) {
        return new Slot(t.project(), t.service(), t.replica());
    }

    @Override
    public String toString() {
        return project + "/" + service + "#" + replica;
    }
}
