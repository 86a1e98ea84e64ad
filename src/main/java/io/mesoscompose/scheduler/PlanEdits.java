package io.mesoscompose.scheduler;

import io.mesoscompose.plan.ProjectPlan;
import io.mesoscompose.plan.ServicePlan;
import java.util.Map;

/**
 * Changes to a running project's plan: the operator's scale (killing one service is scaling it to 0), and a
 * service rolled back. Pure.
 */
public final class PlanEdits {

    private PlanEdits() {}

    static ProjectPlan scale(ProjectPlan plan, String service, int replicas) {
        if (replicas < 0) {
            throw new IllegalArgumentException("replicas must be 0 or more, not " + replicas);
        }
        requireService(plan, service);
        return new ProjectPlan(plan.project(), plan.services().stream()
                .map(s -> s.service().equals(service) ? s.withReplicas(replicas) : s).toList(), plan.warnings());
    }

    /**
     * The plan with the operator's replica counts of a {@code ProjectRecord} (scale, kill of a service) applied;
     * counts for services the plan no longer has are left out.
     */
    public static ProjectPlan withOverrides(ProjectPlan plan, Map<String, Integer> replicas) {
        return new ProjectPlan(plan.project(), plan.services().stream().map(s -> withOverride(s, replicas)).toList(),
                plan.warnings());
    }

    /** The service with the operator's replica count for it, if the record has one. */
    static ServicePlan withOverride(ServicePlan service, Map<String, Integer> replicas) {
        Integer scaled = replicas.get(service.service());
        return scaled == null ? service : service.withReplicas(scaled);
    }

    private static void requireService(ProjectPlan plan, String service) {
        if (plan.services().stream().noneMatch(s -> s.service().equals(service))) {
            throw new IllegalArgumentException("no service " + service + " in project " + plan.project());
        }
    }

    /** The project with one service's plan replaced (a rollback to what the service ran before). */
    static ProjectPlan replace(ProjectPlan plan, ServicePlan service) {
        requireService(plan, service.service());
        return new ProjectPlan(plan.project(), plan.services().stream()
                .map(s -> s.service().equals(service.service()) ? service : s).toList(), plan.warnings());
    }
}
