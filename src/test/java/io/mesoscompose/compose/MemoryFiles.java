package io.mesoscompose.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.compose.model.ComposeProject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Compose files held in memory, by path relative to the project directory, loaded as the CLI would load them. */
final class MemoryFiles {
    private final Map<String, String> files = new HashMap<>();
    private final Map<String, String> env = new HashMap<>();
    private Optional<String> name = Optional.of("p");

    static MemoryFiles of(String path, String text) {
        return new MemoryFiles().with(path, text);
    }

    MemoryFiles with(String path, String text) {
        files.put(path, text);
        return this;
    }

    MemoryFiles env(String key, String value) {
        env.put(key, value);
        return this;
    }

    MemoryFiles unnamed() {
        name = Optional.empty();
        return this;
    }

    /** Loads the named files as {@code -f} files, in order. */
    LoadResult load(String... main) {
        List<SourceFile> sources = new ArrayList<>();
        for (String f : main) {
            sources.add(new SourceFile(f, files.get(f)));
        }
        return ComposeLoader.load(new LoadRequest(sources, name, env, f -> Optional.ofNullable(files.get(f))));
    }

    /** Loads, and asserts there is no error. */
    ComposeProject project(String... main) {
        LoadResult r = load(main);
        assertThat(r.diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
        return r.project().orElseThrow();
    }

    /** The error messages (whole lines) of a load that must fail. */
    List<String> errors(String... main) {
        LoadResult r = load(main);
        assertThat(r.project()).isEmpty();
        return r.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::toString).toList();
    }
}
