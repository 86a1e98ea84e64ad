package io.mesoscompose.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * Where a service's rolling update to the project's current version stands, in Docker Swarm's terms.
 *
 * @param state   {@code UPDATING}, {@code PAUSED}, {@code COMPLETED}, {@code ROLLBACK_STARTED}, {@code ROLLBACK_PAUSED}
 *                or {@code ROLLBACK_COMPLETED}
 * @param message what happened ("update in progress: batch 2 of 3", "update paused due to failure or early
 *                termination of task ...")
 * @param since   when the update entered this state
 */
public record ServiceUpdate(
        @JsonProperty("state") String state,
        @JsonProperty("message") String message,
        @JsonProperty("since") Instant since) {}
