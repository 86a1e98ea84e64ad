package io.mesoscompose.api;

import io.mesoscompose.api.model.PendingTask;
import io.mesoscompose.api.model.PlannedService;
import io.mesoscompose.api.model.ProjectInfo;
import io.mesoscompose.api.model.ProjectStatus;
import io.mesoscompose.api.model.ServiceStatus;
import io.mesoscompose.api.model.TaskView;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

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
        List<TaskView> mine = tasks.stream()
                .filter(t -> t.project().equals(project.name()) && t.service().equals(service.service()))
                .toList();
        List<TaskView> thisVersion = mine.stream().filter(t -> t.projectVersion() == project.version()).toList();
        List<TaskView> failed = thisVersion.stream().filter(TaskView::isFailed).toList();
        List<PendingTask> waiting = pending.stream()
                .filter(p -> p.project().equals(project.name()) && p.service().equals(service.service()))
                .toList();
        List<String> reasons = waiting.stream().map(PendingTask::reason).distinct().toList();
        Optional<String> lastFailure = failed.stream()
                .max(Comparator.comparing(TaskView::updatedAt))
                .map(ServiceStatuses::failureText);
        int desired = "KILLED".equals(project.desired()) ? 0 : service.replicas();
        return new ServiceStatus(project.name(), service.service(), service.lifecycle(), desired,
                count(mine, TaskView::isStaging),
                count(mine, TaskView::isRunning),
                count(thisVersion, t -> "TASK_FINISHED".equals(t.state())),
                failed.size(),
                waiting.size(),
                reasons.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", reasons)),
                lastFailure, service.update());
    }

    /** "task web_app.1a2b TASK_FAILED (exit code 1): Container exited with status 1". */
    static String failureText(TaskView task) {
        StringBuilder text = new StringBuilder("task ").append(task.taskId()).append(' ').append(task.state());
        task.exitCode().ifPresent(code -> text.append(" (exit code ").append(code).append(')'));
        task.message().filter(m -> !m.isBlank()).ifPresent(m -> text.append(": ").append(m));
        return text.toString();
    }

    private static int count(List<TaskView> tasks, Predicate<TaskView> which) {
        return (int) tasks.stream().filter(which).count();
    }
}
