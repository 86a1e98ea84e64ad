package io.mesoscompose.cli;

import io.mesoscompose.client.ComposeFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code -f FILE…} and {@code -p PROJECT}, chosen as docker compose chooses them. */
public final class ProjectOptions {
    @Option(names = {"-f", "--file"}, description = "compose file (repeat to merge, as docker compose -f a -f b);"
            + " default compose.yaml / docker-compose.yml in the current directory")
    List<Path> files = new ArrayList<>();

    @Option(names = {"-p", "--project-name"}, description = "project name (env COMPOSE_PROJECT_NAME; default: the"
            + " directory of the first file)")
    String project;

    /** The directory the project lives in: that of the first file, else the current one. */
    Path projectDir() {
        Path first = files.isEmpty() ? Path.of("") : files.get(0).toAbsolutePath().getParent();
        return first == null ? Path.of("").toAbsolutePath() : first.toAbsolutePath();
    }

    String project() {
        return ComposeFiles.projectName(Optional.ofNullable(project), ClientOptions.environment, projectDir());
    }
}
