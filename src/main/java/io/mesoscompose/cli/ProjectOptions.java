package io.mesoscompose.cli;

import io.mesoscompose.api.model.ApplyRequest;
import io.mesoscompose.client.ComposeFiles;
import io.mesoscompose.compose.ComposeInput;
import io.mesoscompose.compose.ComposeLoader;
import io.mesoscompose.compose.Diagnostic;
import io.mesoscompose.compose.LoadRequest;
import io.mesoscompose.compose.LoadResult;
import io.mesoscompose.compose.Profiles;
import io.mesoscompose.compose.SourceFile;
import io.mesoscompose.config.FrameworkConfig;
import io.mesoscompose.plan.PlanSettings;
import io.mesoscompose.plan.Planner;
import io.mesoscompose.plan.ProjectPlan;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import picocli.CommandLine.Option;

/** {@code -f FILE…}, {@code -p PROJECT} and {@code --profile NAME…}, chosen as docker compose chooses them. */
public final class ProjectOptions {
    @Option(names = {"-f", "--file"}, description = "compose file (repeat to merge, as docker compose -f a -f b);"
            + " default compose.yaml / docker-compose.yml in the current directory")
    List<Path> files = new ArrayList<>();

    @Option(names = {"-p", "--project-name"}, description = "project name (env COMPOSE_PROJECT_NAME; default: the"
            + " directory of the first file)")
    String project;

    @Option(names = "--profile", description = "enable the services of this profile (repeat for several; default:"
            + " env COMPOSE_PROFILES, comma-separated)")
    List<String> profiles = new ArrayList<>();

    /** The directory the project lives in: that of the first file, else the current one. */
    Path projectDir() {
        Path first = files.isEmpty() ? Path.of("") : files.get(0).toAbsolutePath().getParent();
        return first == null ? Path.of("").toAbsolutePath() : first.toAbsolutePath();
    }

    /** The compose files, the variables (the environment over {@code .env}) and the name, read once. */
    private record Read(List<SourceFile> sources, Map<String, String> variables, String name) {}

    private Read read() throws IOException {
        List<SourceFile> sources = ComposeFiles.read(ComposeFiles.choose(files, Path.of("").toAbsolutePath()));
        Map<String, String> variables = ComposeFiles.available(ClientOptions.environment, projectDir());
        return new Read(sources, variables, ComposeFiles.projectName(Optional.ofNullable(project), variables,
                projectDir(), sources));
    }

    /** {@code --profile}, else those of {@code COMPOSE_PROFILES} (as docker compose's WithDefaultProfiles). */
    List<String> profiles(Map<String, String> variables) {
        if (!profiles.isEmpty()) {
            return List.copyOf(profiles);
        }
        return List.copyOf(Profiles.active(variables));
    }

    /** The project's name, for commands that may run where no compose file is. */
    String project() {
        try {
            return read().name();
        } catch (IOException noFilesHere) {
            // ps, down, scale... may run where no compose file is: the name then comes from -p, env or directory
            return ComposeFiles.projectName(Optional.ofNullable(project), ClientOptions.environment, projectDir(),
                    List.of());
        }
    }

    /** What {@code up} and {@code diff} send, and the project they send it for. */
    record Submission(String project, ApplyRequest request) {}

    /**
     * What {@code up} sends: the files, the other files they name (env_file, include, extends.file — those a local
     * load reads), the variables all of them refer to, and the profiles to enable. Each file is read once.
     */
    Submission submission() throws IOException {
        Read read = read();
        Map<String, String> attachments = new TreeMap<>();
        load(read, relative -> {
            Optional<String> text = readBeside(projectDir().resolve(relative));
            text.ifPresent(t -> attachments.put(relative, t));
            return text;
        });
        ComposeInput input = new ComposeInput(read.sources(), attachments);
        return new Submission(read.name(), new ApplyRequest(read.sources(), attachments,
                ComposeFiles.referenced(input.allTexts(), read.variables()), profiles(read.variables())));
    }

    /**
     * Loads the files here, as the framework would (for {@code validate} and {@code plan}): the process
     * environment over {@code .env}, the profiles, and other files (env_file, include, extends) read next to the
     * first file.
     */
    LoadResult loadLocally() throws IOException {
        Path dir = projectDir();
        return load(read(), relative -> readBeside(dir.resolve(relative)));
    }

    private LoadResult load(Read read, Function<String, Optional<String>> otherFiles) {
        return ComposeLoader.load(new LoadRequest(read.sources(), Optional.of(read.name()),
                Profiles.withProfiles(read.variables(), profiles(read.variables())), otherFiles));
    }

    /** A file next to the compose files; empty only when there is none (any other failure is reported). */
    private static Optional<String> readBeside(Path file) {
        try {
            return Optional.of(Files.readString(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads and plans the files here with the framework's settings (the same environment variables {@code serve}
     * reads, so the result matches what the framework would do), printing every finding to {@code err}. Empty
     * when there is an error: the plan is part of validity, some fields cannot be honoured with the settings.
     */
    Optional<ProjectPlan> loadAndPlan(PlanSettings settings, PrintWriter err) throws IOException {
        LoadResult result = loadLocally();
        if (!report(result, err)) {
            return Optional.empty();
        }
        ProjectPlan plan = Planner.plan(result.project().orElseThrow(), settings);
        plan.warnings().forEach(err::println);
        err.flush();
        return plan.hasErrors() ? Optional.empty() : Optional.of(plan);
    }

    static PlanSettings settingsFromEnvironment() {
        return PlanSettings.fromConfig(FrameworkConfig.fromEnvironment(System.getenv()));
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
