package io.mesoscompose.cli;

import io.mesoscompose.compose.ComposeLoader;
import io.mesoscompose.compose.Diagnostic;
import io.mesoscompose.compose.LoadRequest;
import io.mesoscompose.compose.LoadResult;
import io.mesoscompose.compose.SourceFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The options every command that reads compose files shares ({@code -f}, {@code -p}), and loading them as docker
 * compose does: without {@code -f}, the first of compose.yaml, compose.yml, docker-compose.yaml,
 * docker-compose.yml in the working directory; {@code .env} and {@code env_file} relative to the first file.
 */
public final class ComposeFileOptions {

    private static final List<String> DEFAULT_NAMES =
            List.of("compose.yaml", "compose.yml", "docker-compose.yaml", "docker-compose.yml");

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "Compose file(s), merged in order.")
    List<Path> files = new ArrayList<>();

    @Option(names = {"-p", "--project-name"}, paramLabel = "PROJECT", description = "Project name (default: the"
            + " file's name:, COMPOSE_PROJECT_NAME, or the directory of the first file).")
    String projectName;

    /** The files as read, in order. */
    public List<SourceFile> sources() {
        List<SourceFile> out = new ArrayList<>();
        for (Path file : effectiveFiles()) {
            try {
                out.add(new SourceFile(file.toString(), Files.readString(file)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        return out;
    }

    /** Loads the files with the process environment for interpolation. */
    public LoadResult load(Map<String, String> environment) {
        List<Path> paths = effectiveFiles();
        Path dir = Optional.ofNullable(paths.get(0).toAbsolutePath().getParent()).orElse(Path.of("."));
        Optional<String> name = Optional.ofNullable(projectName)
                .or(() -> Optional.ofNullable(environment.get("COMPOSE_PROJECT_NAME")))
                .or(() -> Optional.ofNullable(dir.getFileName()).map(Path::toString));
        return ComposeLoader.load(new LoadRequest(sources(), name, environment, relative -> read(dir.resolve(relative))));
    }

    public Optional<String> projectName() {
        return Optional.ofNullable(projectName);
    }

    private List<Path> effectiveFiles() {
        if (!files.isEmpty()) {
            return files;
        }
        return DEFAULT_NAMES.stream().map(Path::of).filter(Files::isRegularFile).findFirst().map(List::of)
                .orElseThrow(() -> new IllegalStateException("no compose file: give -f FILE, or run where one of "
                        + String.join(", ", DEFAULT_NAMES) + " is"));
    }

    private static Optional<String> read(Path file) {
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** Prints every finding, one per line, to {@code err}; true when there is no error. */
    public static boolean report(LoadResult result, PrintWriter err) {
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
