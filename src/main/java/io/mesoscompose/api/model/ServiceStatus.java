package io.mesoscompose.api.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Optional;

/**
 * How far one service of a project is, in the counts {@code mesos-compose up} shows (like {@code docker compose up}):
 * replicas wanted, tasks staging (launched, not yet running), running, finished (jobs), failed since the project's
 * current version was applied, and replicas waiting for an offer with the reason.
 *
 * @param lastFailure the message of the most recent failed task of this version, if any
 * @param update      the service's rolling update to this version, once one began
 */
public record ServiceStatus(
        @JsonProperty("project") String project,
        @JsonProperty("service") String service,
        @JsonProperty("lifecycle") String lifecycle,
        @JsonProperty("desired") int desired,
        @JsonProperty("staging") int staging,
        @JsonProperty("running") int running,
        @JsonProperty("finished") int finished,
        @JsonProperty("failed") int failed,
        @JsonProperty("pending") int pending,
        @JsonProperty("pending_reason") Optional<String> pendingReason,
        @JsonProperty("last_failure") Optional<String> lastFailure,
        @JsonProperty("update") Optional<ServiceUpdate> update) {

    /** Servers that predate the update field send none. */
    @JsonCreator
    public ServiceStatus {
        update = update == null ? Optional.empty() : update;
    }

    /** No update began. */
    public ServiceStatus(String project, String service, String lifecycle, int desired, int staging, int running,
                         int finished, int failed, int pending, Optional<String> pendingReason,
                         Optional<String> lastFailure) {
        this(project, service, lifecycle, desired, staging, running, finished, failed, pending, pendingReason,
                lastFailure, Optional.empty());
    }

    /** Every wanted replica is up: running for a service; running or finished for a job. */
    @JsonIgnore
    public boolean ready() {
        int up = "JOB".equals(lifecycle) ? running + finished : running;
        return up >= desired;
    }
}
