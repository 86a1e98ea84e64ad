package io.mesoscompose.scheduler;

import static io.mesoscompose.scheduler.Fixtures.offer;
import static io.mesoscompose.scheduler.Fixtures.service;
import static io.mesoscompose.scheduler.Fixtures.update;
import static io.mesoscompose.scheduler.Fixtures.version;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.mesoscompose.compose.model.Deploy.UpdateConfig;
import io.mesoscompose.compose.model.Deploy.UpdateConfig.FailureAction;
import io.mesoscompose.compose.model.Deploy.UpdateConfig.Order;
import io.mesoscompose.mesos.MesosEvent;
import io.mesoscompose.plan.ProjectPlan;
import io.mesoscompose.plan.ServicePlan;
import io.mesoscompose.secrets.SecretResolver;
import io.mesoscompose.state.ProjectRecord;
import io.mesoscompose.state.ProjectRecord.UpdateStatus;
import io.mesoscompose.state.StateChange;
import io.mesoscompose.state.TaskRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.junit.jupiter.api.Test;

/**
 * Rolling updates through the scheduler loop, on a test clock. The first three tests are the defects measured in
 * issue 16 point 8 ({@code parallelism: 1, delay: 2s, order: start-first} over 3 replicas replaced them in 2.1 s:
 * the second batch started 0.9 s after the first, two old tasks were killed together, 5 tasks ran at one moment);
 * on the code before the fix they measured 0.1 s, 2 and 5.
 *
 * <p>Swarmkit's updater (manager/orchestrator/update/updater.go, {@code Updater.worker}) takes the next slot only
 * after the previous one's new task runs and then {@code delay} has passed; with start-first ({@code updateTask}) the
 * old task is shut down once its replacement runs.
 */
class RollingUpdateLoopTest {

    private static final Duration ROUND = Duration.ofMillis(100);

    private static ServicePlan v1(int replicas) {
        return service("web", "api", replicas, 1, 128);
    }

    private static ServicePlan v2(int replicas, UpdateConfig update) {
        return version(v1(replicas), "fp2", Optional.of(update), Optional.empty());
    }

    private static UpdateConfig startFirst(int parallelism, Duration delay) {
        return update(parallelism, delay, Order.START_FIRST, FailureAction.PAUSE, Duration.ofSeconds(5), 0);
    }

    /**
     * Plays Mesos for the scheduler: every round the clock moves 100 ms, an ample offer comes, staging tasks start
     * (or fail, as {@code fails} says), and kills are confirmed one round after they were sent. It records the most
     * tasks of the service alive at once, the most stopping at once, and when each task of a fingerprint launched.
     */
    static final class Mesos {
        final SchedulerHarness h;
        Predicate<TaskRecord> fails = t -> false;
        final Set<String> confirmed = new HashSet<>();
        final Set<String> seen = new HashSet<>();
        final List<TaskRecord> launches = new ArrayList<>();
        int mostLive;
        int mostStopping;

        Mesos(SchedulerHarness h) {
            this.h = h;
        }

        /** Runs {@code replicas} of {@code plan} and moves the clock on. */
        Mesos running(ServicePlan plan) {
            h.subscribe();
            h.apply(plan);
            h.offers(offer("a1", 64, 65536));
            h.live().forEach(t -> h.status(t.taskId(), TaskState.TASK_RUNNING, null));
            h.clock.advance(Duration.ofSeconds(10));
            return this;
        }

        void round() {
            h.clock.advance(ROUND);
            h.offers(offer("a1", 64, 65536));
            observe();
            for (TaskRecord t : h.live().stream().filter(t -> t.state().equals("TASK_STAGING")).toList()) {
                if (fails.test(t)) {
                    h.status(t.taskId(), TaskState.TASK_FAILED, "Command exited with status 1");
                } else {
                    h.status(t.taskId(), TaskState.TASK_RUNNING, null);
                }
            }
            observe();
            h.calls.of(RecordingCalls.Kill.class).stream().map(RecordingCalls.Kill::taskId).filter(confirmed::add)
                    .toList().forEach(id -> h.status(id, TaskState.TASK_KILLED, null));
        }

        private void observe() {
            for (TaskRecord t : h.tasks()) {
                if (seen.add(t.taskId())) {
                    launches.add(t);
                }
            }
            mostLive = Math.max(mostLive, h.live().size());
            mostStopping = Math.max(mostStopping,
                    (int) h.live().stream().filter(t -> t.desired() == TaskRecord.Desired.KILL).count());
        }

        void until(String what, BooleanSupplier done) {
            for (int i = 0; i < 1000; i++) {
                round();
                if (done.getAsBoolean()) {
                    return;
                }
            }
            throw new AssertionError("never " + what + "; tasks: " + h.tasks());
        }

        boolean allRun(String fingerprint, int replicas) {
            return h.live().size() == replicas && h.live().stream()
                    .allMatch(t -> t.fingerprint().equals(fingerprint) && t.state().equals("TASK_RUNNING"));
        }

        List<Instant> launchTimes(String fingerprint) {
            return launches.stream().filter(t -> t.fingerprint().equals(fingerprint)).map(TaskRecord::createdAt).toList();
        }

        Optional<UpdateStatus> status() {
            return Optional.ofNullable(h.store.project("web").orElseThrow().updates().get("api"));
        }
    }

    private static Mesos updated(SchedulerHarness h, int replicas, ServicePlan next) {
        Mesos m = new Mesos(h).running(v1(replicas));
        h.apply(next);
        m.until("all replicas run " + next.fingerprint(), () -> m.allRun(next.fingerprint(), replicas));
        return m;
    }

    @Test
    void startFirstWaitsTheDelayAfterEachBatchBeforeStartingTheNext() {
        try (var h = new SchedulerHarness()) {
            List<Instant> launches = updated(h, 3, v2(3, startFirst(1, Duration.ofSeconds(2)))).launchTimes("fp2");
            assertThat(launches).hasSize(3);
            for (int i = 1; i < launches.size(); i++) {
                assertThat(Duration.between(launches.get(i - 1), launches.get(i)))
                        .as("batch %d starts the delay after batch %d finished, and not much later", i + 1, i)
                        .isBetween(Duration.ofSeconds(2), Duration.ofSeconds(3));
            }
        }
    }

    @Test
    void startFirstWithParallelismOneNeverStopsTwoOldTasksAtOnce() {
        try (var h = new SchedulerHarness()) {
            assertThat(updated(h, 3, v2(3, startFirst(1, Duration.ofSeconds(2)))).mostStopping).isEqualTo(1);
        }
    }

    @Test
    void startFirstNeverRunsMoreThanReplicasPlusParallelismTasks() {
        try (var h = new SchedulerHarness()) {
            assertThat(updated(h, 3, v2(3, startFirst(1, Duration.ofSeconds(2)))).mostLive).isEqualTo(4);
        }
        try (var h = new SchedulerHarness()) {
            assertThat(updated(h, 5, v2(5, startFirst(2, Duration.ofSeconds(1)))).mostLive).isEqualTo(7);
        }
    }

    @Test
    void stopFirstNeverRunsMoreThanTheReplicas() {
        try (var h = new SchedulerHarness()) {
            UpdateConfig u = update(2, Duration.ofSeconds(1), Order.STOP_FIRST, FailureAction.PAUSE, Duration.ofSeconds(5), 0);
            Mesos m = updated(h, 5, v2(5, u));
            assertThat(m.mostLive).isEqualTo(5);
            assertThat(m.mostStopping).isEqualTo(2);
        }
    }

    @Test
    void anUpdateIsStoredAsCompletedAfterItsMonitorPeriod() {
        try (var h = new SchedulerHarness()) {
            Mesos m = updated(h, 2, v2(2, startFirst(1, Duration.ZERO)));
            assertThat(m.status()).get().extracting(UpdateStatus::state).isEqualTo(UpdateStatus.State.UPDATING);
            m.until("completed", () -> m.status().map(s -> s.state() == UpdateStatus.State.COMPLETED).orElse(false));
            assertThat(m.status().orElseThrow().message()).isEqualTo("update completed");
        }
    }

    @Test
    void failureActionPauseLeavesTheOldTasksRunningUntilANewVersionIsApplied() {
        // TestUpdaterFailureAction: one v2 task, the others stay v1, the update PAUSED; a new spec starts anew.
        try (var h = new SchedulerHarness()) {
            Mesos m = new Mesos(h).running(v1(3));
            m.fails = t -> t.fingerprint().equals("fp2");
            h.apply(v2(3, update(1, Duration.ZERO, Order.STOP_FIRST, FailureAction.PAUSE, Duration.ofSeconds(5), 0)));
            m.until("paused", () -> m.status().map(s -> s.state() == UpdateStatus.State.PAUSED).orElse(false));
            assertThat(m.status().orElseThrow().message()).startsWith("update paused due to failure or early termination of task web_api.");
            for (int i = 0; i < 50; i++) {
                m.round();
            }
            assertThat(h.live()).filteredOn(t -> t.fingerprint().equals("fp1")).hasSize(2);
            assertThat(m.launchTimes("fp2")).as("the failed slot restarts with its back-off; no other slot is touched")
                    .hasSizeLessThanOrEqualTo(6);

            m.fails = t -> false;
            ServicePlan v3 = version(v1(3), "fp3", Optional.of(update(0, Duration.ZERO, Order.STOP_FIRST,
                    FailureAction.PAUSE, Duration.ofSeconds(5), 0)), Optional.empty());
            h.apply(v3);
            m.until("all run v3", () -> m.allRun("fp3", 3));
        }
    }

    @Test
    void failureActionRollbackTakesTheServiceBackToItsPreviousVersionByItsRollbackConfig() {
        // testUpdaterRollback: 4 replicas, parallelism 1, max_failure_ratio 0.4, every other new task fails: three
        // tasks of the new version start, then ROLLBACK_STARTED, tasks of the old version, ROLLBACK_COMPLETED.
        try (var h = new SchedulerHarness()) {
            UpdateConfig rollbackAll = update(0, Duration.ZERO, Order.STOP_FIRST, FailureAction.PAUSE, Duration.ofSeconds(1), 0);
            ServicePlan old = version(v1(4), "fp1", Optional.empty(), Optional.of(rollbackAll));
            Mesos m = new Mesos(h).running(old);
            boolean[] failNext = {true};
            m.fails = t -> {
                if (!t.fingerprint().equals("fp2") || t.attempt() > 0) {
                    return false;
                }
                failNext[0] = !failNext[0];
                return !failNext[0];
            };
            h.apply(version(v1(4), "fp2", Optional.of(update(1, Duration.ZERO, Order.STOP_FIRST, FailureAction.ROLLBACK,
                    Duration.ofSeconds(5), 0.4)), Optional.empty()));
            m.until("rolled back", () -> m.status().map(s -> s.state().rolledBack()).orElse(false));
            assertThat(m.status().orElseThrow().message()).startsWith("update rolled back due to failure or early termination of task");
            assertThat(m.launches.stream().filter(t -> t.fingerprint().equals("fp2") && t.attempt() == 0)).hasSize(3);
            assertThat(h.scheduler.snapshot().plans().get("web").services().get(0).fingerprint()).isEqualTo("fp1");
            m.until("every replica runs the old version again", () -> m.allRun("fp1", 4));
            m.until("rollback completed", () -> m.status().map(s -> s.state() == UpdateStatus.State.ROLLBACK_COMPLETED).orElse(false));
            assertThat(m.mostLive).as("the rollback replaced all its slots at once, stop-first").isLessThanOrEqualTo(4);
        }
    }

    @Test
    void aRollbackAndAPauseSurviveARestart() {
        MemoryStore store = new MemoryStore();
        ServicePlan old = v1(2);
        ServicePlan failing = v2(2, update(1, Duration.ZERO, Order.STOP_FIRST, FailureAction.ROLLBACK, Duration.ofSeconds(5), 0));
        Instant when;
        try (var h = new SchedulerHarness(store, SecretResolver.NONE, Map.of())) {
            Mesos m = new Mesos(h).running(old);
            m.fails = t -> t.fingerprint().equals("fp2");
            h.apply(failing);
            m.until("rolled back", () -> m.status().map(s -> s.state().rolledBack()).orElse(false));
            when = h.clock.instant();
        }
        ProjectRecord stored = store.project("web").orElseThrow();
        assertThat(stored.version()).isEqualTo(2);
        assertThat(stored.previous()).get().extracting(ProjectRecord::version).isEqualTo(1L);
        ResumedPlans resumed = new ResumedPlans(Map.of("web", new ProjectPlan("web", List.of(failing), List.of())),
                Map.of("web", Map.of(1L, new ProjectPlan("web", List.of(old), List.of()))));
        try (var h = new SchedulerHarness(store, SecretResolver.NONE, resumed)) {
            h.clock.now = when.plusSeconds(1);
            h.sync();
            assertThat(h.scheduler.snapshot().plans().get("web").services().get(0).fingerprint())
                    .as("the rolled-back service runs its previous version after a restart").isEqualTo("fp1");
        }

        MemoryStore paused = new MemoryStore();
        ServicePlan pausing = v2(3, update(1, Duration.ZERO, Order.STOP_FIRST, FailureAction.PAUSE, Duration.ofSeconds(5), 0));
        try (var h = new SchedulerHarness(paused, SecretResolver.NONE, Map.of())) {
            Mesos m = new Mesos(h).running(v1(3));
            m.fails = t -> t.fingerprint().equals("fp2");
            h.apply(pausing);
            m.until("paused", () -> m.status().map(s -> s.state() == UpdateStatus.State.PAUSED).orElse(false));
            when = h.clock.instant();
        }
        try (var h = new SchedulerHarness(paused, SecretResolver.NONE, Map.of("web", new ProjectPlan("web", List.of(pausing), List.of())))) {
            h.clock.now = when.plusSeconds(1);
            Mesos m = new Mesos(h);
            h.subscribe();
            h.live().forEach(t -> h.status(t.taskId(), TaskState.TASK_RUNNING, "Reconciliation: Latest task state"));
            for (int i = 0; i < 30; i++) {
                m.round();
            }
            assertThat(h.calls.of(RecordingCalls.Kill.class)).as("a paused update stays paused").isEmpty();
            assertThat(h.live()).filteredOn(t -> t.fingerprint().equals("fp1")).hasSize(2);
        }
    }

    /** Whether the changes stop an old (fp1) task of the service. */
    private static boolean stopsAnOldTask(List<StateChange> changes, String service) {
        return changes.stream().anyMatch(c -> c instanceof StateChange.PutTask p && p.task().service().equals(service)
                && p.task().fingerprint().equals("fp1") && p.task().desired() == TaskRecord.Desired.KILL);
    }

    @Test
    void aStopTheStoreRefusedIsMadeAgainAtTheNextStep() {
        // A step looks at the slots that changed; the stop it decided must not be lost with the commit that failed
        // (Scheduler.safely logs the failure and the next step carries on). Start-first stops the old task once the
        // new one runs; stop-first stops it when its batch starts.
        for (Order order : Order.values()) {
            MemoryStore store = new MemoryStore();
            try (var h = new SchedulerHarness(store, SecretResolver.NONE, Map.of())) {
                var m = new Mesos(h).running(v1(2));
                store.refuseOnce(changes -> stopsAnOldTask(changes, "api"));
                h.apply(v2(2, update(1, Duration.ZERO, order, FailureAction.PAUSE, Duration.ofSeconds(5), 0)));
                m.until(order + ": all replicas run fp2", () -> m.allRun("fp2", 2));
            }
        }
    }

    /**
     * The commit that stores "paused" (or "rolling back") is refused: the decision is not forgotten with it. The next
     * step decides it again and stores it, and no further batch of the new version starts meanwhile.
     */
    @Test
    void aPauseOrRollbackTheStoreRefusedIsDecidedAgainAndNoFurtherBatchStarts() {
        for (FailureAction action : List.of(FailureAction.PAUSE, FailureAction.ROLLBACK)) {
            UpdateStatus.State refused = action == FailureAction.PAUSE ? UpdateStatus.State.PAUSED
                    : UpdateStatus.State.ROLLBACK_STARTED;
            MemoryStore store = new MemoryStore();
            try (var h = new SchedulerHarness(store, SecretResolver.NONE, Map.of())) {
                Mesos m = new Mesos(h).running(v1(3));
                m.fails = t -> t.fingerprint().equals("fp2");
                store.refuseOnce(changes -> changes.stream().anyMatch(c -> c instanceof StateChange.PutProject p
                        && Optional.ofNullable(p.project().updates().get("api"))
                                .filter(u -> u.state() == refused).isPresent()));
                h.apply(v2(3, update(1, Duration.ZERO, Order.STOP_FIRST, action, Duration.ofSeconds(5), 0)));
                m.until(action + ": stored", () -> m.status().map(s -> s.state().paused() || s.state().rolledBack())
                        .orElse(false));
                for (int i = 0; i < 50; i++) {
                    m.round();
                }
                assertThat(m.launches).as(action + ": one batch of the new version only")
                        .filteredOn(t -> t.fingerprint().equals("fp2") && t.attempt() == 0).hasSize(1);
            }
        }
    }

    @Test
    void aStoreFailureInOneServicesStepLosesNoChangeOfAnother() throws Exception {
        MemoryStore store = new MemoryStore();
        try (var h = new SchedulerHarness(store, SecretResolver.NONE, Map.of())) {
            UpdateConfig u = startFirst(1, Duration.ZERO);
            ServicePlan a = service("web", "a", 1, 1, 128);
            ServicePlan b = service("web", "b", 1, 1, 128);
            h.subscribe();
            h.apply(a, b);
            h.offers(offer("a1", 64, 65536));
            h.live().forEach(t -> h.status(t.taskId(), TaskState.TASK_RUNNING, null));
            h.clock.advance(Duration.ofSeconds(10));
            h.apply(version(a, "fp2", Optional.of(u), Optional.empty()), version(b, "fp2", Optional.of(u), Optional.empty()));
            h.clock.advance(ROUND);
            h.offers(offer("a1", 64, 65536)); // start-first: both new tasks launch beside the old ones
            assertThat(h.live()).hasSize(4);

            // Both new tasks' RUNNING come in one step: the loop is held in an operation's commit while they queue.
            // Then a's step has its stop of a's old task refused, and b's step, after it, does not run in that step.
            CountDownLatch held = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            store.beforeCommit = changes -> {
                if (changes.stream().anyMatch(c -> c instanceof StateChange.ClearFrameworkId)) {
                    held.countDown();
                    await(release);
                    store.refuseOnce(c -> stopsAnOldTask(c, "a"));
                }
            };
            var operation = h.scheduler.forgetFrameworkId();
            await(held);
            for (TaskRecord t : h.live().stream().filter(t -> t.state().equals("TASK_STAGING")).toList()) {
                h.scheduler.accept(new MesosEvent.Update(TaskStatus.newBuilder()
                        .setTaskId(TaskID.newBuilder().setValue(t.taskId())).setState(TaskState.TASK_RUNNING)
                        .setUuid(ByteString.copyFromUtf8("u")).build()));
            }
            release.countDown();
            operation.get(10, TimeUnit.SECONDS);
            h.sync();
            for (int i = 0; i < 5; i++) {
                h.clock.advance(ROUND);
                h.offers(offer("a1", 64, 65536));
            }
            assertThat(h.live()).filteredOn(t -> t.desired() == TaskRecord.Desired.RUN)
                    .as("each old task stopped once its replacement runs").extracting(TaskRecord::fingerprint)
                    .containsExactly("fp2", "fp2");
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new AssertionError("timed out");
            }
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
