package io.mesoscompose.scheduler;

import static io.mesoscompose.scheduler.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.mesoscompose.compose.model.Dependency;
import io.mesoscompose.compose.model.RestartPolicy;
import io.mesoscompose.plan.ServicePlan;
import io.mesoscompose.secrets.SecretUnavailableException;
import io.mesoscompose.compose.model.VaultRef;
import io.mesoscompose.mesos.MesosEvent;
import io.mesoscompose.secrets.SecretResolver;
import io.mesoscompose.state.ProjectRecord;
import io.mesoscompose.state.StateChange;
import io.mesoscompose.state.TaskRecord;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class SchedulerLoopTest {

    /**
     * Events coming faster than steps may start gather into fewer steps: from the start of one step to the next at
     * least {@link Scheduler#STEP_EVERY_NANOS}, however fast they come. (Each step here takes far less than that,
     * so without the gathering there would be a step per event or two.)
     */
    /**
     * Whoever waits for a barrier does not also wait for the pause in which events gather: a round of an event and a
     * barrier would otherwise take at least {@link Scheduler#STEP_EVERY_NANOS} (a test sending events one by one, each
     * followed by a barrier, took three times as long with 15 ms as with 5 ms).
     */
    @Test
    void aBarrierIsAnsweredWithoutWaitingForEventsToGather() {
        try (var h = new SchedulerHarness()) {
            h.subscribe();
            int rounds = 100;
            long start = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                h.scheduler.accept(new MesosEvent.Heartbeat());
                h.sync();
            }
            long elapsed = System.nanoTime() - start;
            assertThat(elapsed).isLessThan(rounds * Scheduler.STEP_EVERY_NANOS / 3);
        }
    }

    @Test
    void eventsComingFastAreTakenInStepsAFewMillisecondsApart() {
        try (var h = new SchedulerHarness()) {
            h.subscribe();
            double before = h.registry.counter("mesoscompose.scheduler.steps").count();
            long start = System.nanoTime();
            for (int i = 0; i < 400; i++) {
                h.scheduler.accept(new MesosEvent.Heartbeat());
                java.util.concurrent.locks.LockSupport.parkNanos(100_000);
            }
            h.sync();
            long elapsed = System.nanoTime() - start;
            double steps = h.registry.counter("mesoscompose.scheduler.steps").count() - before;
            assertThat(steps).isPositive().isLessThanOrEqualTo(elapsed / Scheduler.STEP_EVERY_NANOS + 2);
            // Each step's time is recorded too (a request waits for the step in progress).
            var stepTime = h.registry.timer("mesoscompose.scheduler.step");
            assertThat(stepTime.count()).isGreaterThanOrEqualTo((long) steps);
            assertThat(stepTime.max(java.util.concurrent.TimeUnit.NANOSECONDS)).isPositive().isLessThan(elapsed);
        }
    }

    @Test
    void launchesReplicasRecordingThemBeforeTheAccept() {
        try (var h = new SchedulerHarness()) {
            h.subscribe();
            h.apply(service("web", "api", 2, 1, 128));
            h.offers(offer("a1", 4, 1024));
            assertThat(h.calls.launched()).hasSize(2);
            assertThat(h.live()).hasSize(2).allSatisfy(t -> assertThat(t.state()).isEqualTo("TASK_STAGING"));
            assertThat(h.store.tasks()).hasSize(2);
            assertThat(h.store.frameworkId()).contains("fw-1");
            // each launched task has a record written before the accept: the store holds every launched id
            assertThat(h.calls.launched()).allSatisfy(info -> assertThat(h.store.task(info.getTaskId().getValue())).isPresent());
            // a further offer launches nothing more: no duplicate replica
            h.offers(offer("a2", 4, 1024));
            assertThat(h.calls.launched()).hasSize(2);
            assertThat(h.calls.of(RecordingCalls.Decline.class)).isNotEmpty();
            assertThat(h.registry.counter("mesoscompose.offers.received").count()).isEqualTo(2);
            assertThat(h.registry.counter("mesoscompose.offers.declined").count()).isEqualTo(1);
            assertThat(h.registry.counter("mesoscompose.tasks.launched").count()).isEqualTo(2);
            assertThat(h.registry.counter("mesoscompose.reconciliations").count()).isEqualTo(1);
            assertThat(h.events).anyMatch(e -> e instanceof SchedulerEvent.ServiceProgress p && p.running() == 0 && p.desired() == 2);
        }
    }

    @Test
    void statusIsRecordedThenAcknowledgedAndFailedServiceRestartsAfterBackoff() {
        try (var h = new SchedulerHarness()) {
            String id = h.launchOne(service("web", "api", 1, 1, 128), offer("a1", 4, 1024));
            h.status(id, TaskState.TASK_RUNNING, null);
            assertThat(h.live()).singleElement().satisfies(t -> assertThat(t.state()).isEqualTo("TASK_RUNNING"));
            assertThat(h.store.task(id).orElseThrow().state()).as("RUNNING alone is not written: a restart reconciles")
                    .isEqualTo("TASK_STAGING");
            assertThat(h.calls.awaitOf(RecordingCalls.Ack.class, acks -> !acks.isEmpty()))
                    .extracting(RecordingCalls.Ack::taskId).contains(id);
            assertThat(h.calls.of(RecordingCalls.Suppress.class)).as("nothing pending: offers suppressed").isNotEmpty();

            h.status(id, TaskState.TASK_FAILED, "Command exited with status 3");
            assertThat(h.store.task(id).orElseThrow().exitCode()).contains(3);
            h.offers(offer("a1", 4, 1024));
            assertThat(h.calls.launched()).hasSize(1); // still in back-off
            assertThat(h.scheduler.snapshot().pending().values()).singleElement().asString().contains("back-off");
            h.clock.advance(Duration.ofSeconds(2));
            h.offers(offer("a1", 4, 1024));
            assertThat(h.calls.launched()).hasSize(2);
            assertThat(h.live()).singleElement().satisfies(t -> assertThat(t.attempt()).isEqualTo(1));
            // each update is counted by its state
            assertThat(h.registry.counter("mesoscompose.tasks.state", "state", "TASK_RUNNING").count()).isEqualTo(1);
            assertThat(h.registry.counter("mesoscompose.tasks.state", "state", "TASK_FAILED").count()).isEqualTo(1);
        }
    }

    @Test
    void launchLatencyIsFromTheLaunchToTheFirstUpdateSayingTheTaskRuns() {
        try (var h = new SchedulerHarness()) {
            String id = h.launchOne(service("web", "api", 1, 1, 128), offer("a1", 4, 1024));
            h.clock.advance(Duration.ofSeconds(3));
            h.status(id, TaskState.TASK_STARTING, null);
            h.clock.advance(Duration.ofSeconds(2));
            h.status(id, TaskState.TASK_RUNNING, null);
            h.clock.advance(Duration.ofSeconds(7));
            h.status(id, TaskState.TASK_RUNNING, null); // again: not measured again

            var latency = h.registry.timer("mesoscompose.launch.latency");
            assertThat(latency.count()).isEqualTo(1);
            assertThat(latency.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(5_000.0);
        }
    }

    @Test
    void whereStandbysReadTheStoreRunningIsWrittenBeforeItIsAcknowledged() {
        try (var h = new SchedulerHarness(SchedulerHarness.writingRunning())) {
            String id = h.launchOne(service("web", "api", 1, 1, 128), offer("a1", 4, 1024));
            h.store.beforeCommit = changes -> assertThat(h.calls.of(RecordingCalls.Ack.class)).isEmpty();
            h.status(id, TaskState.TASK_RUNNING, null);
            assertThat(h.store.task(id).orElseThrow().state()).isEqualTo("TASK_RUNNING");
            assertThat(h.calls.awaitOf(RecordingCalls.Ack.class, acks -> !acks.isEmpty()))
                    .extracting(RecordingCalls.Ack::taskId).contains(id);
        }
    }

    @Test
    void anUpdateGatheredForItsWriteIsWrittenAndAcknowledgedWithoutAnotherEvent() throws Exception {
        try (var h = new SchedulerHarness(SchedulerHarness.writingRunning())) {
            h.subscribe();
            h.apply(service("web", "api", 2, 1, 128));
            h.offers(offer("a1", 4, 1024));
            List<String> ids = h.calls.launched().stream().map(t -> t.getTaskId().getValue()).toList();
            h.status(ids.get(0), TaskState.TASK_RUNNING, null); // written (a barrier writes what is gathered)
            // Right after a write: this one is gathered for the next, and nothing but the loop's timer brings it.
            h.scheduler.accept(new MesosEvent.Update(org.apache.mesos.v1.Protos.TaskStatus.newBuilder()
                    .setTaskId(org.apache.mesos.v1.Protos.TaskID.newBuilder().setValue(ids.get(1)))
                    .setState(TaskState.TASK_RUNNING).setUuid(com.google.protobuf.ByteString.copyFromUtf8("u2"))
                    .build()));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!h.store.task(ids.get(1)).orElseThrow().state().equals("TASK_RUNNING")
                    && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertThat(h.store.task(ids.get(1)).orElseThrow().state()).isEqualTo("TASK_RUNNING");
            assertThat(h.calls.awaitOf(RecordingCalls.Ack.class, acks -> acks.size() == 2))
                    .extracting(RecordingCalls.Ack::taskId).containsExactlyInAnyOrderElementsOf(ids);
        }
    }

    @Test
    void jobRunsToCompletionAndOnFailureStopsAfterMaxAttempts() {
        try (var h = new SchedulerHarness()) {
            h.subscribe();
            ServicePlan ok = plan("p", "once", 1, ServicePlan.Lifecycle.JOB, RestartPolicy.of(RestartPolicy.Condition.ON_FAILURE),
                    0.1, 32, List.of(), List.of(), List.of(), "f");
            ServicePlan flaky = plan("p", "flaky", 1, ServicePlan.Lifecycle.JOB,
                    new RestartPolicy(RestartPolicy.Condition.ON_FAILURE, OptionalInt.of(1), Optional.of(Duration.ZERO), Optional.empty()),
                    0.1, 32, List.of(), List.of(), List.of(), "f");
            h.apply(ok, flaky);
            h.offers(offer("a1", 4, 1024));
            for (TaskRecord t : h.live()) {
                h.status(t.taskId(), t.service().equals("once") ? TaskState.TASK_FINISHED : TaskState.TASK_FAILED, null);
            }
            h.offers(offer("a1", 4, 1024));
            assertThat(h.live()).singleElement().satisfies(t -> assertThat(t.service()).isEqualTo("flaky"));
            h.status(h.live().get(0).taskId(), TaskState.TASK_FAILED, "Command exited with status 1");
            h.offers(offer("a1", 4, 1024));
            assertThat(h.live()).isEmpty();
            assertThat(h.calls.launched()).hasSize(3);
        }
    }

    @Test
    void dependsOnWaitsUntilTheDependencyIsHealthy() {
        try (var h = new SchedulerHarness()) {
            h.subscribe();
            ServicePlan db = service("p", "db", 1, 1, 128);
            ServicePlan app = plan("p", "app", 1, ServicePlan.Lifecycle.SERVICE, RestartPolicy.of(RestartPolicy.Condition.ALWAYS),
                    1, 128, List.of(), List.of(), List.of(new Dependency("db", Dependency.Condition.HEALTHY, false, true)), "f");
            h.apply(db, app);
            h.offers(offer("a1", 4, 1024));
            assertThat(h.live()).extracting(TaskRecord::service).containsExactly("db");
            assertThat(h.scheduler.snapshot().pending().get(new Slot("p", "app", 0))).isEqualTo("waiting for db to be healthy");
            String dbId = h.live().get(0).taskId();
            h.send(new io.mesoscompose.mesos.MesosEvent.Update(org.apache.mesos.v1.Protos.TaskStatus.newBuilder()
                    .setTaskId(org.apache.mesos.v1.Protos.TaskID.newBuilder().setValue(dbId))
                    .setState(TaskState.TASK_RUNNING).setHealthy(true).build()));
            h.offers(offer("a1", 4, 1024));
            assertThat(h.live()).extracting(TaskRecord::service).containsExactlyInAnyOrder("db", "app");
        }
    }

    @Test
    void scaleDownKillsSurplusAndScaleUpLaunches() throws Exception {
        try (var h = new SchedulerHarness()) {
            h.subscribe();
            h.apply(service("web", "api", 3, 1, 128));
            h.offers(offer("a1", 8, 4096));
            h.scheduler.scale("web", "api", 1).get();
            assertThat(h.calls.of(RecordingCalls.Kill.class)).hasSize(2);
            h.scheduler.scale("web", "api", 4).get();
            h.offers(offer("a1", 8, 4096));
            assertThat(h.calls.launched()).hasSize(4); // replicas 1 and 2 are still occupied until their kill lands
            assertThat(h.live()).hasSize(4);
        }
    }

    /** {@link SchedulerCore#STOPS_PER_STEP} and a few more replicas, all launched on one agent. */
    private static final int MANY = SchedulerCore.STOPS_PER_STEP + 200;

    private static void launchMany(SchedulerHarness h) {
        h.subscribe();
        h.apply(service("web", "api", MANY, 0.1, 16));
        h.offers(offer("a1", MANY, 16 * MANY));
        h.syncUntil("every replica launched", () -> h.live().size() == MANY);
    }

    private static final java.util.function.Predicate<StateChange> MARKS_KILL = c -> c instanceof StateChange.PutTask p
            && p.task().desired() == TaskRecord.Desired.KILL;

    /** The sizes of the commits that hold a change {@code of}, from now; {@code afterFirst} runs after the first. */
    private static List<Integer> commits(MemoryStore store, java.util.function.Predicate<StateChange> of,
                                         Runnable afterFirst) {
        List<Integer> sizes = new java.util.concurrent.CopyOnWriteArrayList<>();
        store.beforeCommit = changes -> {
            if (changes.stream().anyMatch(of)) {
                sizes.add(changes.size());
                if (sizes.size() == 1) {
                    afterFirst.run();
                }
            }
        };
        return sizes;
    }

    @Test
    void aTakeDownMarksAndForgetsItsTasksAShareAStep() throws Exception {
        try (var h = new SchedulerHarness()) {
            launchMany(h);
            List<Integer> markings = commits(h.store, MARKS_KILL, () -> { });

            h.scheduler.kill("web").get();
            h.syncUntil("every task marked", () -> h.store.tasks().stream()
                    .allMatch(t -> t.desired() == TaskRecord.Desired.KILL));

            assertThat(markings).containsExactly(SchedulerCore.STOPS_PER_STEP, MANY - SchedulerCore.STOPS_PER_STEP);
            h.syncUntil("every KILL sent", () -> h.calls.of(RecordingCalls.Kill.class).size() == MANY);

            List<Integer> deletions = commits(h.store, c -> c instanceof StateChange.DeleteTask, () -> { });
            h.live().forEach(t -> h.scheduler.accept(new MesosEvent.Update(TaskStatus.newBuilder()
                    .setTaskId(TaskID.newBuilder().setValue(t.taskId())).setState(TaskState.TASK_KILLED).build())));
            h.syncUntil("the project forgotten", () -> h.store.project("web").isEmpty());
            assertThat(deletions).containsExactly(Housekeeping.FORGET_PER_STEP, MANY - Housekeeping.FORGET_PER_STEP + 1);
            assertThat(h.store.tasks()).isEmpty();
            assertThat(h.store.log.get(h.store.log.size() - 1)).isEqualTo(new StateChange.DeleteProject("web"));
        }
    }

    @Test
    void tasksWantedAgainBeforeTheirShareIsMarkedKeepRunning() throws Exception {
        Logger core = (Logger) LoggerFactory.getLogger(SchedulerCore.class);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        core.addAppender(logs);
        core.setLevel(Level.INFO);
        try (var h = new SchedulerHarness()) {
            launchMany(h);
            // The project is applied again right after the take-down's first share is marked (on the loop thread,
            // so the apply is the next step's operation, before the next share).
            List<Integer> markings = commits(h.store, MARKS_KILL, () -> h.applyAsync(service("web", "api", MANY, 0.1, 16)));

            h.scheduler.kill("web").get();
            h.syncUntil("the project applied again", () -> h.scheduler.snapshot().projects().get("web").version() == 2);
            h.sync();

            assertThat(markings).containsExactly(SchedulerCore.STOPS_PER_STEP);
            assertThat(h.store.tasks()).filteredOn(t -> t.desired() == TaskRecord.Desired.KILL)
                    .hasSize(SchedulerCore.STOPS_PER_STEP);
            assertThat(h.live()).hasSize(MANY); // the tasks marked still run until their KILLs land
            // The take-down said it was stopping all of them: the log says which it does not stop after all.
            assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
                    .contains("stopping " + MANY + " tasks of web/api: no longer desired",
                            "not stopping " + (MANY - SchedulerCore.STOPS_PER_STEP) + " tasks of web/api after all: "
                                    + "wanted again");
        } finally {
            core.detachAppender(logs);
            core.setLevel(null);
        }
    }

    @Test
    void aShareOfStopsTheStoreRefusesIsMarkedInALaterStepNotLost() throws Exception {
        try (var h = new SchedulerHarness()) {
            launchMany(h);
            h.store.refuseOnce(changes -> changes.stream().anyMatch(MARKS_KILL));

            h.scheduler.kill("web").get();
            h.syncUntil("every task marked", () -> h.store.tasks().stream()
                    .allMatch(t -> t.desired() == TaskRecord.Desired.KILL));
            h.syncUntil("every KILL sent", () -> h.calls.of(RecordingCalls.Kill.class).size() == MANY);
        }
    }

    @Test
    void tasksOfATakeDownNotMarkedBeforeACrashAreMarkedAfterTheRestart() throws Exception {
        MemoryStore store = new MemoryStore();
        try (var h = new SchedulerHarness(store, SecretResolver.NONE, Map.of())) {
            launchMany(h);
        }
        // The DELETE's commit, and a crash before any of its tasks was marked: the marks are not stored.
        ProjectRecord web = store.project("web").orElseThrow();
        store.commit(List.of(new StateChange.PutProject(new ProjectRecord("web", web.version(), web.input(),
                web.variables(), ProjectRecord.Desired.KILLED, web.updatedAt()))));
        List<Integer> markings = commits(store, MARKS_KILL, () -> { });
        try (var h = new SchedulerHarness(store, SecretResolver.NONE, Map.of())) {
            h.syncUntil("every task marked", () -> store.tasks().stream()
                    .allMatch(t -> t.desired() == TaskRecord.Desired.KILL));
            assertThat(markings).containsExactly(SchedulerCore.STOPS_PER_STEP, MANY - SchedulerCore.STOPS_PER_STEP);
        }
    }

    @Test
    void secretFailureKeepsTaskPendingWithReasonAndNothingLaunched() {
        VaultRef ref = new VaultRef("secret/db", "password");
        var failing = (io.mesoscompose.secrets.SecretResolver) (p, s, refs) -> {
            throw new SecretUnavailableException(p, s, ref, "vault sealed", true);
        };
        try (var h = new SchedulerHarness(new MemoryStore(), failing, Map.of())) {
            h.subscribe();
            ServicePlan plain = service("p", "db", 1, 1, 128);
            h.apply(new ServicePlan(plain.project(), plain.service(), plain.taskName(), 1, plain.lifecycle(), plain.restart(),
                    List.of(), List.of(), Optional.empty(), plain.needs(), List.of(), plain.template(), Map.of("PW", ref), "f"));
            h.offers(offer("a1", 4, 1024));
            assertThat(h.calls.launched()).isEmpty();
            assertThat(h.store.tasks()).isEmpty();
            assertThat(h.scheduler.snapshot().pending().values()).singleElement().asString().contains("vault sealed");
        }
    }

    @Test
    void reconciliationKillsUnknownTasksAndRelaunchesMissingOnesWithoutDuplicates() {
        MemoryStore store = new MemoryStore();
        ServicePlan api = service("web", "api", 1, 1, 128);
        String oldId;
        try (var h = new SchedulerHarness(store, io.mesoscompose.secrets.SecretResolver.NONE, Map.of())) {
            oldId = h.launchOne(api, offer("a1", 4, 1024));
        }
        // Framework restarted mid-deploy: the task was recorded but the master never confirmed it.
        var plans = Map.of("web", new io.mesoscompose.plan.ProjectPlan("web", List.of(api), List.of()));
        try (var h = new SchedulerHarness(store, io.mesoscompose.secrets.SecretResolver.NONE, plans)) {
            h.subscribe();
            assertThat(h.calls.of(RecordingCalls.Reconcile.class)).extracting(RecordingCalls.Reconcile::taskIds)
                    .containsExactly(List.of(oldId));
            h.offers(offer("a1", 4, 1024));
            assertThat(h.calls.launched()).as("no launch while reconciling").isEmpty();
            h.status(oldId, TaskState.TASK_LOST, "Reconciliation: Task is unknown");
            assertThat(h.calls.of(RecordingCalls.Reconcile.class)).extracting(RecordingCalls.Reconcile::taskIds)
                    .as("the implicit reconciliation follows the explicit round").containsExactly(List.of(oldId), List.of());
            h.status("stranger", TaskState.TASK_RUNNING, null);
            assertThat(h.calls.of(RecordingCalls.Kill.class)).extracting(RecordingCalls.Kill::taskId).contains("stranger");
            h.clock.advance(Duration.ofSeconds(1)); // a lost task waits its restart back-off too
            h.offers(offer("a1", 4, 1024));
            assertThat(h.calls.launched()).hasSize(1);
            assertThat(h.live()).hasSize(1);
        }
    }

    @Test
    void rollingUpdateReplacesOneReplicaAtATime() {
        try (var h = new SchedulerHarness()) {
            h.subscribe();
            h.apply(service("web", "api", 2, 1, 128));
            h.offers(offer("a1", 8, 4096));
            h.live().forEach(t -> h.status(t.taskId(), TaskState.TASK_RUNNING, null));
            ServicePlan v2 = plan("web", "api", 2, ServicePlan.Lifecycle.SERVICE, RestartPolicy.of(RestartPolicy.Condition.ALWAYS),
                    1, 128, List.of(), List.of(), List.of(), "fp2");
            h.apply(v2);
            var kills = h.calls.of(RecordingCalls.Kill.class);
            assertThat(kills).hasSize(1);
            h.status(kills.get(0).taskId(), TaskState.TASK_KILLED, null);
            h.offers(offer("a1", 8, 4096));
            assertThat(h.calls.of(RecordingCalls.Kill.class)).hasSize(1); // the new one is not running yet
            TaskRecord fresh = h.live().stream().filter(t -> t.fingerprint().equals("fp2")).findFirst().orElseThrow();
            h.status(fresh.taskId(), TaskState.TASK_RUNNING, null);
            assertThat(h.calls.of(RecordingCalls.Kill.class)).hasSize(2);
        }
    }

    /**
     * The end of a task the framework stopped waits to be written with the launch's updates (UpdateBatch); the launch
     * of its replacement writes it first. Updates are gathered for an hour here, so only that launch writes it.
     */
    @Test
    void theEndOfAStoppedTaskIsStoredBeforeTheTaskThatReplacesIt() throws Exception {
        try (var h = new SchedulerHarness(new SchedulerSettings(5, Duration.ofSeconds(30), Duration.ofHours(1),
                RestartRules.Backoff.DEFAULT, Duration.ofSeconds(15), java.util.Set.of(), RestartRules.LostTasks.REPLACED,
                Duration.ofHours(1), false))) {
            h.subscribe();
            h.apply(service("web", "api", 2, 1, 128));
            h.offers(offer("a1", 8, 4096));
            h.live().forEach(t -> h.status(t.taskId(), TaskState.TASK_RUNNING, null));
            h.apply(plan("web", "api", 2, ServicePlan.Lifecycle.SERVICE, RestartPolicy.of(RestartPolicy.Condition.ALWAYS),
                    1, 128, List.of(), List.of(), List.of(), "fp2"));
            String old = h.calls.of(RecordingCalls.Kill.class).get(0).taskId();

            // no barrier until the replacement is launched: a barrier writes what is gathered
            h.scheduler.accept(new MesosEvent.Update(TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue(old))
                    .setState(TaskState.TASK_KILLED).setUuid(com.google.protobuf.ByteString.copyFromUtf8("k")).build()));
            h.scheduler.accept(new MesosEvent.Offers(List.of(offer("a1", 8, 4096))));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (h.calls.launched().size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertThat(h.calls.launched()).as("the replacement launched").hasSize(3);
            List<StateChange> log = List.copyOf(h.store.log);
            int ended = indexOf(log, t -> t.taskId().equals(old) && t.state().equals("TASK_KILLED"));
            int replacement = indexOf(log, t -> t.fingerprint().equals("fp2"));
            assertThat(replacement).as("the replacement is stored").isNotNegative();
            assertThat(ended).as("the old task's end is stored").isNotNegative().isLessThan(replacement);
            h.sync();
            assertThat(h.calls.of(RecordingCalls.Ack.class)).extracting(RecordingCalls.Ack::taskId).as("acknowledged")
                    .contains(old);
        }
    }

    private static int indexOf(List<StateChange> log, java.util.function.Predicate<TaskRecord> put) {
        for (int i = 0; i < log.size(); i++) {
            if (log.get(i) instanceof StateChange.PutTask p && put.test(p.task())) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void killProjectStopsEverythingAndStoresIt() throws Exception {
        try (var h = new SchedulerHarness()) {
            h.subscribe();
            h.apply(service("web", "api", 2, 1, 128));
            h.offers(offer("a1", 8, 4096));
            h.scheduler.kill("web").get();
            assertThat(h.calls.of(RecordingCalls.Kill.class)).hasSize(2);
            assertThat(h.store.project("web").orElseThrow().desired()).isEqualTo(io.mesoscompose.state.ProjectRecord.Desired.KILLED);
            assertThat(h.events).anyMatch(e -> e instanceof SchedulerEvent.ProjectKilled);
            h.sync();
            assertThat(h.calls.of(RecordingCalls.Kill.class)).as("no resend before the retry interval").hasSize(2);
            h.clock.advance(Duration.ofSeconds(31));
            h.sync();
            assertThat(h.calls.of(RecordingCalls.Kill.class)).as("unanswered kills are sent again").hasSize(4);
            assertThat(h.store.log).anyMatch(c -> c instanceof StateChange.PutTask p && p.task().desired() == TaskRecord.Desired.KILL);
        }
    }

    @Test
    void takingDownAProjectDoesNotWaitForTheMastersAnswersToItsKills() throws Exception {
        try (var h = new SchedulerHarness()) {
            h.subscribe();
            h.apply(service("web", "api", 2, 1, 128));
            h.offers(offer("a1", 8, 4096));
            h.calls.holdKills = true; // a busy master: 100,000 KILLs answered one after the other took minutes

            h.scheduler.kill("web").get(5, TimeUnit.SECONDS);

            assertThat(h.calls.of(RecordingCalls.Kill.class)).hasSize(2);
            h.calls.heldKills.forEach(answer -> answer.complete(null));
        }
    }

    @Test
    void aNewSubscriptionSendsTheKillsOfTasksStillStoppingAgainAndThoseStoppedMeanwhile() throws Exception {
        try (var h = new SchedulerHarness()) {
            h.subscribe();
            h.apply(service("web", "api", 2, 1, 128));
            h.apply(service("web", "api", 2, 1, 128), service("web", "db", 1, 1, 128));
            h.offers(offer("a1", 8, 4096));
            h.scheduler.kill("web", "api").get();
            assertThat(h.calls.of(RecordingCalls.Kill.class)).hasSize(2);
            h.send(new MesosEvent.Disconnected("master gone"));
            h.scheduler.kill("web", "db").get(); // not sent: no master

            h.subscribe();

            assertThat(h.calls.of(RecordingCalls.Kill.class)).extracting(RecordingCalls.Kill::taskId)
                    .as("the two again, and the one stopped while disconnected").hasSize(5)
                    .containsAll(h.tasks().stream().map(TaskRecord::taskId).toList());
        }
    }

    @Test
    void aTaskStoredAsStoppingIsSentItsKillAfterARestart() throws Exception {
        MemoryStore store = new MemoryStore();
        try (var h = new SchedulerHarness(store, io.mesoscompose.secrets.SecretResolver.NONE, Map.of())) {
            h.subscribe();
            h.apply(service("web", "api", 1, 1, 128));
            h.offers(offer("a1", 8, 4096));
            h.calls.holdKills = true; // the framework stops before the master answers
            h.scheduler.kill("web").get();
        }
        try (var h = new SchedulerHarness(store, io.mesoscompose.secrets.SecretResolver.NONE, Map.of())) {
            h.subscribe();
            h.sync();
            assertThat(h.calls.of(RecordingCalls.Kill.class)).singleElement()
                    .satisfies(k -> assertThat(store.task(k.taskId()).orElseThrow().desired())
                            .isEqualTo(TaskRecord.Desired.KILL));
        }
    }

    @Test
    void aKilledProjectIsForgottenWithItsTasksOnceTheLastHasEnded() throws Exception {
        try (var h = new SchedulerHarness()) {
            h.subscribe();
            h.apply(service("web", "api", 2, 1, 128));
            h.offers(offer("a1", 8, 4096));
            h.scheduler.kill("web").get();
            var kills = h.calls.of(RecordingCalls.Kill.class);

            h.status(kills.get(0).taskId(), TaskState.TASK_KILLED, null);
            assertThat(h.store.project("web")).as("one task still runs").isPresent();
            assertThat(h.store.tasks()).hasSize(2);
            h.status(kills.get(1).taskId(), TaskState.TASK_KILLED, null);

            assertThat(h.store.project("web")).isEmpty();
            assertThat(h.store.tasks()).isEmpty();
            assertThat(h.scheduler.snapshot().projects()).doesNotContainKey("web");
        }
    }

    @Test
    void aReplicaThatKeepsFailingLeavesItsLastFewEndedTasksInTheStore() throws Exception {
        try (var h = new SchedulerHarness()) {
            h.launchOne(service("web", "api", 1, 1, 128), offer("a1", 4, 1024));
            for (int attempt = 0; attempt < Housekeeping.KEEP_PER_SLOT + 2; attempt++) {
                h.status(h.live().get(0).taskId(), TaskState.TASK_FAILED, "Command exited with status 1");
                h.clock.advance(Duration.ofMinutes(10)); // past the restart back-off
                h.offers(offer("a1", 4, 1024));
            }

            assertThat(h.calls.launched()).hasSize(Housekeeping.KEEP_PER_SLOT + 3);
            assertThat(h.store.tasks()).filteredOn(t -> t.state().equals("TASK_FAILED"))
                    .hasSize(Housekeeping.KEEP_PER_SLOT);
            assertThat(h.live()).singleElement().satisfies(t ->
                    assertThat(t.attempt()).isEqualTo(Housekeeping.KEEP_PER_SLOT + 2));
        }
    }

    @Test
    void unreachableAgentKeepsTheSlotUntilTheTaskIsGone() {
        try (var h = new SchedulerHarness()) {
            String id = h.launchOne(service("web", "api", 1, 1, 128), offer("a1", 4, 1024));
            h.status(id, TaskState.TASK_RUNNING, null);
            h.status(id, TaskState.TASK_UNREACHABLE, "agent a1 unreachable");
            h.offers(offer("a2", 4, 1024));
            assertThat(h.calls.launched()).as("it may come back: no second replica").hasSize(1);
            h.status(id, TaskState.TASK_GONE, "agent a1 removed");
            h.clock.advance(Duration.ofSeconds(1)); // restart back-off
            h.offers(offer("a2", 4, 1024));
            assertThat(h.calls.launched()).hasSize(2);
            assertThat(h.live()).singleElement().satisfies(t -> assertThat(t.agentId()).contains("a2"));
            assertThat(h.calls.of(RecordingCalls.Revive.class)).as("work appeared after suppress").isNotEmpty();
        }
    }

    @Test
    void masterFailoverReconcilesAndLaunchesNoDuplicate() {
        try (var h = new SchedulerHarness()) {
            h.subscribe();
            h.apply(service("web", "api", 2, 1, 128));
            h.offers(offer("a1", 4, 1024));
            h.live().forEach(t -> h.status(t.taskId(), TaskState.TASK_RUNNING, null));
            h.send(new io.mesoscompose.mesos.MesosEvent.Disconnected("master gone"));
            assertThat(h.scheduler.snapshot().subscribed()).isFalse();
            h.subscribe();
            assertThat(h.calls.of(RecordingCalls.Reconcile.class)).last()
                    .satisfies(r -> assertThat(r.taskIds()).hasSize(2));
            h.live().forEach(t -> h.status(t.taskId(), TaskState.TASK_RUNNING, "Reconciliation: Latest task state"));
            assertThat(h.calls.of(RecordingCalls.Reconcile.class)).last()
                    .satisfies(r -> assertThat(r.taskIds()).isEmpty());
            h.offers(offer("a1", 4, 1024));
            assertThat(h.calls.launched()).hasSize(2);
            assertThat(h.scheduler.snapshot().subscribed()).isTrue();
        }
    }

    @Test
    void startFirstUpdateRunsTheNewTaskBeforeStoppingTheOld() {
        try (var h = new SchedulerHarness()) {
            String oldId = h.launchOne(service("web", "api", 1, 1, 128), offer("a1", 8, 4096));
            h.status(oldId, TaskState.TASK_RUNNING, null);
            ServicePlan p = service("web", "api", 1, 1, 128);
            var update = new io.mesoscompose.compose.model.Deploy.UpdateConfig(1, Duration.ZERO,
                    io.mesoscompose.compose.model.Deploy.UpdateConfig.Order.START_FIRST,
                    io.mesoscompose.compose.model.Deploy.UpdateConfig.FailureAction.PAUSE, Duration.ZERO, 0);
            h.clock.advance(Duration.ofSeconds(1));
            h.apply(new ServicePlan("web", "api", p.taskName(), 1, p.lifecycle(), p.restart(), List.of(), List.of(),
                    Optional.of(update), p.needs(), List.of(), p.template(), Map.of(), "fp2"));
            h.offers(offer("a1", 8, 4096));
            assertThat(h.live()).hasSize(2);
            assertThat(h.calls.of(RecordingCalls.Kill.class)).isEmpty();
            String newId = h.live().stream().filter(t -> t.fingerprint().equals("fp2")).findFirst().orElseThrow().taskId();
            h.status(newId, TaskState.TASK_RUNNING, null);
            assertThat(h.calls.of(RecordingCalls.Kill.class)).extracting(RecordingCalls.Kill::taskId).containsExactly(oldId);
        }
    }

    @Test
    void offersOfOneAgentGoIntoOneAcceptAndTheRestAreDeclinedWithTheRefuseFilter() {
        try (var h = new SchedulerHarness()) {
            h.subscribe();
            h.apply(service("web", "api", 2, 1, 128));
            // a2 is too small, so both replicas go to a1, whose two offers hold one each.
            h.offers(offer("a1", 1, 512), offer("a1", 1, 512), offer("a2", 0.5, 512));
            assertThat(h.calls.of(RecordingCalls.Accept.class)).singleElement()
                    .satisfies(a -> assertThat(a.offers()).hasSize(2));
            assertThat(h.calls.of(RecordingCalls.Decline.class)).singleElement()
                    .satisfies(d -> assertThat(d.refuseSeconds()).isEqualTo(5.0));
        }
    }

    /** Waits until the scheduler's loop thread waits for a lock (the store's, held by the test). */
    private static void awaitLoopBlocked() {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (Thread.getAllStackTraces().keySet().stream()
                .noneMatch(t -> t.getName().equals("scheduler-loop") && t.getState() == Thread.State.BLOCKED)) {
            assertThat(System.nanoTime()).as("the loop waits for the store").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    @Test
    void offersDeclinedByTheStepsOfOneBatchAreDeclinedInOneCall() {
        try (var h = new SchedulerHarness()) {
            synchronized (h.store) {  // the loop stops at its first commit (SUBSCRIBED stores the framework ID)...
                h.scheduler.accept(new MesosEvent.Subscribed(Event.Subscribed.newBuilder()
                        .setFrameworkId(FrameworkID.newBuilder().setValue("fw-1")).build(), "http://127.0.0.1:5050"));
                awaitLoopBlocked(); // (not before: the batch it took would hold some of the offers below)
                for (int i = 0; i < 5; i++) {
                    h.scheduler.accept(new MesosEvent.Offers(List.of(offer("a" + i, 1, 512))));
                }
            }  // ...so the five OFFERS events run as one batch, as after a SUBSCRIBED on a busy master
            h.sync();
            assertThat(h.calls.of(RecordingCalls.Decline.class)).singleElement()
                    .satisfies(d -> assertThat(d.offers()).hasSize(5));
        }
    }

    @Test
    void storedProjectWithoutResumedPlanKeepsItsTasks() {
        MemoryStore store = new MemoryStore();
        try (var h = new SchedulerHarness(store, io.mesoscompose.secrets.SecretResolver.NONE, Map.of())) {
            h.subscribe();
            h.apply(service("web", "api", 1, 1, 128));
            h.offers(offer("a1", 4, 1024));
        }
        try (var h = new SchedulerHarness(store, io.mesoscompose.secrets.SecretResolver.NONE, Map.of())) {
            h.subscribe();
            h.live().forEach(t -> h.status(t.taskId(), TaskState.TASK_RUNNING, null));
            assertThat(h.calls.of(RecordingCalls.Kill.class)).isEmpty();
            assertThat(h.live()).hasSize(1);
        }
    }

    @Test
    void unansweredReconciliationIsAskedAgainWhileOtherSlotsLaunch() {
        MemoryStore store = new MemoryStore();
        ServicePlan api = service("web", "api", 1, 1, 128);
        try (var h = new SchedulerHarness(store, io.mesoscompose.secrets.SecretResolver.NONE, Map.of())) {
            h.subscribe();
            h.apply(api);
            h.offers(offer("a1", 4, 1024));
        }
        ServicePlan worker = service("web", "worker", 1, 1, 128);
        var plans = Map.of("web", new io.mesoscompose.plan.ProjectPlan("web", List.of(api, worker), List.of()));
        try (var h = new SchedulerHarness(store, io.mesoscompose.secrets.SecretResolver.NONE, plans)) {
            h.subscribe();
            h.offers(offer("a1", 4, 1024));
            assertThat(h.calls.launched()).isEmpty();
            h.clock.advance(Duration.ofSeconds(31));
            h.sync();
            assertThat(h.calls.of(RecordingCalls.Reconcile.class)).hasSize(3);
            h.offers(offer("a1", 4, 1024));
            assertThat(h.calls.launched()).singleElement()
                    .satisfies(t -> assertThat(t.getName()).isEqualTo("mc:web:worker"));
        }
    }

    /**
     * The store refuses the records of a launch: nothing is launched, the offer is declined at once rather than left
     * outstanding (Mesos has no offer timeout by default: it would keep the agent's resources from every framework),
     * and the replicas wait for the next offer, which launches them.
     */
    @Test
    void aLaunchWhoseRecordsTheStoreRefusesDeclinesItsOfferAndTheReplicasWaitForTheNext() {
        try (var h = new SchedulerHarness()) {
            h.subscribe();
            h.apply(service("web", "api", 2, 1, 128));
            h.store.refuseOnce(changes -> changes.stream().anyMatch(c -> c instanceof StateChange.PutTask));
            var refused = offer("a1", 4, 1024);
            h.offers(refused);
            assertThat(h.calls.launched()).isEmpty();
            assertThat(h.store.tasks()).isEmpty();
            assertThat(h.calls.of(RecordingCalls.Decline.class)).as("the offer is handed back")
                    .anySatisfy(d -> assertThat(d.offers()).contains(refused.getId()));
            assertThat(h.scheduler.snapshot().pending()).hasSize(2);

            h.offers(offer("a2", 4, 1024));
            assertThat(h.calls.launched()).hasSize(2);
            assertThat(h.live()).hasSize(2);
            assertThat(h.calls.of(RecordingCalls.Accept.class)).noneSatisfy(a ->
                    assertThat(a.offers()).contains(refused.getId()));
        }
    }

    /**
     * A placement waits in the launcher's queue (as many ACCEPTs unanswered as it allows) when one of its offers is
     * rescinded: it is dropped, its agent's other offer, which nothing uses now, is declined rather than left
     * outstanding, and the replica waits for another offer.
     */
    @Test
    void aRescindOfAQueuedPlacementsOfferDeclinesTheAgentsOtherOfferAndTheReplicaWaitsAgain() {
        try (var h = new SchedulerHarness()) {
            h.subscribe();
            h.calls.holdAccepts = true;
            h.apply(service("web", "api", Launcher.IN_FLIGHT, 1, 128));
            h.offers(java.util.stream.IntStream.range(0, Launcher.IN_FLIGHT)
                    .mapToObj(i -> offer("a" + i, 1, 1024)).toArray(org.apache.mesos.v1.Protos.Offer[]::new));
            h.syncUntil("every replica launched", () -> h.calls.heldAccepts.size() >= Launcher.IN_FLIGHT);
            assertThat(h.calls.heldAccepts).hasSize(Launcher.IN_FLIGHT);

            h.apply(service("web", "api", Launcher.IN_FLIGHT, 1, 128), service("web", "db", 1, 1, 128));
            var half = offer("x", 0.5, 1024);
            var otherHalf = offer("x", 0.5, 1024);
            h.offers(half, otherHalf); // the db replica takes from both, and waits in the queue
            assertThat(h.calls.launched()).hasSize(Launcher.IN_FLIGHT);
            assertThat(h.calls.of(RecordingCalls.Decline.class)).noneSatisfy(d ->
                    assertThat(d.offers()).contains(otherHalf.getId()));

            h.send(new MesosEvent.Rescind(half.getId()));
            assertThat(h.calls.of(RecordingCalls.Decline.class)).as("the agent's other offer is handed back")
                    .anySatisfy(d -> assertThat(d.offers()).contains(otherHalf.getId()))
                    .noneSatisfy(d -> assertThat(d.offers()).contains(half.getId()));
            assertThat(h.scheduler.snapshot().pending().keySet()).extracting(Slot::service).containsExactly("db");

            h.calls.heldAccepts.forEach(a -> a.complete(null));
            h.offers(offer("y", 1, 1024));
            assertThat(h.calls.launched()).filteredOn(t -> t.getName().equals("mc:web:db")).singleElement()
                    .satisfies(t -> assertThat(t.getAgentId().getValue()).isEqualTo("y"));
        }
    }
}
