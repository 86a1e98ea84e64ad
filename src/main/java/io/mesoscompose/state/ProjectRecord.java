package io.mesoscompose.state;

import io.mesoscompose.compose.SourceFile;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A project as submitted: its compose sources (re-parsed on start; parsing is deterministic) and the variables
 * used for interpolation, so the same model comes back after a restart.
 *
 * @param variables the interpolation variables the sources reference, and only those: see {@link StoredVariables}
 *                  (a referenced variable named like a secret is refused unless its value is a Vault reference)
 * @param version   1 for the first launch, +1 per accepted update
 * @param desired   RUNNING, or KILLED once the user took it down (kept until its tasks are gone)
 */
public record ProjectRecord(
        String name,
        long version,
        List<SourceFile> sources,
        Map<String, String> variables,
        Desired desired,
        Instant updatedAt) {

    public ProjectRecord {
        sources = List.copyOf(sources);
        variables = Map.copyOf(StoredVariables.keep(sources, variables));
    }

    public enum Desired { RUNNING, KILLED }
}
