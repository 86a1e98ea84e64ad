package io.mesoscompose.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mesoscompose.compose.SourceFile;
import java.time.Instant;
import java.util.List;

/** One project in full: its sources as sent, what they became (plan), and how far each service is. */
public record ProjectDetail(
        @JsonProperty("name") String name,
        @JsonProperty("version") long version,
        @JsonProperty("desired") String desired,
        @JsonProperty("updated_at") Instant updatedAt,
        @JsonProperty("sources") List<SourceFile> sources,
        @JsonProperty("plan") List<PlannedService> plan,
        @JsonProperty("services") List<ServiceStatus> services) {

    public ProjectDetail {
        sources = List.copyOf(sources);
        plan = List.copyOf(plan);
        services = List.copyOf(services);
    }

    public static ProjectDetail of(ProjectInfo info, List<ServiceStatus> services) {
        return new ProjectDetail(info.name(), info.version(), info.desired(), info.updatedAt(), info.sources(),
                info.plan(), services);
    }
}
