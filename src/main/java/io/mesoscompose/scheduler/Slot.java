package io.mesoscompose.scheduler;

/** One replica position of a service: at most one non-terminal task occupies it at a time. */
public record Slot(String project, String service, int replica) {
    /** The key unique and per-agent counts use. */
    String serviceKey() {
        return project + "/" + service;
    }

    @Override
    public String toString() {
        return project + "/" + service + "#" + replica;
    }
}
