package io.mesoscompose.cli;

import io.mesoscompose.client.ComposeFiles;
import io.mesoscompose.compose.ComposeLoader;
import io.mesoscompose.compose.Diagnostic;
import io.mesoscompose.compose.LoadRequest;
import io.mesoscompose.compose.LoadResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
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
        List<io.mesoscompose.compose.SourceFile> sources = List.of();
        try {
            sources = ComposeFiles.read(ComposeFiles.choose(files, Path.of("").toAbsolutePath()));
        } catch (IOException noFilesHere) {
            // ps, down, scale... may run where no compose file is: the name then comes from -p, env or directory
        }
        return ComposeFiles.projectName(Optional.ofNullable(project), ClientOptions.environment, projectDir(), sources);
    }

    /**
     * Loads the files here, as the framework would (for {@code validate} and {@code plan}): the process
     * environment over {@code .env}, and {@code env_file:} read next to the first file.
     */
    LoadResult loadLocally() throws IOException {
        List<io.mesoscompose.compose.SourceFile> sources = ComposeFiles.read(
                ComposeFiles.choose(files, Path.of("").toAbsolutePath()));
        Path dir = projectDir();
        String name = ComposeFiles.projectName(Optional.ofNullable(project), ClientOptions.environment, dir, sources);
        Map<String, String> variables = new HashMap<>(ComposeFiles.dotEnv(dir.resolve(".env"), ClientOptions.environment));
        variables.putAll(ClientOptions.environment);
        return ComposeLoader.load(new LoadRequest(sources, Optional.of(name), variables,
                relative -> readBeside(dir.resolve(relative))));
    }

    /** A file next to the compose files; empty only when there is none (any other failure is reported). */
    private static Optional<String> readBeside(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (java.nio.file.NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads and plans the files here with the framework's settings (the same environment variables {@code serve}
     * reads, so the result matches what the framework would do), printing every finding to {@code err}. Empty
     * when there is an error: the plan is part of validity, some fields cannot be honoured with the settings.
     */
    Optional<io.mesoscompose.plan.ProjectPlan> loadAndPlan(io.mesoscompose.plan.PlanSettings settings, PrintWriter err)
            throws IOException {
        LoadResult result = loadLocally();
        if (!report(result, err)) {
            return Optional.empty();
        }
        io.mesoscompose.plan.ProjectPlan plan = io.mesoscompose.plan.Planner.plan(result.project().orElseThrow(), settings);
        plan.warnings().forEach(err::println);
        err.flush();
        return plan.hasErrors() ? Optional.empty() : Optional.of(plan);
    }

    static io.mesoscompose.plan.PlanSettings settingsFromEnvironment() {
        return io.mesoscompose.plan.PlanSettings.fromConfig(
                io.mesoscompose.config.FrameworkConfig.fromEnvironment(System.getenv()));
    }

    /** Prints every finding, one per line, to {@code err}; true when there is no error. */
    static boolean report(LoadResult result, PrintWriter err) {
        for (Diagnostic d : result.diagnostics()) {
            err.println(d);
        }
        long errors = result.diagnostics().stream().filter(Diagnostic::isError).count();
        if (errors > 0) {
            err.println(errors + (errors == 1 ? " error" : " errors") + "; nothing was changed");
        }
        err.flush();
        return errors == 0 && result.project().isPresent();
    }
}
