package io.mesoscompose.api.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What {@code /health} reports: whether the framework is subscribed to a Mesos master and its state store answers.
 *
 * @param detail a short operator-readable explanation when something is not ok (never a secret)
 */
public record HealthStatus(
        @JsonProperty("master_connected") boolean masterConnected,
        @JsonProperty("state_store_ok") boolean stateStoreOk,
        @JsonProperty("detail") String detail) {

    @JsonProperty("status")
    public String status() {
        return healthy() ? "ok" : "degraded";
    }

    @JsonIgnore
    public boolean healthy() {
        return masterConnected && stateStoreOk;
    }
}
