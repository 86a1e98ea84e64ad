package io.mesoscompose.client;

import io.mesoscompose.compose.DotEnv;
import io.mesoscompose.compose.ProjectName;
import io.mesoscompose.compose.SourceFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code up} sends: the compose files as they are on disk, the project name, and the interpolation variables
 * the files refer to. Interpolation happens on the framework, but the values are the client's, as with
 * {@code docker compose}: the environment first, then the {@code .env} file beside the first compose file. Only
 * variables a file refers to are sent, so the rest of the environment stays on the client.
 */
public final class ComposeFiles {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)");
    private static final List<String> DEFAULT_NAMES = List.of("compose.yaml", "compose.yml", "docker-compose.yml",
            "docker-compose.yaml");

    private ComposeFiles() {}

    /** The files named, or the first of docker compose's default names found in {@code dir}. */
    public static List<Path> choose(List<Path> named, Path dir) throws IOException {
        if (!named.isEmpty()) {
            return named;
        }
        for (String name : DEFAULT_NAMES) {
            if (Files.isRegularFile(dir.resolve(name))) {
                return List.of(dir.resolve(name));
            }
        }
        throw new IOException("no compose file: name one with -f, or run where " + String.join(", ", DEFAULT_NAMES)
                + " is");
    }

    public static List<SourceFile> read(List<Path> files) throws IOException {
        List<SourceFile> sources = new ArrayList<>();
        for (Path file : files) {
            sources.add(new SourceFile(file.toString(), Files.readString(file, StandardCharsets.UTF_8)));
        }
        return sources;
    }

    /** The variables as docker compose sees them: {@code env} over the {@code .env} file in {@code projectDir}. */
    public static Map<String, String> available(Map<String, String> env, Path projectDir) throws IOException {
        Map<String, String> variables = new HashMap<>(dotEnv(projectDir.resolve(".env"), env));
        variables.putAll(env);
        return variables;
    }

    /** Of the {@code available} variables ({@link #available}), those the files refer to. */
    public static Map<String, String> referenced(List<SourceFile> sources, Map<String, String> available) {
        Set<String> referenced = new TreeSet<>();
        for (SourceFile source : sources) {
            Matcher m = REFERENCE.matcher(source.content().replace("$$", ""));
            while (m.find()) {
                referenced.add(m.group(1));
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : referenced) {
            Optional.ofNullable(available.get(name)).ifPresent(value -> values.put(name, value));
        }
        return values;
    }

    /** The {@code .env} file's variables (Compose's rules: {@link DotEnv}), or none when there is no such file. */
    public static Map<String, String> dotEnv(Path file, Map<String, String> env) throws IOException {
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            return DotEnv.parse(Files.readString(file, StandardCharsets.UTF_8), env);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * The project name as docker compose chooses it ({@link ProjectName}): {@code -p}, else
     * {@code COMPOSE_PROJECT_NAME} (give the environment over the {@code .env} variables), both taken as they are
     * and refused, as compose-go refuses them, when not lower-case letters, digits, {@code -} and {@code _}
     * starting with a letter or digit; else the top-level {@code name:} of the files (the last one that has it, its
     * variables interpolated), else the name of the directory of the first file, both normalised to that form.
     *
     * @throws IllegalArgumentException for a refused name, saying which, why and what would do
     */
    public static String projectName(Optional<String> flag, Map<String, String> variables, Path projectDir,
                                     List<SourceFile> files) {
        Optional<String> given = flag.filter(s -> !s.isEmpty());
        if (given.isPresent()) {
            return asGiven(given.get(), "--project-name");
        }
        Optional<String> fromEnv = Optional.ofNullable(variables.get(ProjectName.VARIABLE)).filter(s -> !s.isEmpty());
        if (fromEnv.isPresent()) {
            return asGiven(fromEnv.get(), ProjectName.VARIABLE);
        }
        Optional<String> fromFiles = ProjectName.fromFiles(files, variables);
        if (fromFiles.isPresent()) {
            return fromFiles.get();
        }
        Path dir = projectDir.toAbsolutePath().normalize();
        String normalized = ProjectName.normalize(dir.getFileName() == null ? "" : dir.getFileName().toString());
        if (normalized.isEmpty()) {
            throw new IllegalArgumentException("project name must not be empty: the directory " + dir + " gives none;"
                    + " give one with --project-name, " + ProjectName.VARIABLE + " or a top-level name:");
        }
        return normalized;
    }

    private static String asGiven(String name, String source) {
        Optional<String> problem = ProjectName.problem(name);
        if (problem.isPresent()) {
            throw new IllegalArgumentException(source + ": " + problem.get());
        }
        return name;
    }
}
