package io.mesoscompose.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A compose file that names other files: {@code include}, {@code extends} of another file and {@code env_file}. The
 * client must send those files with it and the framework keep them; tests of both sides share this one project.
 */
public final class IncludingProject {

    /** The compose file itself. */
    public static final String COMPOSE = """
            include:
              - shared/cache.yml
            services:
              web:
                extends: {file: base.yml, service: base}
                env_file: app.env
            """;

    /** The files it names, by their path relative to it; their images take BASE_TAG and CACHE_TAG. */
    public static final Map<String, String> NAMED_FILES = Map.of(
            "base.yml", "services:\n  base:\n    image: nginx:${BASE_TAG}\n",
            "app.env", "MODE=production\n",
            "shared/cache.yml", "services:\n  cache:\n    image: redis:${CACHE_TAG}\n");

    private IncludingProject() {
    }

    /** Writes the compose file as {@code compose.yml} and the files it names into {@code dir}; the compose file. */
    public static Path writeTo(Path dir) throws IOException {
        for (Map.Entry<String, String> f : NAMED_FILES.entrySet()) {
            Path file = dir.resolve(f.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, f.getValue());
        }
        return Files.writeString(dir.resolve("compose.yml"), COMPOSE);
    }
}
