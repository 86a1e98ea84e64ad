package io.mesoscompose.compose;

import io.mesoscompose.compose.model.SourcePosition;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * The project name as docker compose chooses it (compose-go cli/options.go withNamePrecedenceLoad and
 * loader.projectName): the explicit name ({@code -p}, the API path), else {@code COMPOSE_PROJECT_NAME} (from the
 * environment or {@code .env}), else the top-level {@code name:} of the last file that has one, with its variables
 * interpolated, else (on the client) the directory's name. A name from a file or a directory is normalised:
 * lower-cased and reduced to {@code a-z 0-9 _ -}, without leading {@code _} or {@code -}. A name given as it is
 * ({@code -p}, {@code COMPOSE_PROJECT_NAME}) is never changed: compose-go refuses it when it is not normalised
 * already (cli/options.go WithName, loader.InvalidProjectNameErr), since the project and its tasks are named as
 * given. The loader then offers the name to interpolation as {@code ${COMPOSE_PROJECT_NAME}}. Pure.
 *
 * <p>One exception, for the Go mesos-compose's v0 API: it names a project by its path as given ({@code mc:MyApp:web}),
 * capitals included, so the explicit name the loader gets from the API may have capitals; anything else compose-go
 * refuses is refused there too.
 */
public final class ProjectName {

    public static final String VARIABLE = "COMPOSE_PROJECT_NAME";
    /** compose-go loader.InvalidProjectNameErr's rule, word for word. */
    static final String RULE = "must consist only of lowercase alphanumeric characters, hyphens, and underscores as"
            + " well as start with a letter or number";

    private ProjectName() {}

    /** compose-go NormalizeProjectName. */
    public static String normalize(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "").replaceAll("^[_-]+", "");
    }

    /**
     * Why a name given as it is ({@code -p}, {@code COMPOSE_PROJECT_NAME}) is refused, or empty when it is normalised
     * already: compose-go's message, with the normalised form as a suggestion when there is one.
     */
    public static Optional<String> problem(String name) {
        String normalized = normalize(name);
        if (!name.isEmpty() && normalized.equals(name)) {
            return Optional.empty();
        }
        return Optional.of("invalid project name \"" + name + "\": " + RULE
                + (normalized.isEmpty() ? "" : " (such as \"" + normalized + "\")"));
    }

    /** The name the files give (their last top-level {@code name:}), for a client that has no other. */
    public static Optional<String> fromFiles(List<SourceFile> files, Map<String, String> env) {
        Diagnostics ignored = new Diagnostics();
        return fromDocuments(files.stream().flatMap(f -> YamlParser.parseAll(f, ignored).stream()).toList(), env,
                ignored);
    }

    /** The project's name, or empty with the reason reported (a refused name, or none anywhere). */
    static Optional<String> choose(Optional<String> explicit, Map<String, String> env, List<MappingNode> documents,
                                   Diagnostics d) {
        Optional<String> given = explicit.filter(s -> !s.isEmpty());
        if (given.isPresent()) {
            // the API's path: capitals are kept, as the Go mesos-compose keeps them (see the class comment)
            String name = given.get();
            boolean allowed = problem(name.toLowerCase(Locale.ROOT)).isEmpty();
            return refused(name, allowed ? Optional.empty() : problem(name), "", d);
        }
        Optional<String> fromEnv = Optional.ofNullable(env.get(VARIABLE)).filter(s -> !s.isEmpty());
        if (fromEnv.isPresent()) {
            return refused(fromEnv.get(), problem(fromEnv.get()), VARIABLE, d);
        }
        Optional<String> fromFiles = fromDocuments(documents, env, d);
        if (fromFiles.isEmpty() && !d.hasErrors()) {
            d.add(Diagnostic.Severity.ERROR, documents.isEmpty() ? SourcePosition.UNKNOWN
                    : Diagnostics.position(documents.get(0)), null, "name", "the project has no name",
                    "give one with --project-name, a top-level name:, or " + VARIABLE);
        }
        return fromFiles;
    }

    private static Optional<String> refused(String name, Optional<String> problem, String field, Diagnostics d) {
        problem.ifPresent(p -> d.add(Diagnostic.Severity.ERROR, SourcePosition.UNKNOWN, null, field, p, null));
        return problem.isPresent() ? Optional.empty() : Optional.of(name);
    }

    private static Optional<String> fromDocuments(List<MappingNode> documents, Map<String, String> env, Diagnostics d) {
        Optional<ScalarNode> last = Optional.empty();
        for (MappingNode document : documents) {
            Optional<ScalarNode> name = TreeMerge.get(document, "name").filter(ScalarNode.class::isInstance)
                    .map(ScalarNode.class::cast).filter(n -> !Values.isNull(n) && !n.getValue().isBlank());
            if (name.isPresent()) {
                last = name;
            }
        }
        return last.flatMap(n -> {
            Interpolation.Result r = Interpolation.apply(n.getValue(), env);
            r.error().ifPresent(message -> d.error(n, null, "name", message));
            return r.error().isPresent() ? Optional.empty() : Optional.of(normalize(r.value()));
        }).filter(s -> !s.isEmpty());
    }
}
