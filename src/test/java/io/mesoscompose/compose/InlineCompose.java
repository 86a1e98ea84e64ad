package io.mesoscompose.compose;

import io.mesoscompose.compose.model.Service;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Loads a compose text block written in a test, as {@code c.yml}, and picks out what the tests look at. */
final class InlineCompose {

    private InlineCompose() {}

    static LoadResult load(String yaml) {
        return ComposeLoader.load(new LoadRequest(List.of(new SourceFile("c.yml", yaml)), Optional.of("p"), Map.of(),
                f -> Optional.empty()));
    }

    /** The service {@code name} of a file that must load without errors. */
    static Service service(String yaml, String name) {
        LoadResult r = load(yaml);
        if (r.project().isEmpty()) {
            throw new AssertionError("refused: " + lines(r, Diagnostic.Severity.ERROR));
        }
        return r.project().get().services().get(name);
    }

    static List<String> errors(String yaml) {
        return lines(load(yaml), Diagnostic.Severity.ERROR);
    }

    static List<String> warnings(String yaml) {
        return lines(load(yaml), Diagnostic.Severity.WARNING);
    }

    static List<String> lines(LoadResult r, Diagnostic.Severity severity) {
        return r.diagnostics().stream().filter(d -> d.severity() == severity).map(Diagnostic::toString).toList();
    }
}
