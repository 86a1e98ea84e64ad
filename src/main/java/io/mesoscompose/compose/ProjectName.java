package io.mesoscompose.compose;

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
 * interpolated; lower-cased and reduced to {@code a-z 0-9 _ -}, without leading {@code _} or {@code -}. The loader
 * then offers it to interpolation as {@code ${COMPOSE_PROJECT_NAME}}. Pure.
 */
public final class ProjectName {

    public static final String VARIABLE = "COMPOSE_PROJECT_NAME";

    private ProjectName() {}

    /** compose-go NormalizeProjectName. */
    public static String normalize(String s) {
        return s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_-]", "").replaceAll("^[_-]+", "");
    }

    /** The name the files give (their last top-level {@code name:}), for a client that has no other. */
    public static Optional<String> fromFiles(List<SourceFile> files, Map<String, String> env) {
        Diagnostics ignored = new Diagnostics();
        return fromDocuments(files.stream().flatMap(f -> YamlParser.parseAll(f, ignored).stream()).toList(), env,
                ignored);
    }

    static Optional<String> choose(Optional<String> explicit, Map<String, String> env, List<MappingNode> documents,
                                   Diagnostics d) {
        Optional<String> raw = explicit.filter(s -> !s.isBlank())
                .or(() -> Optional.ofNullable(env.get(VARIABLE)).filter(s -> !s.isBlank()));
        return raw.map(ProjectName::normalize).filter(s -> !s.isEmpty())
                .or(() -> fromDocuments(documents, env, d));
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
