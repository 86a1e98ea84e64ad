package io.mesoscompose.plan;

import io.mesoscompose.compose.ComposeLoader;
import io.mesoscompose.compose.Diagnostic;
import io.mesoscompose.compose.LoadRequest;
import io.mesoscompose.compose.LoadResult;
import io.mesoscompose.compose.SourceFile;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Loads a compose text block written in a test (as {@code c.yml}, project {@code p}) and plans it. */
final class InlinePlans {

    private InlinePlans() {}

    static ProjectPlan plan(String yaml) {
        LoadResult r = ComposeLoader.load(new LoadRequest(List.of(new SourceFile("c.yml", yaml)), Optional.of("p"),
                Map.of(), f -> Optional.empty()));
        if (r.project().isEmpty()) {
            throw new AssertionError("refused by the loader: " + r.diagnostics());
        }
        return Planner.plan(r.project().get(), PlanSettings.defaults());
    }

    static List<String> errors(ProjectPlan plan) {
        return plan.warnings().stream().filter(Diagnostic::isError).map(Diagnostic::toString).toList();
    }

    static List<String> warnings(ProjectPlan plan) {
        return plan.warnings().stream().filter(d -> !d.isError()).map(Diagnostic::toString).toList();
    }
}
