package io.mesoscompose.scheduler;

import static io.mesoscompose.scheduler.Fixtures.healthChecked;
import static io.mesoscompose.scheduler.Fixtures.service;
import static io.mesoscompose.scheduler.Fixtures.task;
import static io.mesoscompose.scheduler.Fixtures.update;
import static io.mesoscompose.scheduler.Fixtures.version;
import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.compose.model.Deploy.UpdateConfig;
import io.mesoscompose.compose.model.Deploy.UpdateConfig.FailureAction;
import io.mesoscompose.compose.model.Deploy.UpdateConfig.Order;
import io.mesoscompose.compose.model.RestartPolicy;
import io.mesoscompose.plan.ServicePlan;
import io.mesoscompose.state.ProjectRecord.UpdateStatus;
import io.mesoscompose.state.TaskRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.junit.jupiter.api.Test;

/**
 * The update decision, step by step on a hand-moved clock. Each test states the expectation of swarmkit's updater
 * (manager/orchestrator/update/updater.go and its tests, and manager/orchestrator/replicated/update_test.go).
 */
class RollingUpdateTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration MONITOR = Duration.ofSeconds(5);

    /** Replicas of web/api running "v1", a plan "v2" to roll out; tasks change only where a test says so. */
    private static final class Rollout {
        ServicePlan plan;
        Optional<UpdateStatus> status = Optional.empty();
        final RollingUpdate update = new RollingUpdate();
        final Map<String, TaskRecord> tasks = new LinkedHashMap<>();
        /** The replicas whose tasks changed since the last step, as the loop's task table collects them. */
        final Set<Integer> changed = new HashSet<>();
        /** The slots the steps looked at. */
        final List<Integer> looked = new ArrayList<>();
        final List<RollingUpdate.Event> events = new ArrayList<>();
        Instant now = T;
        int launched;

        Rollout(int replicas, Optional<UpdateConfig> update) {
            ServicePlan base = service("web", "api", replicas, 1, 64);
            plan = version(base, "v2", update, Optional.empty());
            for (int i = 0; i < replicas; i++) {
                put(run(task("old" + i, i, "v1", "TASK_STAGING", TaskRecord.Desired.RUN, 0, T.minusSeconds(60))));
            }
        }

        Rollout(int replicas, UpdateConfig update) {
            this(replicas, Optional.of(update));
        }

        RollingUpdate.Step step() {
            Set<Integer> seen = Set.copyOf(changed);
            changed.clear();
            RollingUpdate.Step s = update.step(plan, status, this::slot, seen, now);
            events.addAll(s.events());
            for (TaskRecord t : s.stop()) {
                put(StatusUpdates.desiredKill(t, now));
            }
            return s;
        }

        void at(double seconds) {
            now = T.plusMillis((long) (seconds * 1000));
        }

        void put(TaskRecord t) {
            tasks.put(t.taskId(), t);
            changed.add(t.replica());
        }

        List<TaskRecord> slot(int replica) {
            looked.add(replica);
            return tasks.values().stream().filter(t -> t.replica() == replica).toList();
        }

        /** Launches the new version in a slot (what the loop does for a started slot), as new0, new1, ... */
        String launch(int replica) {
            String id = "new" + replica + (launched++ == 0 ? "" : "-" + launched);
            put(task(id, replica, plan.fingerprint(), "TASK_STAGING", TaskRecord.Desired.RUN, 0, now));
            return id;
        }

        void status(String id, TaskState state) {
            put(StatusUpdates.apply(tasks.get(id), TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue(id))
                    .setState(state).build(), now));
        }

        void healthy(String id, boolean healthy) {
            TaskRecord t = tasks.get(id);
            put(StatusUpdates.apply(t, TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue(id))
                    .setState(TaskState.valueOf(t.state())).setHealthy(healthy).build(), now));
        }

        /** The old task of a stop-first slot is gone and its new task runs. */
        String replace(int replica) {
            status("old" + replica, TaskState.TASK_KILLED);
            String id = launch(replica);
            status(id, TaskState.TASK_RUNNING);
            return id;
        }

        /** As {@link #replace}, and the new task then fails. */
        String failedReplacement(int replica) {
            String id = replace(replica);
            status(id, TaskState.TASK_FAILED);
            return id;
        }

        <E extends RollingUpdate.Event> List<E> events(Class<E> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }

        private TaskRecord run(TaskRecord t) {
            return StatusUpdates.apply(t, TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue(t.taskId()))
                    .setState(TaskState.TASK_RUNNING).build(), t.createdAt());
        }
    }

    private static UpdateConfig stopFirst(int parallelism, Duration delay) {
        return update(parallelism, delay, Order.STOP_FIRST, FailureAction.PAUSE, MONITOR, 0);
    }

    private static List<String> ids(RollingUpdate.Step s) {
        return s.stop().stream().map(TaskRecord::taskId).sorted().toList();
    }

    @Test
    void withoutUpdateConfigSwarmsDefaultsApplyOneAtATimeStopFirst() {
        // swarmkit api/defaults/service.go: Update{Parallelism: 1, Order: STOP_FIRST, FailureAction: PAUSE, Monitor: 5s}
        var r = new Rollout(3, Optional.empty());
        assertThat(ids(r.step())).containsExactly("old0");
        assertThat(r.events(RollingUpdate.Event.Began.class)).singleElement()
                .satisfies(b -> assertThat(b.config()).isEqualTo(UpdateConfig.DEFAULT))
                .satisfies(b -> assertThat(b.config().monitor()).isEqualTo(Duration.ofSeconds(5)));
    }

    @Test
    void parallelismBoundsTheSlotsReplacedPerBatch() {
        // Updater.Run starts `parallelism` workers, each taking one dirty slot at a time.
        var r = new Rollout(4, stopFirst(2, Duration.ZERO));
        assertThat(ids(r.step())).containsExactly("old0", "old1");
        assertThat(r.events(RollingUpdate.Event.BatchStarted.class)).singleElement()
                .satisfies(b -> assertThat(b.replicas()).containsExactly(0, 1))
                .satisfies(b -> assertThat(b.batches()).isEqualTo(2));
        assertThat(r.step().stop()).as("the batch has not finished").isEmpty();
        r.replace(0);
        r.replace(1);
        assertThat(ids(r.step())).containsExactly("old2", "old3");
    }

    @Test
    void parallelismZeroReplacesEverySlotAtOnce() {
        // Updater.Run: "if parallelism == 0 { parallelism = len(dirtySlots) }".
        var r = new Rollout(4, stopFirst(0, Duration.ZERO));
        assertThat(ids(r.step())).containsExactly("old0", "old1", "old2", "old3");
        assertThat(r.events(RollingUpdate.Event.BatchStarted.class)).singleElement()
                .satisfies(b -> assertThat(b.batches()).isEqualTo(1));
    }

    @Test
    void theNextBatchStartsTheDelayAfterTheLastOneRuns() {
        // Updater.worker: updateTask returns once the new task is RUNNING, then the worker waits updateConfig.Delay.
        var r = new Rollout(2, stopFirst(1, Duration.ofSeconds(10)));
        assertThat(ids(r.step())).containsExactly("old0");
        r.at(1);
        r.status("old0", TaskState.TASK_KILLED);
        r.launch(0);
        assertThat(r.step().stop()).as("its new task is not running yet").isEmpty();
        r.at(2);
        r.status("new0", TaskState.TASK_RUNNING);
        assertThat(r.step().stop()).isEmpty();
        r.at(11.999);
        assertThat(r.step().stop()).as("the delay has not passed").isEmpty();
        r.at(12);
        assertThat(ids(r.step())).containsExactly("old1");
    }

    @Test
    void withAHealthCheckANewTaskHasFinishedUpdatingOnlyOnceHealthy() {
        // Docker reports a swarm task RUNNING only once its health check passed (moby's container executor,
        // controller.Start), so swarmkit's updateTask waits for health; Mesos reports RUNNING first, health after.
        var r = new Rollout(2, update(1, Duration.ZERO, Order.START_FIRST, FailureAction.PAUSE, MONITOR, 0));
        r.plan = healthChecked(r.plan);
        assertThat(r.step().startEarly()).containsExactly(new Slot("web", "api", 0));
        r.launch(0);
        r.at(1);
        r.status("new0", TaskState.TASK_RUNNING);
        assertThat(r.step().stop()).as("running, health unknown").isEmpty();
        r.healthy("new0", false);
        assertThat(r.step().stop()).as("running, unhealthy").isEmpty();
        r.healthy("new0", true);
        assertThat(ids(r.step())).containsExactly("old0");
    }

    @Test
    void stopFirstStopsTheOldTaskFirstAndLaunchesNothingBesideIt() {
        // updateTask, STOP_FIRST: removeOldTasks in the same batch as the new task; DelayStart waits for it to stop.
        var r = new Rollout(2, stopFirst(1, Duration.ZERO));
        RollingUpdate.Step s = r.step();
        assertThat(ids(s)).containsExactly("old0");
        assertThat(s.startEarly()).isEmpty();
    }

    @Test
    void startFirstLaunchesBesideTheOldTaskAndStopsItOnceTheNewOneRuns() {
        // updateTask, START_FIRST: "startThenStop"; removeOldTasks once the updated task is RUNNING (TestUpdaterOrder).
        var r = new Rollout(2, update(1, Duration.ZERO, Order.START_FIRST, FailureAction.PAUSE, MONITOR, 0));
        RollingUpdate.Step first = r.step();
        assertThat(first.stop()).isEmpty();
        assertThat(first.startEarly()).containsExactly(new Slot("web", "api", 0));
        r.launch(0);
        RollingUpdate.Step starting = r.step();
        assertThat(starting.startEarly()).as("launched already").isEmpty();
        assertThat(starting.stop()).isEmpty();
        r.status("new0", TaskState.TASK_RUNNING);
        assertThat(ids(r.step())).containsExactly("old0");
    }

    @Test
    void startFirstStartsTheNextBatchOnlyOnceTheReplacedTaskIsGone() {
        // Here the next batch also waits for the old task to end, so replicas + parallelism tasks at most run;
        // swarmkit's worker moves on while it stops (TestUpdaterOrder leaves all old tasks shutting down).
        var r = new Rollout(2, update(1, Duration.ZERO, Order.START_FIRST, FailureAction.PAUSE, MONITOR, 0));
        r.step();
        r.launch(0);
        r.status("new0", TaskState.TASK_RUNNING);
        assertThat(ids(r.step())).containsExactly("old0");
        assertThat(r.step().startEarly()).as("old0 still stopping").isEmpty();
        r.status("old0", TaskState.TASK_KILLED);
        assertThat(r.step().startEarly()).containsExactly(new Slot("web", "api", 1));
    }

    @Test
    void aNewTaskFailingWithinMonitorPausesTheUpdateAndNothingMoreIsReplaced() {
        // TestUpdaterFailureAction: FailureAction PAUSE, parallelism 1: one v2 task, the rest stay v1, status PAUSED;
        // "Updating again should do nothing while the update is PAUSED".
        var r = new Rollout(3, stopFirst(1, Duration.ZERO));
        r.step();
        String id = r.replace(0);
        r.at(2);
        r.status(id, TaskState.TASK_FAILED);
        RollingUpdate.Step s = r.step();
        assertThat(s.stop()).isEmpty();
        assertThat(s.rolling()).isFalse();
        assertThat(r.events(RollingUpdate.Event.Paused.class)).singleElement().satisfies(p -> assertThat(p.message())
                .isEqualTo("update paused due to failure or early termination of task new0"));
        r.status = Optional.of(new UpdateStatus(UpdateStatus.State.PAUSED, "paused", r.now));
        r.at(60);
        assertThat(r.step().stop()).isEmpty();
        assertThat(r.tasks.values()).filteredOn(t -> t.fingerprint().equals("v1") && t.desired() == TaskRecord.Desired.RUN)
                .hasSize(2);
    }

    @Test
    void aFailureLaterThanMonitorAfterTheTaskStartedDoesNotCount() {
        // failureTriggersAction: counted only when time.Since(startedAt) <= monitoringPeriod.
        var r = new Rollout(3, stopFirst(1, Duration.ZERO));
        r.step();
        String id = r.replace(0);
        r.step(); // sees new0 running: its monitor window starts now
        r.at(5.001);
        r.status(id, TaskState.TASK_FAILED);
        r.step();
        assertThat(r.events(RollingUpdate.Event.TaskFailed.class)).isEmpty();
        assertThat(r.events(RollingUpdate.Event.Paused.class)).isEmpty();

        var atTheEdge = new Rollout(3, stopFirst(1, Duration.ZERO));
        atTheEdge.step();
        String edge = atTheEdge.replace(0);
        atTheEdge.step();
        atTheEdge.at(5);
        atTheEdge.status(edge, TaskState.TASK_FAILED);
        atTheEdge.step();
        assertThat(atTheEdge.events(RollingUpdate.Event.Paused.class)).as("<= monitor counts").hasSize(1);
    }

    @Test
    void aNewTaskThatNeverRanCountsWhateverTheMonitor() {
        // failureTriggersAction: "startedAt.IsZero() ||": a task that failed before RUNNING always counts.
        var r = new Rollout(3, update(1, Duration.ZERO, Order.STOP_FIRST, FailureAction.PAUSE, Duration.ofMillis(1), 0));
        r.step();
        r.status("old0", TaskState.TASK_KILLED);
        String id = r.launch(0);
        r.step();
        r.at(600);
        r.status(id, TaskState.TASK_FAILED);
        r.step();
        assertThat(r.events(RollingUpdate.Event.Paused.class)).hasSize(1);
    }

    @Test
    void continueIgnoresFailuresAndReplacesEverySlot() {
        // TestUpdaterFailureAction, FailureAction CONTINUE: every task ends up v3 although new tasks fail.
        var r = new Rollout(2, update(1, Duration.ZERO, Order.STOP_FIRST, FailureAction.CONTINUE, MONITOR, 0));
        r.step();
        r.failedReplacement(0);
        assertThat(ids(r.step())).containsExactly("old1");
        assertThat(r.events(RollingUpdate.Event.TaskFailed.class)).isEmpty();
        assertThat(r.events(RollingUpdate.Event.Paused.class)).isEmpty();
    }

    @Test
    void maxFailureRatioIsTheShareOfTheUpdatedSlotsThatMayFail() {
        // testUpdaterRollback: 4 replicas, MaxFailureRatio 0.4, parallelism 1, every other image2 task fails:
        // three tasks started, then the rollback (1/4 is not above 0.4; 2/4 is).
        var r = new Rollout(4, update(1, Duration.ZERO, Order.STOP_FIRST, FailureAction.ROLLBACK, MONITOR, 0.4));
        r.step();
        r.failedReplacement(0);
        assertThat(ids(r.step())).containsExactly("old1");
        assertThat(r.events(RollingUpdate.Event.TaskFailed.class)).singleElement()
                .satisfies(f -> assertThat(f.failures()).isEqualTo(1)).satisfies(f -> assertThat(f.slots()).isEqualTo(4));
        r.replace(1);
        assertThat(ids(r.step())).containsExactly("old2");
        String third = r.failedReplacement(2);
        RollingUpdate.Step s = r.step();
        assertThat(s.stop()).isEmpty();
        assertThat(r.events(RollingUpdate.Event.RollBack.class)).singleElement().satisfies(b -> assertThat(b.message())
                .isEqualTo("update rolled back due to failure or early termination of task " + third));
    }

    @Test
    void theRatioMustBeExceededNotJustReached() {
        // failureTriggersAction: totalFailures/len(dirtySlots) > MaxFailureRatio.
        var r = new Rollout(2, update(1, Duration.ZERO, Order.STOP_FIRST, FailureAction.PAUSE, MONITOR, 0.5));
        r.step();
        r.failedReplacement(0);
        assertThat(ids(r.step())).containsExactly("old1");
        assertThat(r.events(RollingUpdate.Event.Paused.class)).isEmpty();
    }

    @Test
    void aRollbackRollsOutWithTheRollbackConfigAndPausesInsteadOfRollingBackAgain() {
        // Updater.Run: ROLLBACK_STARTED uses service.Spec.Rollback; failureTriggersAction: "Never roll back a
        // rollback" ("rollback paused due to failure or early termination of task ...").
        UpdateConfig back = update(2, Duration.ZERO, Order.STOP_FIRST, FailureAction.ROLLBACK, MONITOR, 0);
        var r = new Rollout(3, stopFirst(1, Duration.ZERO));
        r.plan = version(r.plan, "v2", r.plan.update(), Optional.of(back));
        r.status = Optional.of(new UpdateStatus(UpdateStatus.State.ROLLBACK_STARTED, "update rolled back", T));
        assertThat(ids(r.step())).containsExactly("old0", "old1");
        assertThat(r.events(RollingUpdate.Event.Began.class)).singleElement()
                .satisfies(b -> assertThat(b.rollback()).isTrue()).satisfies(b -> assertThat(b.config()).isEqualTo(back));
        String id = r.failedReplacement(0);
        r.step();
        assertThat(r.events(RollingUpdate.Event.RollBack.class)).isEmpty();
        assertThat(r.events(RollingUpdate.Event.Paused.class)).singleElement()
                .satisfies(p -> assertThat(p.rollback()).isTrue())
                .satisfies(p -> assertThat(p.message()).isEqualTo("rollback paused due to failure or early termination of task " + id));
    }

    @Test
    void tasksTheSchedulerStoppedOrThatWereLostWithTheirAgentAreNoFailures() {
        var r = new Rollout(3, stopFirst(1, Duration.ZERO));
        r.step();
        String id = r.replace(0);
        r.status(id, TaskState.TASK_GONE);
        r.step();
        assertThat(r.events(RollingUpdate.Event.TaskFailed.class)).isEmpty();

        var stopped = new Rollout(3, stopFirst(1, Duration.ZERO));
        stopped.step();
        String mine = stopped.replace(0);
        stopped.put(StatusUpdates.desiredKill(stopped.tasks.get(mine), stopped.now));
        stopped.status(mine, TaskState.TASK_KILLED);
        stopped.step();
        assertThat(stopped.events(RollingUpdate.Event.TaskFailed.class)).isEmpty();
    }

    @Test
    void aLaunchTheMasterDroppedIsAFailureOfTheNewVersion() {
        var r = new Rollout(3, stopFirst(1, Duration.ZERO));
        r.step();
        r.status("old0", TaskState.TASK_KILLED);
        String id = r.launch(0);
        r.step();
        r.status(id, TaskState.TASK_DROPPED);
        r.step();
        assertThat(r.events(RollingUpdate.Event.Paused.class)).hasSize(1);
    }

    @Test
    void aJobThatCompletesIsNoFailureButAServiceThatExitsIs() {
        // swarmkit counts COMPLETED ("failure or early termination"); a job's completion is its purpose.
        var service = new Rollout(2, stopFirst(1, Duration.ZERO));
        service.step();
        String id = service.replace(0);
        service.status(id, TaskState.TASK_FINISHED);
        service.step();
        assertThat(service.events(RollingUpdate.Event.Paused.class)).hasSize(1);

        var job = new Rollout(2, stopFirst(1, Duration.ZERO));
        ServicePlan p = job.plan;
        job.plan = new ServicePlan(p.project(), p.service(), p.taskName(), p.replicas(), ServicePlan.Lifecycle.JOB,
                RestartPolicy.of(RestartPolicy.Condition.ON_FAILURE), p.constraints(), p.dependsOn(), p.update(), p.needs(),
                p.hostPorts(), p.template(), p.secretEnv(), p.fingerprint(), p.rollback());
        job.step();
        String done = job.replace(0);
        job.status(done, TaskState.TASK_FINISHED);
        job.step();
        assertThat(job.events(RollingUpdate.Event.Paused.class)).isEmpty();
    }

    @Test
    void theUpdateCompletesAfterWatchingTheLastBatchForTheMonitorPeriod() {
        // Updater.Run: after the last slot (and its worker's delay), one more monitoringPeriod, or delay + 1s when
        // the delay is not shorter than the monitor; then completeUpdate ("update completed").
        var r = new Rollout(1, stopFirst(1, Duration.ofSeconds(2)));
        r.step();
        r.at(1);
        r.replace(0);
        r.step(); // the batch finished at 1 s
        r.at(1 + 2 + 5 - 0.001);
        assertThat(r.step().rolling()).isTrue();
        r.at(1 + 2 + 5);
        assertThat(r.step().rolling()).isFalse();
        assertThat(r.events(RollingUpdate.Event.Completed.class)).singleElement()
                .satisfies(c -> assertThat(c.message()).isEqualTo("update completed"));

        var longDelay = new Rollout(1, stopFirst(1, Duration.ofSeconds(10)));
        longDelay.step();
        longDelay.replace(0);
        longDelay.step();
        longDelay.at(10 + 11 - 0.001);
        assertThat(longDelay.step().rolling()).isTrue();
        longDelay.at(10 + 11);
        assertThat(longDelay.step().rolling()).isFalse();
    }

    @Test
    void anUpdateWithNothingLeftToReplaceCompletesAtOnce() {
        // Updater.Run: "Abort immediately if all tasks are clean" — completeUpdate when UPDATING (after a restart).
        var r = new Rollout(1, stopFirst(1, Duration.ZERO));
        r.replace(0);
        r.status = Optional.of(new UpdateStatus(UpdateStatus.State.UPDATING, "update in progress", T));
        assertThat(r.step().rolling()).isFalse();
        assertThat(r.events(RollingUpdate.Event.Completed.class)).hasSize(1);
        assertThat(r.events(RollingUpdate.Event.Began.class)).isEmpty();
    }

    @Test
    void onlySlotsHoldingAnotherVersionOrTwoTasksAreUpdated() {
        // isSlotDirty: len(slot) > 1 || the task is dirty; a slot without a task simply starts the new version.
        var r = new Rollout(3, stopFirst(1, Duration.ZERO));
        r.status("old1", TaskState.TASK_FAILED);
        r.replace(2);
        r.step();
        assertThat(r.events(RollingUpdate.Event.Began.class)).singleElement()
                .satisfies(b -> assertThat(b.slots()).isEqualTo(1));
    }

    @Test
    void aPausedUpdateStillStopsAnOldTaskWhoseReplacementRuns() {
        var r = new Rollout(2, update(1, Duration.ZERO, Order.START_FIRST, FailureAction.PAUSE, MONITOR, 0));
        r.status = Optional.of(new UpdateStatus(UpdateStatus.State.PAUSED, "paused", T));
        r.launch(0);
        r.status("new0", TaskState.TASK_RUNNING);
        RollingUpdate.Step s = r.step();
        assertThat(ids(s)).containsExactly("old0");
        assertThat(s.startEarly()).isEmpty();
        assertThat(r.events).isEmpty();
    }

    @Test
    void aStepLooksAtTheSlotsThatChangedAndTheBatchItStartsNotAtEveryReplica() {
        // An update of 100,000 replicas steps hundreds of times per batch: a step that looked at every slot took
        // 1.4 ms per replaced task at that scale (docs/benchmarks.md, "Rolling update and scale-down at scale").
        var r = new Rollout(1000, stopFirst(2, Duration.ZERO));
        assertThat(ids(r.step())).containsExactly("old0", "old1");
        assertThat(Set.copyOf(r.looked)).as("the first step looks at every slot").hasSize(1000);
        r.looked.clear();
        r.step();
        assertThat(r.looked).as("the two tasks it stopped").containsOnly(0, 1);
        r.looked.clear();
        r.step();
        assertThat(r.looked).as("nothing changed").isEmpty();
        r.replace(0);
        r.step();
        assertThat(r.looked).as("replica 0 changed").containsOnly(0);
        r.looked.clear();
        r.replace(1);
        assertThat(ids(r.step())).containsExactly("old2", "old3");
        assertThat(r.looked).as("replica 1 changed; replicas 2 and 3 start").containsOnly(1, 2, 3);
    }

    @Test
    void aScaleDownDuringAnUpdateFinishesTheBatchWhoseSlotsItRemoved() {
        // A new plan object (here the same version with fewer replicas) is looked at in every slot again: replica 1,
        // gone from the plan, has finished although none of its tasks changed.
        var r = new Rollout(2, stopFirst(1, Duration.ZERO));
        r.step();
        r.replace(0);
        assertThat(ids(r.step())).containsExactly("old1");
        ServicePlan p = r.plan;
        r.plan = new ServicePlan(p.project(), p.service(), p.taskName(), 1, p.lifecycle(), p.restart(), p.constraints(),
                p.dependsOn(), p.update(), p.needs(), p.hostPorts(), p.template(), p.secretEnv(), p.fingerprint(),
                p.rollback());
        r.step();
        r.at(5);
        assertThat(r.step().rolling()).isFalse();
        assertThat(r.events(RollingUpdate.Event.Completed.class)).hasSize(1);
    }
}
