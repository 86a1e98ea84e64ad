package io.mesoscompose.framework;

import io.mesoscompose.api.model.DiagnosticView;
import io.mesoscompose.api.model.ProjectDiff;
import io.mesoscompose.api.model.ServiceChange;
import io.mesoscompose.api.model.ServiceChange.Change;
import io.mesoscompose.compose.Diagnostic;
import io.mesoscompose.plan.PlanDiff;
import io.mesoscompose.plan.ProjectPlan;
import io.mesoscompose.plan.ServicePlan;
import io.mesoscompose.scheduler.TaskStates;
import io.mesoscompose.state.TaskRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What applying a new plan to a project would do, service by service, judged as the scheduler judges it: a live
 * task is replaced when the fingerprint it was launched from differs from the new plan's ({@link PlanDiff}).
 * Pure.
 */
final class ProjectDiffs {

    private ProjectDiffs() {}

    /**
     * @param current the plan running now (with the operator's replica counts), empty when the project does not run
     * @param tasks   the tasks the scheduler knows
     */
    static ProjectDiff of(String project, Optional<Long> currentVersion, Optional<ProjectPlan> current,
                          ProjectPlan next, Collection<TaskRecord> tasks, List<Diagnostic> warnings) {
        List<ServiceChange> changes = new ArrayList<>();
        for (ServicePlan after : next.services()) {
            Optional<ServicePlan> before = current.flatMap(p -> service(p, after.service()));
            List<TaskRecord> live = live(tasks, project, after.service());
            changes.add(before.map(b -> change(b, after, live))
                    .orElseGet(() -> new ServiceChange(after.service(), Change.ADDED, 0, after.replicas(),
                            0, List.of())));
        }
        Set<String> kept = next.services().stream().map(ServicePlan::service).collect(Collectors.toSet());
        current.ifPresent(p -> p.services().stream().filter(s -> !kept.contains(s.service())).forEach(gone ->
                changes.add(new ServiceChange(gone.service(), Change.REMOVED, gone.replicas(), 0,
                        live(tasks, project, gone.service()).size(), List.of()))));
        return new ProjectDiff(project, current.isPresent() ? currentVersion : Optional.empty(), changes,
                DiagnosticView.of(warnings));
    }

    private static ServiceChange change(ServicePlan before, ServicePlan after, List<TaskRecord> live) {
        List<TaskRecord> stale = live.stream().filter(t -> !t.fingerprint().equals(after.fingerprint())).toList();
        List<String> reasons = new ArrayList<>(PlanDiff.reasons(before, after));
        if (reasons.isEmpty() && !stale.isEmpty()) {
            // The plan is the same, but an update to it did not reach every task (paused, or rolled back).
            reasons.add(stale.size() + (stale.size() == 1 ? " task runs" : " tasks run")
                    + " an earlier definition of the service");
        }
        Change change;
        if (!reasons.isEmpty()) {
            change = Change.REPLACED;
        } else if (before.replicas() != after.replicas()) {
            change = Change.SCALED;
        } else {
            change = Change.UNCHANGED;
        }
        return new ServiceChange(after.service(), change, before.replicas(), after.replicas(),
                change == Change.REPLACED ? stale.size() : 0, reasons);
    }

    /** Tasks the scheduler keeps running: not ended, not being stopped. */
    private static List<TaskRecord> live(Collection<TaskRecord> tasks, String project, String service) {
        return tasks.stream().filter(t -> t.project().equals(project) && t.service().equals(service))
                .filter(t -> t.desired() == TaskRecord.Desired.RUN && !TaskStates.terminal(t.state()))
                .toList();
    }

    private static Optional<ServicePlan> service(ProjectPlan plan, String service) {
        return plan.services().stream().filter(s -> s.service().equals(service)).findFirst();
    }
}
