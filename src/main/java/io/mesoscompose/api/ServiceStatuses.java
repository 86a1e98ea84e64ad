package io.mesoscompose.api;

import io.mesoscompose.api.model.PendingTask;
import io.mesoscompose.api.model.PlannedService;
import io.mesoscompose.api.model.ProjectInfo;
import io.mesoscompose.api.model.ProjectStatus;
import io.mesoscompose.api.model.ServiceStatus;
import io.mesoscompose.api.model.TaskView;
import java.util.List;
import java.util.Optional;

/**
 * Counts per service from the backend's tasks and pending replicas: what {@code ps}, the project list and the
 * progress of {@code up} show. Pure.
 *
 * <p>Finished and failed tasks count only when launched by the project's current version, so an update is judged by
 * its own tasks, not by the failures of the version it replaces.
 */
public final class ServiceStatuses {

    private ServiceStatuses() {}

    public static ProjectStatus of(ProjectInfo project, List<TaskView> tasks, List<PendingTask> pending) {
        return new ProjectStatus(project.name(), project.version(), project.desired(), project.updatedAt(),
                project.plan().stream().map(s -> of(project, s, tasks, pending)).toList());
    }

    public static ServiceStatus of(ProjectInfo project, PlannedService service, List<TaskView> tasks,
                                   List<PendingTask> pending) {
        ServiceTally tally = ServiceTally.of(tasks.stream()
                .filter(t -> t.project().equals(project.name()) && t.service().equals(service.service()))::iterator);
        List<String> waiting = pending.stream()
                .filter(p -> p.project().equals(project.name()) && p.service().equals(service.service()))
                .map(PendingTask::reason).toList();
        return of(project, service, tally, waiting.size(), waiting.stream().distinct().toList());
    }

    /**
     * @param tally   the counts of the service's tasks
     * @param pending how many of its replicas wait for an offer
     * @param reasons why they wait, each reason once
     */
    public static ServiceStatus of(ProjectInfo project, PlannedService service, ServiceTally tally, int pending,
                                   List<String> reasons) {
        ServiceTally.Ended thisVersion = tally.endedIn(project.version());
        int desired = "KILLED".equals(project.desired()) ? 0 : service.replicas();
        return new ServiceStatus(project.name(), service.service(), service.lifecycle(), desired,
                tally.staging(), tally.running(), thisVersion.finished(), thisVersion.failed(), pending,
                reasons.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", reasons)),
                thisVersion.last().map(ServiceTally.Failure::text), service.update());
    }

    /** "task web_app.1a2b TASK_FAILED (exit code 1): Container exited with status 1". */
    static String failureText(String taskId, String state, Optional<Integer> exitCode, Optional<String> message) {
        StringBuilder text = new StringBuilder("task ").append(taskId).append(' ').append(state);
        exitCode.ifPresent(code -> text.append(" (exit code ").append(code).append(')'));
        message.filter(m -> !m.isBlank()).ifPresent(m -> text.append(": ").append(m));
        return text.toString();
    }
}
