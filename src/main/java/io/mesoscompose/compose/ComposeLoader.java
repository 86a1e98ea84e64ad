package io.mesoscompose.compose;

import io.mesoscompose.compose.model.ComposeProject;
import io.mesoscompose.compose.model.SourcePosition;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;

/**
 * Public entry point: compose files → one interpolated, merged YAML tree ({@link ModelLoader}: includes, extends,
 * reset tags, merge rules) → the services the active profiles enable ({@link Profiles}) → {@link ProjectReader}. Never throws for bad
 * input; every problem is a {@link Diagnostic}. Pure: other files are read only through the request's reader.
 */
public final class ComposeLoader {

    private ComposeLoader() {}

    public static LoadResult load(LoadRequest request) {
        Diagnostics d = new Diagnostics();
        try {
            return new LoadResult(loadInto(request, d), d.all());
        } catch (RuntimeException | StackOverflowError e) {
            d.add(Diagnostic.Severity.ERROR, SourcePosition.UNKNOWN, null, "",
                    "the compose files could not be loaded: " + e, null);
            return new LoadResult(Optional.empty(), d.all());
        }
    }

    private static Optional<ComposeProject> loadInto(LoadRequest request, Diagnostics d) {
        if (request.files().isEmpty()) {
            d.add(Diagnostic.Severity.ERROR, SourcePosition.UNKNOWN, null, "", "no compose file given", null);
            return Optional.empty();
        }
        Map<String, String> env = environment(request, d);
        List<ModelLoader.ParsedFile> files = request.files().stream().map(f -> ModelLoader.parse(f, d)).toList();
        if (d.hasErrors()) {
            return Optional.empty();
        }
        List<MappingNode> documents = files.stream().flatMap(f -> f.documents().stream()).toList();
        Optional<String> name = ProjectName.choose(request.projectName(), env, documents, d);
        if (name.isEmpty()) {
            return Optional.empty(); // ProjectName said why
        }
        env.put(ProjectName.VARIABLE, name.get());
        Optional<MappingNode> merged = ModelLoader.loadParsed(files, env, "", new Loading(d, request.readFile()),
                List.of());
        if (merged.isEmpty() || d.hasErrors()) {
            return Optional.empty();
        }
        Optional<ComposeProject> project = ProjectReader.read(name.get(), merged.get(), env, request.readFile(), d);
        return d.hasErrors() ? Optional.empty() : project;
    }

    /** The given environment over the variables of an optional {@code .env} (read through the request). */
    private static Map<String, String> environment(LoadRequest request, Diagnostics d) {
        Map<String, String> env = new HashMap<>();
        Optional<String> dotEnv = request.readFile().apply(".env");
        if (dotEnv.isPresent()) {
            try {
                env.putAll(DotEnv.parse(dotEnv.get(), request.environment()));
            } catch (IllegalArgumentException e) {
                d.add(Diagnostic.Severity.ERROR, new SourcePosition(".env", 0, 0), null, "", e.getMessage(), null);
            }
        }
        env.putAll(request.environment());
        return env;
    }
}
