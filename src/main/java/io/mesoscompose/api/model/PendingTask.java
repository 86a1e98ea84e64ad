package io.mesoscompose.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A replica the scheduler wants to run but cannot place yet, with the reason (which constraint or resource is short,
 * e.g. "no offer with 4 cpus (largest 2)").
 */
public record PendingTask(
        @JsonProperty("project") String project,
        @JsonProperty("service") String service,
        @JsonProperty("replica") int replica,
        @JsonProperty("reason") String reason) {}
