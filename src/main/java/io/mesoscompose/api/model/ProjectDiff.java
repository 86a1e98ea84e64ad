package io.mesoscompose.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Optional;

/**
 * What applying compose files to a project would do, service by service; nothing was changed to find out.
 *
 * @param currentVersion the version that runs now; empty when the project does not run (every service is added)
 * @param services       the services of the files in their order, then those the files no longer have
 * @param warnings       findings that do not stop an apply (fields ignored or changed in meaning on Mesos)
 */
public record ProjectDiff(
        @JsonProperty("project") String project,
        @JsonProperty("current_version") Optional<Long> currentVersion,
        @JsonProperty("services") List<ServiceChange> services,
        @JsonProperty("warnings") List<DiagnosticView> warnings) {

    public ProjectDiff {
        services = List.copyOf(services);
        warnings = List.copyOf(warnings);
    }

    /** Whether applying would change nothing at all. */
    @JsonProperty("unchanged")
    public boolean unchanged() {
        return services.stream().allMatch(s -> s.change() == ServiceChange.Change.UNCHANGED);
    }
}
