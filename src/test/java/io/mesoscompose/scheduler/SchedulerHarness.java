package io.mesoscompose.scheduler;

import io.mesoscompose.mesos.MesosEvent;
import io.mesoscompose.plan.ProjectPlan;
import io.mesoscompose.plan.ServicePlan;
import io.mesoscompose.secrets.SecretResolver;
import io.mesoscompose.state.ProjectRecord;
import io.mesoscompose.state.TaskRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Event;

/** A scheduler on a fake master: recorded calls, a memory store, a clock the test moves. */
final class SchedulerHarness implements AutoCloseable {

    static final class TestClock extends Clock {
        volatile Instant now = Instant.parse("2026-01-01T00:00:00Z");
        @Override public ZoneOffset getZone() { return ZoneOffset.UTC; }
        @Override public Clock withZone(java.time.ZoneId zone) { return this; }
        @Override public Instant instant() { return now; }
        void advance(Duration d) { now = now.plus(d); }
    }

    final RecordingCalls calls = new RecordingCalls();
    final MemoryStore store;
    final TestClock clock = new TestClock();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final List<SchedulerEvent> events = new CopyOnWriteArrayList<>();
    final Scheduler scheduler;

    SchedulerHarness(MemoryStore store, SecretResolver secrets, Map<String, ProjectPlan> resumed) {
        this(store, secrets, ResumedPlans.current(resumed));
    }

    SchedulerHarness(MemoryStore store, SecretResolver secrets, ResumedPlans resumed) {
        this(store, secrets, resumed,
                new SchedulerSettings(5, Duration.ofSeconds(30), Duration.ofHours(1), RestartRules.Backoff.DEFAULT));
    }

    /** With settings of the test's own; the tick should stay long (the test moves the clock and syncs). */
    SchedulerHarness(SchedulerSettings settings) {
        this(new MemoryStore(), SecretResolver.NONE, ResumedPlans.current(Map.of()), settings);
    }

    SchedulerHarness(MemoryStore store, SecretResolver secrets, ResumedPlans resumed, SchedulerSettings settings) {
        this(store, secrets, resumed, settings, Executors.newSingleThreadExecutor());
    }

    /** Settings of highly available instances: a task's TASK_RUNNING is written ({@link SchedulerSettings#runningWritten}). */
    static SchedulerSettings writingRunning() {
        return new SchedulerSettings(5, Duration.ofSeconds(30), Duration.ofHours(1), RestartRules.Backoff.DEFAULT,
                Duration.ofSeconds(15), java.util.Set.of(), RestartRules.LostTasks.REPLACED,
                Duration.ofNanos(UpdateBatch.GATHER_NANOS), true);
    }

    /** With the test's own executor for matchings run off the loop. */
    SchedulerHarness(ExecutorService matcher) {
        this(new MemoryStore(), SecretResolver.NONE, ResumedPlans.current(Map.of()),
                new SchedulerSettings(5, Duration.ofSeconds(30), Duration.ofHours(1), RestartRules.Backoff.DEFAULT),
                matcher);
    }

    private SchedulerHarness(MemoryStore store, SecretResolver secrets, ResumedPlans resumed,
                             SchedulerSettings settings, ExecutorService matcher) {
        this.store = store;
        scheduler = new Scheduler(store, calls, secrets, registry, clock, settings, matcher);
        scheduler.addListener(events::add);
        scheduler.start(resumed);
    }

    SchedulerHarness() {
        this(new MemoryStore(), SecretResolver.NONE, Map.of());
    }

    void send(MesosEvent e) {
        scheduler.accept(e);
        sync();
    }

    void sync() {
        try {
            scheduler.barrier().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Lets the loop step until {@code done}: a launch of more than {@link Launcher#AT_LEAST} tasks goes on in the steps
     * after the one a {@link #sync} waits for.
     */
    void syncUntil(String what, java.util.function.BooleanSupplier done) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("never " + what);
            }
            sync();
        }
    }

    void subscribe() {
        send(new MesosEvent.Subscribed(Event.Subscribed.newBuilder()
                .setFrameworkId(FrameworkID.newBuilder().setValue("fw-1")).build(), "http://127.0.0.1:5050"));
    }

    /** Applies the services as the project's next version (1 for the first). */
    void apply(ServicePlan... services) {
        try {
            applyAsync(services).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The same, not waiting: the future completes with the step that ran the apply. */
    java.util.concurrent.CompletableFuture<Void> applyAsync(ServicePlan... services) {
        String name = services[0].project();
        long version = scheduler.snapshot().projects().containsKey(name)
                ? scheduler.snapshot().projects().get(name).version() + 1 : 1;
        return scheduler.apply(new ProjectPlan(name, List.of(services), List.of()),
                new ProjectRecord(name, version, List.of(), Map.of(), ProjectRecord.Desired.RUNNING, clock.instant()));
    }

    void offers(Offer... offers) {
        send(new MesosEvent.Offers(List.of(offers)));
    }

    void status(String taskId, TaskState state, String message) {
        TaskStatus.Builder b = TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue(taskId)).setState(state)
                .setUuid(com.google.protobuf.ByteString.copyFromUtf8("u"));
        if (message != null) {
            b.setMessage(message);
        }
        send(new MesosEvent.Update(b.build()));
    }

    List<TaskRecord> tasks() {
        return scheduler.snapshot().tasks();
    }

    /** Subscribes, applies one service of one replica, offers {@code offer}: the ID of the task it launched. */
    String launchOne(ServicePlan service, Offer offer) {
        subscribe();
        apply(service);
        offers(offer);
        return live().get(0).taskId();
    }

    List<TaskRecord> live() {
        return tasks().stream().filter(t -> !TaskStates.terminal(t.state())).toList();
    }

    @Override
    public void close() {
        scheduler.close();
    }
}
