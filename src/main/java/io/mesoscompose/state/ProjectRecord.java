package io.mesoscompose.state;

import com.fasterxml.jackson.annotation.JsonCreator;
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
 * @param replicas  the operator's replica counts per service since this version was applied (scale, or 0 for a
 *                  service that was killed), overriding the file's; a new version starts without any
 */
public record ProjectRecord(
        String name,
        long version,
        List<SourceFile> sources,
        Map<String, String> variables,
        Desired desired,
        Instant updatedAt,
        Map<String, Integer> replicas) {

    /** Records written before replica overrides existed have none ({@code null} from the stored JSON). */
    @JsonCreator
    public ProjectRecord {
        sources = List.copyOf(sources);
        variables = Map.copyOf(StoredVariables.keep(sources, variables));
        replicas = replicas == null ? Map.of() : Map.copyOf(replicas);
    }

    /** A version as submitted: no operator overrides yet. */
    public ProjectRecord(String name, long version, List<SourceFile> sources, Map<String, String> variables,
                         Desired desired, Instant updatedAt) {
        this(name, version, sources, variables, desired, updatedAt, Map.of());
    }

    /** This record with one service's replica count set by the operator. */
    public ProjectRecord withReplicas(String service, int count, Instant at) {
        Map<String, Integer> next = new java.util.TreeMap<>(replicas);
        next.put(service, count);
        return new ProjectRecord(name, version, sources, variables, desired, at, next);
    }

    public enum Desired { RUNNING, KILLED }
}
