package io.mesoscompose.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/** A project in the v1 project list: its version and how far each service is. */
public record ProjectStatus(
        @JsonProperty("name") String name,
        @JsonProperty("version") long version,
        @JsonProperty("desired") String desired,
        @JsonProperty("updated_at") Instant updatedAt,
        @JsonProperty("services") List<ServiceStatus> services) {

    public ProjectStatus {
        services = List.copyOf(services);
    }
}
