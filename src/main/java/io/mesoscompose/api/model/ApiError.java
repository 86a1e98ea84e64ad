package io.mesoscompose.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/** Every v1 error body: what went wrong and, for a refused compose file, each finding with its position. */
public record ApiError(
        @JsonProperty("error") String error,
        @JsonProperty("diagnostics") List<DiagnosticView> diagnostics) {

    public ApiError {
        diagnostics = diagnostics == null ? List.of() : List.copyOf(diagnostics);
    }
}
