package io.mesoscompose.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mesoscompose.compose.SourceFile;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code PUT /api/compose/v1/projects/{project}}: the compose files in merge order (as
 * {@code -f a.yml -f b.yml}) and the interpolation variables the client had (its {@code .env} and the environment
 * variables the files refer to).
 */
public record ApplyRequest(
        @JsonProperty("files") List<SourceFile> files,
        @JsonProperty("variables") Map<String, String> variables) {

    public ApplyRequest {
        files = files == null ? List.of() : List.copyOf(files);
        variables = variables == null ? Map.of() : Map.copyOf(variables);
    }
}
