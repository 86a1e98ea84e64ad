package io.mesoscompose.compose;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What to load: the files in {@code -f} order, an explicit project name, the variables for interpolation (with
 * {@code COMPOSE_PROFILES}, the active profiles), and a reader for other files the compose files name ({@code .env},
 * {@code env_file}, {@code include}, {@code extends.file}), by path relative to the project directory; the server
 * has none, so its reader returns empty and such a file is an error naming it.
 */
public record LoadRequest(List<SourceFile> files, Optional<String> projectName, Map<String, String> environment,
                          Function<String, Optional<String>> readFile) {
    public LoadRequest {
        files = List.copyOf(files);
        environment = Map.copyOf(environment);
    }
}
