package io.mesoscompose.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.mesoscompose.compose.ComposeInput;
import io.mesoscompose.compose.Profiles;
import io.mesoscompose.compose.SourceFile;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code PUT /api/compose/v1/projects/{project}}: the compose files in merge order (as
 * {@code -f a.yml -f b.yml}), the other files they name ({@code env_file}, {@code include}, {@code extends.file}) by
 * the path they name them with, the interpolation variables the client had (its {@code .env} and the environment
 * variables the files refer to), and the profiles to enable ({@code --profile}; none: those of
 * {@code COMPOSE_PROFILES} among the variables).
 */
public record ApplyRequest(
        @JsonProperty("files") List<SourceFile> files,
        @JsonProperty("attachments") Map<String, String> attachments,
        @JsonProperty("variables") Map<String, String> variables,
        @JsonProperty("profiles") List<String> profiles) {

    public ApplyRequest {
        files = files == null ? List.of() : List.copyOf(files);
        attachments = attachments == null ? Map.of() : Map.copyOf(attachments);
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        profiles = profiles == null ? List.of() : List.copyOf(profiles);
    }

    public ApplyRequest(List<SourceFile> files, Map<String, String> variables, List<String> profiles) {
        this(files, Map.of(), variables, profiles);
    }

    public ApplyRequest(List<SourceFile> files, Map<String, String> variables) {
        this(files, Map.of(), variables, List.of());
    }

    /** The files to load: the compose files and their attachments. */
    public ComposeInput input() {
        return new ComposeInput(files, attachments);
    }

    /** What the project is loaded with: the variables, the profiles among them as {@code COMPOSE_PROFILES}. */
    public Map<String, String> loadVariables() {
        return Profiles.withProfiles(variables, profiles);
    }
}
