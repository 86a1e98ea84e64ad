package io.mesoscompose.framework;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.api.ServiceStatuses;
import io.mesoscompose.api.model.ProjectInfo;
import io.mesoscompose.api.model.ProjectStatus;
import io.mesoscompose.api.model.TaskView;
import io.mesoscompose.compose.ComposeInput;
import io.mesoscompose.compose.SourceFile;
import io.mesoscompose.plan.PlanPrinter;
import io.mesoscompose.plan.PlanSettings;
import io.mesoscompose.plan.Planner;
import io.mesoscompose.plan.ProjectPlan;
import io.mesoscompose.scheduler.SchedulerSnapshot;
import io.mesoscompose.scheduler.ServiceKey;
import io.mesoscompose.scheduler.ServiceTasks;
import io.mesoscompose.scheduler.Slot;
import io.mesoscompose.state.ProjectRecord;
import io.mesoscompose.state.TaskRecord;
import java.lang.ref.WeakReference;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The API's reads of a snapshot: the counts per service, made from the counts of groups of tasks, are what counting
 * every task view says ({@link ServiceStatuses}); and what a snapshot shares with the one before (groups of tasks,
 * the project's record and plan) is not made again.
 */
class SnapshotViewsTest {

    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
    private static final ProjectPlan PLAN = ProjectService.load("shop", ComposeInput.of(List.of(new SourceFile(
            "compose.yaml", """
                    services:
                      web:
                        image: nginx
                        deploy: {replicas: 3}
                      migrate:
                        image: flyway/flyway
                        deploy: {restart_policy: {condition: none}}
                    """))), Map.of()).project().map(p -> Planner.plan(p, PlanSettings.defaults())).orElseThrow();

    record Task(int service, int replica, long version, String state, int second, Optional<Integer> exitCode) {}

    @Provide
    Arbitrary<List<Task>> tasks() {
        return Combinators.combine(Arbitraries.integers().between(0, 1), Arbitraries.integers().between(0, 700),
                Arbitraries.longs().between(1, 3), Arbitraries.of("LAUNCHING", "TASK_STAGING", "TASK_STARTING",
                        "TASK_RUNNING", "TASK_FINISHED", "TASK_FAILED", "TASK_KILLED", "TASK_LOST", "TASK_UNREACHABLE"),
                Arbitraries.integers().between(0, 50), Arbitraries.integers().between(0, 2).optional())
                .as(Task::new).list().ofMaxSize(400);
    }

    @Property(tries = 100)
    void countsPerServiceAreThoseOfCountingEveryTaskView(@ForAll("tasks") List<Task> specs,
                                                         @ForAll("waiting") Map<Slot, String> waiting) {
        List<TaskRecord> records = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            records.add(record("t" + i, specs.get(i)));
        }
        SchedulerSnapshot snap = withWaiting(SchedulerSnapshot.of(Optional.of("fw"), true,
                Map.of("shop", project(2)), Map.of("shop", PLAN), records), waiting);
        SnapshotViews views = new SnapshotViews(() -> snap);
        ProjectInfo info = views.project("shop").orElseThrow();

        ProjectStatus counted = views.status(info);

        ProjectStatus expected = ServiceStatuses.of(info, views.tasksOf("shop"), views.pendingOf("shop"));
        assertThat(counted.services()).usingRecursiveFieldByFieldElementComparatorIgnoringFields("pendingReason")
                .containsExactlyElementsOf(expected.services());
        for (int i = 0; i < expected.services().size(); i++) {
            assertThat(counted.services().get(i).pendingReason().map(SnapshotViewsTest::reasons))
                    .isEqualTo(expected.services().get(i).pendingReason().map(SnapshotViewsTest::reasons));
        }
        assertThat(views.tasks()).hasSize(records.size());
        assertThat(views.taskCountsByState()).isEqualTo(views.tasks().stream()
                .collect(Collectors.groupingBy(TaskView::state, TreeMap::new, Collectors.counting())));
    }

    @Provide
    Arbitrary<Map<Slot, String>> waiting() {
        return Arbitraries.maps(Combinators.combine(Arbitraries.of("web", "migrate"), Arbitraries.integers().between(0, 5))
                .as((s, r) -> new Slot("shop", s, r)), Arbitraries.of("waiting for an offer", "no offer with 4 cpus"))
                .ofMaxSize(6);
    }

    @Test
    void viewsOfGroupsAndTheProjectThatDidNotChangeAreKept() {
        SchedulerSnapshot before = sixHundredRunning();
        ServiceKey web = new ServiceKey("shop", "web");
        List<List<TaskRecord>> groups = new ArrayList<>(before.services().get(web).groups());
        assertThat(groups).hasSizeGreaterThan(1);
        List<TaskRecord> changed = new ArrayList<>(groups.get(groups.size() - 1));
        changed.set(0, record(changed.get(0).taskId(), new Task(0, changed.get(0).replica(), 2, "TASK_FAILED", 9,
                Optional.of(1))));
        groups.set(groups.size() - 1, List.copyOf(changed));
        SchedulerSnapshot after = new SchedulerSnapshot(before.frameworkId(), true, before.projects(), before.plans(),
                Map.of(web, ServiceTasks.of(web, groups)), Map.of(), 0);
        AtomicReference<SchedulerSnapshot> current = new AtomicReference<>(before);
        SnapshotViews views = new SnapshotViews(current::get);
        ProjectInfo info = views.project("shop").orElseThrow();
        List<TaskView> viewsBefore = views.tasksOf("shop");
        assertThat(views.status(info).services().get(0).running()).isEqualTo(600);

        current.set(after);

        assertThat(views.project("shop")).containsSame(info);
        List<TaskView> viewsAfter = views.tasksOf("shop");
        assertThat(viewsAfter.get(0)).isSameAs(viewsBefore.get(0));
        assertThat(viewsAfter.get(viewsAfter.size() - 1)).isNotSameAs(viewsBefore.get(viewsBefore.size() - 1));
        assertThat(views.status(info).services().get(0)).satisfies(s -> {
            assertThat(s.running()).isEqualTo(599);
            assertThat(s.failed()).isEqualTo(1);
            assertThat(s.lastFailure()).hasValueSatisfying(text -> assertThat(text).contains("TASK_FAILED (exit code 1)"));
        });
    }

    @Test
    void aProjectsPlanHasEachServicesTaskInfoTemplateInProtobufsJsonForm() {
        SchedulerSnapshot snap = sixHundredRunning();
        SnapshotViews views = new SnapshotViews(() -> snap);

        ProjectInfo info = views.project("shop").orElseThrow();

        assertThat(info.plan()).hasSize(PLAN.services().size());
        for (int i = 0; i < PLAN.services().size(); i++) {
            assertThat(info.plan().get(i).taskInfo().get())
                    .isEqualTo(PlanPrinter.protobuf(PLAN.services().get(i).template()));
        }
        assertThat(info.plan().get(0).taskInfo().get().get("name").asText()).isEqualTo(PLAN.services().get(0).taskName());
    }

    @Test
    void whatIsKeptForGroupsNoSnapshotHoldsAnyMoreIsDroppedOnceItOutgrowsThoseItHolds() {
        SchedulerSnapshot first = sixHundredRunning();
        ServiceKey web = new ServiceKey("shop", "web");
        List<List<TaskRecord>> groups = new ArrayList<>(first.services().get(web).groups());
        int bound = Math.max(SnapshotViews.KEEP_ANYWAY, 2 * groups.size());
        AtomicReference<SchedulerSnapshot> current = new AtomicReference<>(first);
        SnapshotViews views = new SnapshotViews(current::get);
        int most = 0;
        for (int i = 0; i < 3 * bound; i++) {
            // A step that changed the last group: the snapshot holds a new list for it, the old one is gone.
            groups.set(groups.size() - 1, List.copyOf(new ArrayList<>(groups.get(groups.size() - 1))));
            current.set(new SchedulerSnapshot(first.frameworkId(), true, first.projects(), first.plans(),
                    Map.of(web, ServiceTasks.of(web, groups)), Map.of(), 0));
            ProjectInfo info = views.project("shop").orElseThrow();
            assertThat(views.tasksOf("shop")).hasSize(600);
            assertThat(views.status(info).services().get(0).running()).isEqualTo(600);
            assertThat(views.taskCountsByState()).containsExactly(Map.entry("TASK_RUNNING", 600L));
            most = Math.max(most, views.keptGroups());
        }
        assertThat(most).isLessThanOrEqualTo(bound + groups.size());
    }

    @Test
    void whatIsKeptForAGroupNoSnapshotHoldsDoesNotKeepTheGroupAlive() throws InterruptedException {
        SchedulerSnapshot first = sixHundredRunning();
        ServiceKey web = new ServiceKey("shop", "web");
        List<List<TaskRecord>> groups = new ArrayList<>(first.services().get(web).groups());
        AtomicReference<SchedulerSnapshot> current = new AtomicReference<>(first);
        SnapshotViews views = new SnapshotViews(current::get);
        ProjectInfo info = views.project("shop").orElseThrow();
        assertThat(views.tasksOf("shop")).hasSize(600);
        assertThat(views.status(info).services().get(0).running()).isEqualTo(600);
        WeakReference<List<TaskRecord>> replaced = new WeakReference<>(groups.getLast());
        groups.set(groups.size() - 1, List.copyOf(new ArrayList<>(groups.getLast())));
        current.set(new SchedulerSnapshot(first.frameworkId(), true, first.projects(), first.plans(),
                Map.of(web, ServiceTasks.of(web, groups)), Map.of(), 0));
        first = null; // no snapshot holds the replaced group now
        assertThat(views.tasksOf("shop")).hasSize(600);
        assertThat(views.status(info).services().get(0).running()).isEqualTo(600);
        assertThat(views.keptGroups()).as("what was made for the replaced group is still kept").isGreaterThan(groups.size());
        for (int i = 0; i < 50 && replaced.get() != null; i++) {
            System.gc();
            Thread.sleep(20);
        }
        assertThat(replaced.get()).as("the replaced group, with the records it held").isNull();
    }

    /** A snapshot of project shop with 600 running replicas of web. */
    private static SchedulerSnapshot sixHundredRunning() {
        List<TaskRecord> tasks = new ArrayList<>();
        for (int r = 0; r < 600; r++) {
            tasks.add(record("t" + r, new Task(0, r, 2, "TASK_RUNNING", 0, Optional.empty())));
        }
        return SchedulerSnapshot.of(Optional.of("fw"), true, Map.of("shop", project(2)), Map.of("shop", PLAN), tasks);
    }

    private static List<String> reasons(String joined) {
        return Arrays.stream(joined.split("; ")).sorted().toList();
    }

    private static SchedulerSnapshot withWaiting(SchedulerSnapshot s, Map<Slot, String> waiting) {
        Map<ServiceKey, Map<Slot, String>> grouped = new HashMap<>();
        waiting.forEach((slot, why) -> grouped.computeIfAbsent(ServiceKey.of(slot), k -> new HashMap<>())
                .put(slot, why));
        return new SchedulerSnapshot(s.frameworkId(), s.subscribed(), s.projects(), s.plans(), s.services(), grouped,
                s.awaitingReconciliation());
    }

    private static ProjectRecord project(long version) {
        return new ProjectRecord("shop", version, List.of(), Map.of(), ProjectRecord.Desired.RUNNING, T0);
    }

    private static TaskRecord record(String id, Task t) {
        Instant at = T0.plusSeconds(t.second());
        return new TaskRecord(id, "shop", t.service() == 0 ? "web" : "migrate", t.replica(), t.version(), "f",
                Optional.of("a1"), Optional.of("a1.example"), t.state(), TaskRecord.Desired.RUN, Map.of(),
                Optional.of("exited"), t.exitCode(), Optional.empty(), 0, T0, at, List.of());
    }
}
