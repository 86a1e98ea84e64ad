package io.mesoscompose.compose;

import io.mesoscompose.compose.model.ComposeProject;
import java.util.List;
import java.util.Optional;

/** The project (present iff there are no errors) and every finding in the order found. */
public record LoadResult(Optional<ComposeProject> project, List<Diagnostic> diagnostics) {
    public LoadResult {
        diagnostics = List.copyOf(diagnostics);
    }
}
