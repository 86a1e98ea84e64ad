package io.mesoscompose.plan;

import io.mesoscompose.compose.Diagnostic;
import java.util.List;

/**
 * A compose project translated: one ServicePlan per service, in the order of the file, plus what the translation
 * found: warnings (a field ignored or changed in meaning), and errors for what the framework's settings make
 * impossible (then the project must not be applied; see {@link #hasErrors()}).
 */
public record ProjectPlan(String project, List<ServicePlan> services, List<Diagnostic> warnings) {
    public ProjectPlan {
        services = List.copyOf(services);
        warnings = List.copyOf(warnings);
    }

    public boolean hasErrors() {
        return warnings.stream().anyMatch(Diagnostic::isError);
    }
}
