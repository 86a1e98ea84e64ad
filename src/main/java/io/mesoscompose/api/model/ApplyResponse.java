package io.mesoscompose.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** The answer to an accepted {@link ApplyRequest}: the project's new version and any warnings. */
public record ApplyResponse(
        @JsonProperty("project") String project,
        @JsonProperty("version") long version,
        @JsonProperty("warnings") List<DiagnosticView> warnings) {

    public ApplyResponse {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }
}
