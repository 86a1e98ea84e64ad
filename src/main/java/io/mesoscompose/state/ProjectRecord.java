package io.mesoscompose.state;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.mesoscompose.compose.ComposeInput;
import io.mesoscompose.compose.SourceFile;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

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
 * @param updates   where each service's rolling update to this version stands; a new version starts without any
 * @param previous  the version applied before this one, which a failed update rolls back to (see {@link #asPrevious})
 * @param attachments the other files the sources name (env_file, include, extends.file) by that path, as the client
 *                  sent them: loading the project again reads them here
 */
public record ProjectRecord(
        String name,
        long version,
        List<SourceFile> sources,
        Map<String, String> variables,
        Desired desired,
        Instant updatedAt,
        Map<String, Integer> replicas,
        Map<String, UpdateStatus> updates,
        Optional<ProjectRecord> previous,
        Map<String, String> attachments) {

    /** Earlier versions kept at most (more only while services of consecutive versions were rolled back). */
    static final int KEPT_EARLIER_VERSIONS = 3;

    /**
     * Records written before replica overrides, update statuses, previous versions or attachments existed
     * ({@code null}) have none.
     */
    @JsonCreator
    public ProjectRecord {
        sources = List.copyOf(sources);
        attachments = attachments == null ? Map.of() : Map.copyOf(attachments);
        variables = Map.copyOf(StoredVariables.keep(new ComposeInput(sources, attachments).allTexts(), variables));
        replicas = replicas == null ? Map.of() : Map.copyOf(replicas);
        updates = updates == null ? Map.of() : Map.copyOf(updates);
        previous = previous == null ? Optional.empty() : previous;
    }

    public ProjectRecord(String name, long version, List<SourceFile> sources, Map<String, String> variables,
                         Desired desired, Instant updatedAt, Map<String, Integer> replicas) {
        this(name, version, sources, variables, desired, updatedAt, replicas, Map.of(), Optional.empty(), Map.of());
    }

    /** A version as submitted: no operator overrides yet. */
    public ProjectRecord(String name, long version, List<SourceFile> sources, Map<String, String> variables,
                         Desired desired, Instant updatedAt) {
        this(name, version, sources, variables, desired, updatedAt, Map.of());
    }

    /** A version as submitted, with the other files its compose files name. */
    public ProjectRecord(String name, long version, ComposeInput input, Map<String, String> variables, Desired desired,
                         Instant updatedAt) {
        this(name, version, input.files(), variables, desired, updatedAt, Map.of(), Map.of(), Optional.empty(),
                input.attachments());
    }

    /** This record with one service's replica count set by the operator. */
    public ProjectRecord withReplicas(String service, int count, Instant at) {
        Map<String, Integer> next = new TreeMap<>(replicas);
        next.put(service, count);
        return new ProjectRecord(name, version, sources, variables, desired, at, next, updates, previous, attachments);
    }

    /** This record with one service's update status. */
    public ProjectRecord withUpdate(String service, UpdateStatus status) {
        Map<String, UpdateStatus> next = new TreeMap<>(updates);
        next.put(service, status);
        return new ProjectRecord(name, version, sources, variables, desired, updatedAt, replicas, next, previous,
                attachments);
    }

    public ProjectRecord withPrevious(Optional<ProjectRecord> earlier) {
        return new ProjectRecord(name, version, sources, variables, desired, updatedAt, replicas, updates, earlier,
                attachments);
    }

    /** What this version is loaded from. */
    public ComposeInput input() {
        return new ComposeInput(sources, attachments);
    }

    /** Whether this version's {@code service} was rolled back: it runs what the previous version ran. */
    public boolean rolledBack(String service) {
        return Optional.ofNullable(updates.get(service)).filter(u -> u.state().rolledBack()).isPresent();
    }

    /**
     * This record as the previous version of the next one. Its own previous version is kept only while one of its
     * services was rolled back to it (what such a service ran lives there), and no deeper than
     * {@link #KEPT_EARLIER_VERSIONS}; so the stored chain stays short.
     */
    public ProjectRecord asPrevious() {
        return trimmed(KEPT_EARLIER_VERSIONS);
    }

    private ProjectRecord trimmed(int depth) {
        boolean needed = depth > 1 && updates.values().stream().anyMatch(u -> u.state().rolledBack());
        return withPrevious(needed ? previous.map(p -> p.trimmed(depth - 1)) : Optional.empty());
    }

    public enum Desired { RUNNING, KILLED }

    /**
     * Where a service's rolling update stands, as Docker Swarm's {@code UpdateStatus} (swarmkit api/types.proto): kept
     * durably so that a restart neither resumes a paused update nor forgets a rollback.
     *
     * @param message what happened, for operators ("update paused due to failure of task ...")
     * @param at      when the update entered this state
     */
    public record UpdateStatus(State state, String message, Instant at) {

        public enum State {
            UPDATING, PAUSED, COMPLETED, ROLLBACK_STARTED, ROLLBACK_PAUSED, ROLLBACK_COMPLETED;

            /** The service runs the previous version's plan. */
            public boolean rolledBack() {
                return this == ROLLBACK_STARTED || this == ROLLBACK_PAUSED || this == ROLLBACK_COMPLETED;
            }

            /** A failure stopped the roll-out; only a new version starts another. */
            public boolean paused() {
                return this == PAUSED || this == ROLLBACK_PAUSED;
            }
        }
    }
}
