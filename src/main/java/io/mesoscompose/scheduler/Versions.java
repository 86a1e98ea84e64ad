package io.mesoscompose.scheduler;

import io.mesoscompose.plan.ProjectPlan;
import io.mesoscompose.plan.ServicePlan;
import io.mesoscompose.state.ProjectRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which plan each service of a project runs. A service runs its version's plan unless an update of it was rolled
 * back: then it runs what it ran in the previous version (found through {@link ProjectRecord#previous()}, itself
 * perhaps rolled back). Pure: {@code plans} are the plans made from each kept version's sources, by version.
 */
final class Versions {

    private Versions() {}

    /** The plan {@code service} runs in the record's version, if that version (or the one it rolled back to) is known. */
    static Optional<ServicePlan> running(ProjectRecord record, String service, Map<Long, ProjectPlan> plans) {
        if (record.rolledBack(service)) {
            return record.previous().flatMap(p -> running(p, service, plans));
        }
        return Optional.ofNullable(plans.get(record.version())).flatMap(p -> p.services().stream()
                .filter(s -> s.service().equals(service)).findFirst());
    }

    /**
     * What a rollback of {@code service} goes back to: what it ran in the previous version. Nothing once it was rolled
     * back (swarmkit clears the previous spec then), nor for a service the previous version did not have.
     */
    static Optional<ServicePlan> previous(ProjectRecord record, String service, Map<Long, ProjectPlan> plans) {
        return record.rolledBack(service) ? Optional.empty() : record.previous().flatMap(p -> running(p, service, plans));
    }

    /**
     * The project as it runs: the record's version's services, each with its running plan and the operator's replica
     * count. Empty when the record's own version has no plan.
     */
    static Optional<ProjectPlan> running(ProjectRecord record, Map<Long, ProjectPlan> plans) {
        ProjectPlan own = plans.get(record.version());
        if (own == null) {
            return Optional.empty();
        }
        List<ServicePlan> services = new ArrayList<>();
        for (ServicePlan s : own.services()) {
            services.add(PlanEdits.withOverride(running(record, s.service(), plans).orElse(s), record.replicas()));
        }
        return Optional.of(new ProjectPlan(own.project(), services, own.warnings()));
    }

    /** The versions a record still refers to: its own and its kept previous ones. */
    static List<Long> kept(ProjectRecord record) {
        List<Long> out = new ArrayList<>();
        for (Optional<ProjectRecord> r = Optional.of(record); r.isPresent(); r = r.get().previous()) {
            out.add(r.get().version());
        }
        return out;
    }
}
