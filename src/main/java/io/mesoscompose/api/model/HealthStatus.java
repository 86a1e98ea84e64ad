package io.mesoscompose.api.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Optional;

/**
 * What {@code /health} reports: whether the framework is subscribed to a Mesos master and its state store answers;
 * with high availability also whether this instance leads.
 *
 * @param detail a short operator-readable explanation when something is not ok (never a secret)
 * @param ha     with high availability ({@code --ha}): this instance's role and the leader's API; absent otherwise
 */
public record HealthStatus(
        @JsonProperty("master_connected") boolean masterConnected,
        @JsonProperty("state_store_ok") boolean stateStoreOk,
        @JsonProperty("detail") String detail,
        @JsonProperty("ha") @JsonInclude(JsonInclude.Include.NON_ABSENT) Optional<Role> ha) {

    public HealthStatus(boolean masterConnected, boolean stateStoreOk, String detail) {
        this(masterConnected, stateStoreOk, detail, Optional.empty());
    }

    /**
     * @param role   {@code leader} or {@code standby}
     * @param leader the leader's API (the web UI URL it registered with the master), when one is elected
     */
    public record Role(@JsonProperty("role") String role, @JsonProperty("leader") Optional<String> leader) {
        public static final String LEADER = "leader";
        public static final String STANDBY = "standby";
    }

    public HealthStatus withHa(Role role) {
        return new HealthStatus(masterConnected, stateStoreOk, detail, Optional.of(role));
    }

    @JsonProperty("status")
    public String status() {
        return healthy() ? "ok" : "degraded";
    }

    /** A standby does not subscribe to the master by design: it is healthy while it reaches the state. */
    @JsonIgnore
    public boolean healthy() {
        boolean standby = ha.filter(r -> Role.STANDBY.equals(r.role())).isPresent();
        return stateStoreOk && (masterConnected || standby);
    }
}
