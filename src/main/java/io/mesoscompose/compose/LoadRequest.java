package io.mesoscompose.compose;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What to load: the files in {@code -f} order, an explicit project name, the variables for interpolation, and a
 * reader for files the compose files mention (env_file); the server has none, so its reader returns empty.
 */
public record LoadRequest(List<SourceFile> files, Optional<String> projectName, Map<String, String> environment,
                          Function<String, Optional<String>> readFile) {
    public LoadRequest {
        files = List.copyOf(files);
        environment = Map.copyOf(environment);
    }
}
