package io.mesoscompose.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mesoscompose.compose.SourceFile;
import java.time.Instant;
import java.util.List;

/**
 * A project as the backend knows it: the sources as sent and the plan they became. Interpolation variables are
 * not part of it: they may hold secrets.
 *
 * @param desired {@code RUNNING}, or {@code KILLED} once taken down (kept until its tasks are gone)
 */
public record ProjectInfo(
        @JsonProperty("name") String name,
        @JsonProperty("version") long version,
        @JsonProperty("desired") String desired,
        @JsonProperty("updated_at") Instant updatedAt,
        @JsonProperty("sources") List<SourceFile> sources,
        @JsonProperty("plan") List<PlannedService> plan) {

    public ProjectInfo {
        sources = List.copyOf(sources);
        plan = List.copyOf(plan);
    }
}
