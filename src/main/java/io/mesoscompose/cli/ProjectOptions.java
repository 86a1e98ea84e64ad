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
import java.util.HashMap;
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

    /** The variables as docker compose sees them: the process environment over the {@code .env} beside the files. */
    Map<String, String> variables() throws IOException {
        Map<String, String> variables = new HashMap<>(ComposeFiles.dotEnv(projectDir().resolve(".env"),
                ClientOptions.environment));
        variables.putAll(ClientOptions.environment);
        return variables;
    }

    /** {@code --profile}, else those of {@code COMPOSE_PROFILES} (as docker compose's WithDefaultProfiles). */
    List<String> profiles(Map<String, String> variables) {
        if (!profiles.isEmpty()) {
            return List.copyOf(profiles);
        }
        return List.copyOf(Profiles.active(variables));
    }

    String project() {
        List<SourceFile> sources = List.of();
        Map<String, String> variables = ClientOptions.environment;
        try {
            sources = ComposeFiles.read(ComposeFiles.choose(files, Path.of("").toAbsolutePath()));
            variables = variables();
        } catch (IOException noFilesHere) {
            // ps, down, scale... may run where no compose file is: the name then comes from -p, env or directory
        }
        return ComposeFiles.projectName(Optional.ofNullable(project), variables, projectDir(), sources);
    }

    /**
     * What {@code up} sends: the files, the other files they name (env_file, include, extends.file — those a local
     * load reads), the variables all of them refer to, and the profiles to enable.
     */
    ApplyRequest applyRequest() throws IOException {
        Map<String, String> attachments = new TreeMap<>();
        Local local = load(relative -> {
            Optional<String> text = readBeside(projectDir().resolve(relative));
            text.ifPresent(t -> attachments.put(relative, t));
            return text;
        });
        List<SourceFile> sources = local.sources();
        ComposeInput input = new ComposeInput(sources, attachments);
        return new ApplyRequest(sources, attachments, ComposeFiles.variables(input.allTexts(),
                ClientOptions.environment, projectDir()), profiles(variables()));
    }

    /**
     * Loads the files here, as the framework would (for {@code validate} and {@code plan}): the process
     * environment over {@code .env}, the profiles, and other files (env_file, include, extends) read next to the
     * first file.
     */
    LoadResult loadLocally() throws IOException {
        Path dir = projectDir();
        return load(relative -> readBeside(dir.resolve(relative))).result();
    }

    /** A local load and the compose files it read. */
    private record Local(List<SourceFile> sources, LoadResult result) {}

    private Local load(Function<String, Optional<String>> otherFiles) throws IOException {
        List<SourceFile> sources = ComposeFiles.read(ComposeFiles.choose(files, Path.of("").toAbsolutePath()));
        Map<String, String> variables = variables();
        String name = ComposeFiles.projectName(Optional.ofNullable(project), variables, projectDir(), sources);
        return new Local(sources, ComposeLoader.load(new LoadRequest(sources, Optional.of(name),
                Profiles.withProfiles(variables, profiles(variables)), otherFiles)));
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
