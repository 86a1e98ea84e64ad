package io.mesoscompose.plan;

import io.mesoscompose.compose.Diagnostic;
import java.util.List;

/** A compose project translated: one ServicePlan per service, in the order of the file, plus plan warnings. */
public record ProjectPlan(String project, List<ServicePlan> services, List<Diagnostic> warnings) {
    public ProjectPlan {
        services = List.copyOf(services);
        warnings = List.copyOf(warnings);
    }
}
