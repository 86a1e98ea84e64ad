package io.mesoscompose.api.model;

import io.mesoscompose.compose.Diagnostic;
import java.util.List;

/** The answer to launching or updating a project: accepted as a new version, or refused with its diagnostics. */
public sealed interface ApplyResult {

    /** @param warnings fields ignored or changed in meaning on Mesos; the project runs anyway */
    record Accepted(String project, long version, List<Diagnostic> warnings) implements ApplyResult {
        public Accepted {
            warnings = List.copyOf(warnings);
        }
    }

    /** Nothing changed: the files are invalid ({@code diagnostics} holds at least one error) or the request is not possible. */
    record Rejected(String reason, List<Diagnostic> diagnostics) implements ApplyResult {
        public Rejected {
            diagnostics = List.copyOf(diagnostics);
        }
    }
}
