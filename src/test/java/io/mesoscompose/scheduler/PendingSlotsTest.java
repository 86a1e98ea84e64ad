package io.mesoscompose.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.compose.model.RestartPolicy;
import io.mesoscompose.plan.ProjectPlan;
import io.mesoscompose.plan.ServicePlan;
import io.mesoscompose.state.TaskRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PendingSlotsTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final ServicePlan api = Fixtures.plan("web", "api", 2, ServicePlan.Lifecycle.SERVICE,
            RestartPolicy.of(RestartPolicy.Condition.ALWAYS), 0.1, 32, List.of(), List.of(), List.of(), "fp1");
    private final List<ProjectPlan> plans = List.of(new ProjectPlan("web", List.of(api), List.of()));
    private final TaskTable tasks = new TaskTable();
    private final PendingSlots pending = new PendingSlots(RestartRules.Backoff.DEFAULT, RestartRules.LostTasks.REPLACED);

    @Test
    void aSlotInBackOffBecomesReadyWhenItsTimeComesWithNoOtherChange() {
        tasks.put(task("t0", 0, "TASK_RUNNING", T0));
        tasks.put(task("t1", 1, "TASK_FAILED", T0));
        pending.refresh(plans, tasks, T0, Set.of());
        assertThat(pending.unplaced()).isEmpty();
        assertThat(pending.reasons()).containsOnlyKeys(new Slot("web", "api", 1));
        assertThat(pending.reasons().get(new Slot("web", "api", 1))).startsWith("restart back-off until");

        pending.refresh(plans, tasks, T0.plus(Duration.ofSeconds(2)), Set.of());

        assertThat(pending.unplaced()).extracting(OfferMatcher.Pending::slot).containsExactly(new Slot("web", "api", 1));
        assertThat(pending.reasons()).containsEntry(new Slot("web", "api", 1), PendingSlots.NO_OFFER);
    }

    /**
     * A task's first word on its end can be followed by another (a reconciliation's answer): its slot is decided
     * again by the last. A job whose task is first reported failed waits its back-off to run again; once the task is
     * reported finished, the slot is done. A live task going from state to state does not reopen its slot.
     */
    @Test
    void aSlotIsDecidedAgainWhenItsTaskEndsOtherwiseThanFirstSaidButNotWhileItStartsAndRuns() {
        ServicePlan job = Fixtures.plan("web", "api", 2, ServicePlan.Lifecycle.JOB,
                RestartPolicy.of(RestartPolicy.Condition.ON_FAILURE), 0.1, 32, List.of(), List.of(), List.of(), "fp1");
        List<ProjectPlan> jobs = List.of(new ProjectPlan("web", List.of(job), List.of()));
        tasks.put(task("t0", 0, "TASK_STAGING", T0));
        tasks.put(task("t1", 1, "TASK_FAILED", T0));
        pending.refresh(jobs, tasks, T0, Set.of());
        assertThat(pending.reasons()).containsOnlyKeys(new Slot("web", "api", 1));

        tasks.put(task("t0", 0, "TASK_RUNNING", T0));
        tasks.put(task("t1", 1, "TASK_FINISHED", T0));
        pending.refresh(jobs, tasks, T0, Set.of());

        assertThat(pending.reasons()).isEmpty();
        assertThat(pending.unplaced()).isEmpty();
        pending.refresh(jobs, tasks, T0.plus(Duration.ofMinutes(10)), Set.of());
        assertThat(pending.unplaced()).as("done: not launched again when its back-off would have ended").isEmpty();
    }

    @Test
    void aPlacedReplicaIsNotOfferedToTheMatcherAgainUntilTheLauncherLetsItGo() {
        pending.refresh(plans, tasks, T0, Set.of());
        assertThat(pending.unplaced()).hasSize(2);
        Slot first = new Slot("web", "api", 0);

        pending.placed(List.of(first), Map.of(new Slot("web", "api", 1), "no offer with 4 cpus (largest 2)"));

        assertThat(pending.unplaced()).extracting(OfferMatcher.Pending::slot).containsExactly(new Slot("web", "api", 1));
        assertThat(pending.reasons()).containsOnly(Map.entry(new Slot("web", "api", 1), "no offer with 4 cpus (largest 2)"));
        assertThat(pending.waiting(new ServiceKey("web", "api")).count()).isEqualTo(1);
        pending.refresh(plans, tasks, T0, Set.of());
        assertThat(pending.unplaced()).hasSize(1);

        pending.release(Map.of(first, "vault sealed"));

        assertThat(pending.unplaced()).hasSize(2);
        assertThat(pending.reasons()).containsEntry(first, "vault sealed");
    }

    @Test
    void snapshotsShareAServicesWaitingMapUntilItChangesAndAManyReplicaServiceIsRemadeAtMostEverySecond() {
        int many = PendingSlots.MANY_WAITING + 2; // still more than MANY_WAITING after one is placed
        ServicePlan web = Fixtures.plan("web", "web", many, ServicePlan.Lifecycle.SERVICE,
                RestartPolicy.of(RestartPolicy.Condition.ALWAYS), 0.01, 8, List.of(), List.of(), List.of(), "fw");
        List<ProjectPlan> both = List.of(new ProjectPlan("web", List.of(api, web), List.of()));
        ServiceKey small = new ServiceKey("web", "api");
        ServiceKey big = new ServiceKey("web", "web");
        long t = 1_000_000_000_000L;
        pending.refresh(both, tasks, T0, Set.of());

        Map<ServiceKey, Map<Slot, String>> first = pending.shown(t);
        assertThat(first.get(small)).hasSize(2);
        assertThat(first.get(big)).hasSize(many).containsEntry(new Slot("web", "web", 7), PendingSlots.NO_OFFER);
        Map<ServiceKey, Map<Slot, String>> again = pending.shown(t + 1);
        assertThat(again.get(small)).as("nothing changed: the same map").isSameAs(first.get(small));
        assertThat(again.get(big)).isSameAs(first.get(big));

        // One replica of each placed: the small service's map is made again at once, the big one's after a second.
        pending.placed(List.of(new Slot("web", "api", 0), new Slot("web", "web", 0)), Map.of());
        Map<ServiceKey, Map<Slot, String>> soon = pending.shown(t + 500_000_000L);
        assertThat(soon.get(small)).containsOnlyKeys(new Slot("web", "api", 1));
        assertThat(soon.get(big)).isSameAs(first.get(big)).hasSize(many);
        Map<ServiceKey, Map<Slot, String>> later = pending.shown(t + 1_000_000_000L);
        assertThat(later.get(big)).hasSize(many - 1).doesNotContainKey(new Slot("web", "web", 0));

        pending.placed(List.of(new Slot("web", "web", 1)), Map.of());
        pending.showAllNow(); // a barrier: the snapshot shows every waiting replica as it is
        assertThat(pending.shown(t + 1_000_000_001L).get(big)).hasSize(many - 2);

        pending.placed(List.of(new Slot("web", "api", 1)), Map.of());
        assertThat(pending.shown(t + 1_000_000_002L)).as("none waits: gone").doesNotContainKey(small);
    }

    private static TaskRecord task(String id, int replica, String state, Instant at) {
        return new TaskRecord(id, "web", "api", replica, 1, "fp1", Optional.of("a1"), Optional.of("a1.example"), state,
                TaskRecord.Desired.RUN, Map.of(), Optional.empty(), Optional.empty(), Optional.empty(), 0, at, at,
                List.of());
    }
}
