package io.mesoscompose.framework;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.api.model.ProjectDiff;
import io.mesoscompose.api.model.ServiceChange;
import io.mesoscompose.api.model.ServiceChange.Change;
import io.mesoscompose.compose.ComposeInput;
import io.mesoscompose.compose.SourceFile;
import io.mesoscompose.plan.PlanSettings;
import io.mesoscompose.plan.Planner;
import io.mesoscompose.plan.ProjectPlan;
import io.mesoscompose.plan.ServicePlan;
import io.mesoscompose.state.TaskRecord;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A diff says what the scheduler would do: replace the live tasks whose fingerprint the new plan does not have. */
class ProjectDiffsTest {
    private static final String V1 = """
            services:
              web:
                image: nginx:1.25
                deploy: {replicas: 2}
              db:
                image: postgres:16
              cache:
                image: redis:7
            """;

    private static ProjectPlan plan(String yaml) {
        return ProjectService.load("shop", ComposeInput.of(List.of(new SourceFile("compose.yaml", yaml))), Map.of()).project()
                .map(p -> Planner.plan(p, PlanSettings.defaults())).orElseThrow();
    }

    private static ServicePlan service(ProjectPlan plan, String name) {
        return plan.services().stream().filter(s -> s.service().equals(name)).findFirst().orElseThrow();
    }

    private static TaskRecord task(String id, ServicePlan plan, String state, TaskRecord.Desired desired) {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        return new TaskRecord(id, "shop", plan.service(), 0, 1, plan.fingerprint(), Optional.of("a1"),
                Optional.of("agent1"), state, desired, Map.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                0, now, now, List.of());
    }

    private static ServiceChange change(ProjectDiff diff, String service) {
        return diff.services().stream().filter(s -> s.service().equals(service)).findFirst().orElseThrow();
    }

    @Test
    void eachServiceIsUnchangedScaledReplacedAddedOrRemovedWithTheTasksThatWouldBeStopped() {
        ProjectPlan before = plan(V1);
        ProjectPlan after = plan(V1.replace("nginx:1.25", "nginx:1.27").replace("""
                  db:
                    image: postgres:16
                """, """
                  db:
                    image: postgres:16
                    deploy: {replicas: 3}
                """).replace("""
                  cache:
                    image: redis:7
                """, """
                  worker:
                    image: busybox
                """));
        List<TaskRecord> tasks = List.of(
                task("web.1", service(before, "web"), "TASK_RUNNING", TaskRecord.Desired.RUN),
                task("web.2", service(before, "web"), "TASK_STARTING", TaskRecord.Desired.RUN),
                task("web.0", service(before, "web"), "TASK_FAILED", TaskRecord.Desired.RUN),
                task("db.1", service(before, "db"), "TASK_RUNNING", TaskRecord.Desired.RUN),
                task("cache.1", service(before, "cache"), "TASK_RUNNING", TaskRecord.Desired.RUN),
                task("cache.0", service(before, "cache"), "TASK_RUNNING", TaskRecord.Desired.KILL));

        ProjectDiff diff = ProjectDiffs.of("shop", Optional.of(4L), Optional.of(before), after, tasks, List.of());

        assertThat(diff.currentVersion()).hasValue(4L);
        assertThat(diff.services()).extracting(ServiceChange::service).containsExactly("web", "db", "worker", "cache");
        assertThat(change(diff, "web")).isEqualTo(new ServiceChange("web", Change.REPLACED, 2, 2, 2,
                List.of("image nginx:1.25 → nginx:1.27")));
        assertThat(change(diff, "db")).isEqualTo(new ServiceChange("db", Change.SCALED, 1, 3, 0, List.of()));
        assertThat(change(diff, "worker")).isEqualTo(new ServiceChange("worker", Change.ADDED, 0, 1, 0, List.of()));
        assertThat(change(diff, "cache")).isEqualTo(new ServiceChange("cache", Change.REMOVED, 1, 0, 1, List.of()));
        assertThat(change(diff, "web").describe()).isEqualTo("web: replaced (2 tasks): image nginx:1.25 → nginx:1.27");
        assertThat(diff.unchanged()).isFalse();
    }

    @Test
    void theSameFilesChangeNothingButTasksLeftOnAnEarlierDefinitionAreReplaced() {
        ProjectPlan current = plan(V1);
        ProjectPlan older = plan(V1.replace("nginx:1.25", "nginx:1.24"));
        List<TaskRecord> tasks = List.of(task("web.1", service(current, "web"), "TASK_RUNNING", TaskRecord.Desired.RUN));
        assertThat(ProjectDiffs.of("shop", Optional.of(2L), Optional.of(current), plan(V1), tasks, List.of())
                .unchanged()).isTrue();

        List<TaskRecord> paused = List.of(task("web.1", service(older, "web"), "TASK_RUNNING", TaskRecord.Desired.RUN));
        ServiceChange web = change(ProjectDiffs.of("shop", Optional.of(2L), Optional.of(current), plan(V1), paused,
                List.of()), "web");
        assertThat(web.change()).isEqualTo(Change.REPLACED);
        assertThat(web.reasons()).containsExactly("1 task runs an earlier definition of the service");
    }

    @Test
    void aProjectThatDoesNotRunHasEveryServiceAdded() {
        ProjectDiff diff = ProjectDiffs.of("shop", Optional.of(3L), Optional.empty(), plan(V1), List.of(), List.of());
        assertThat(diff.currentVersion()).isEmpty();
        assertThat(diff.services()).extracting(ServiceChange::change).containsOnly(Change.ADDED);
    }
}
