package io.mesoscompose.api.model;

import io.mesoscompose.compose.Diagnostic;
import java.util.List;

/** The answer to asking what compose files would change: the difference, or why the files cannot be applied. */
public sealed interface DiffResult {

    record Planned(ProjectDiff diff) implements DiffResult {}

    /** The files would be refused by an apply: {@code diagnostics} holds at least one error. */
    record Rejected(String reason, List<Diagnostic> diagnostics) implements DiffResult {
        public Rejected {
            diagnostics = List.copyOf(diagnostics);
        }
    }
}
