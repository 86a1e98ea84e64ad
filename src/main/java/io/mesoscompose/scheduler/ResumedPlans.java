package io.mesoscompose.scheduler;

import io.mesoscompose.plan.ProjectPlan;
import java.util.Map;

/**
 * The plans re-made on start from the stored projects: each running project's current version, and the earlier
 * versions its record keeps for rollbacks ({@code ProjectRecord.previous}), by project and version.
 */
public record ResumedPlans(Map<String, ProjectPlan> current, Map<String, Map<Long, ProjectPlan>> earlier) {

    public ResumedPlans {
        current = Map.copyOf(current);
        earlier = Map.copyOf(earlier);
    }

    /** Current versions only: nothing to roll back to. */
    public static ResumedPlans current(Map<String, ProjectPlan> plans) {
        return new ResumedPlans(plans, Map.of());
    }
}
