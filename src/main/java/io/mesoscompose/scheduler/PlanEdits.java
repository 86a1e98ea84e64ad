package io.mesoscompose.scheduler;

import io.mesoscompose.plan.ProjectPlan;
import io.mesoscompose.plan.ServicePlan;
import java.util.Map;

/** Operator changes to a running project's plan (scale; killing one service is scaling it to 0). Pure. */
public final class PlanEdits {

    private PlanEdits() {}

    public static ProjectPlan scale(ProjectPlan plan, String service, int replicas) {
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must be 0 or more, not " + replicas);
        }
        requireService(plan, service);
        return new ProjectPlan(plan.project(), plan.services().stream()
                .map(s -> s.service().equals(service) ? withReplicas(s, replicas) : s).toList(), plan.warnings());
    }

    /**
     * The plan with the operator's replica counts of a {@code ProjectRecord} (scale, kill of a service) applied;
     * counts for services the plan no longer has are left out.
     */
    public static ProjectPlan withOverrides(ProjectPlan plan, Map<String, Integer> replicas) {
        ProjectPlan out = plan;
        for (Map.Entry<String, Integer> o : replicas.entrySet()) {
            if (plan.services().stream().anyMatch(s -> s.service().equals(o.getKey()))) {
                out = scale(out, o.getKey(), o.getValue());
            }
        }
        return out;
    }

    private static void requireService(ProjectPlan plan, String service) {
        if (plan.services().stream().noneMatch(s -> s.service().equals(service))) {
            throw new IllegalArgumentException("no service " + service + " in project " + plan.project());
        }
    }

    private static ServicePlan withReplicas(ServicePlan s, int n) {
        return new ServicePlan(s.project(), s.service(), s.taskName(), n, s.lifecycle(), s.restart(), s.constraints(),
                s.dependsOn(), s.update(), s.needs(), s.hostPorts(), s.template(), s.secretEnv(), s.fingerprint());
    }
}
