package io.mesoscompose.compose.model;

/** One {@code depends_on} entry: start this service only once {@code service} meets {@code condition}. */
public record Dependency(String service, Condition condition, boolean restart, boolean required) {
    public enum Condition { STARTED, HEALTHY, COMPLETED_SUCCESSFULLY }
}
