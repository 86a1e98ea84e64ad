package io.mesoscompose.scheduler;

import io.mesoscompose.mesos.MesosEvent;
import io.mesoscompose.mesos.SchedulerCalls;
import io.mesoscompose.plan.ProjectPlan;
import io.mesoscompose.secrets.SecretResolver;
import io.mesoscompose.state.ProjectRecord;
import io.mesoscompose.state.StateStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler: one virtual thread takes MesosEvents, user operations and timer ticks and runs them one at a time
 * against {@link SchedulerCore}; after each batch of them it converges and publishes an immutable
 * {@link SchedulerSnapshot} for readers. Callers never touch the core directly, so it needs no locks.
 *
 * <p>Operators' operations (apply, scale, kill, ...) wait in a queue of their own and run first in each batch, so
 * that a burst of Mesos events (the status updates of a large launch) never makes an operator wait for more than
 * one batch; events keep their order among themselves, as operations do. A batch runs events for at most
 * {@link #BATCH_NANOS} before it converges (a convergence costs what changed in the batch plus a fixed share per
 * service, so a burst of 100,000 updates converges a few times a second, not after every few updates), and for at most
 * {@link #AFTER_OPERATION_NANOS} when it ran an operation, whose caller waits for the snapshot; an operation
 * arriving meanwhile ends the batch, and runs first in the next.
 */
public final class Scheduler implements Consumer<MesosEvent>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

    /** Callers' futures not completed yet: failed, not left hanging, when the loop stops. */
    private final java.util.Set<CompletableFuture<?>> unanswered = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Events taken at most into one batch, and the time a batch runs events for (see {@link #run}). */
    private static final int MAX_BATCH = 10_000;
    private static final long BATCH_NANOS = 100_000_000;
    private static final long AFTER_OPERATION_NANOS = 10_000_000;
    /**
     * Least time from the start of one step to the start of the next while events keep coming; an operation does
     * not wait for it. A step has a cost of its own besides what its events bring (converging, publishing — a group of
     * tasks is copied once per step in which any of them changed —, a commit with its fsync, waking up), and during a
     * launch of 100,000 tasks the status updates come steadily; so while the loop waits for the rest of this time,
     * events queue up without waking it. With 5 ms such a launch took about 2,000 steps, with 15 ms about 850, and 6%
     * less CPU per task (docs/benchmarks.md, "Steps 15 ms apart"); 25 ms saved nothing more.
     */
    static final long STEP_EVERY_NANOS = 15_000_000;
    /**
     * A step longer than this is logged at DEBUG with where its time went: an operator's request waits for the step
     * in progress (store commits wait for their fsync; a garbage collection's pause stops the step too).
     */
    private static final long SLOW_STEP_NANOS = 100_000_000;
    /** Wakes the loop for an operation; does nothing itself. */
    private static final Runnable WAKE = () -> { };

    /** Mesos events, ticks and barriers, in arrival order. */
    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    /** Barriers queued and not run yet: someone waits for each, so the loop does not pause to gather events. */
    private final AtomicInteger barriers = new AtomicInteger();
    /** Operators' operations, in arrival order; each also puts {@link #WAKE} on {@link #queue}. */
    private final ConcurrentLinkedQueue<Runnable> operations = new ConcurrentLinkedQueue<>();
    private final List<Consumer<SchedulerEvent>> listeners = new CopyOnWriteArrayList<>();
    private final List<SchedulerEvent> stepEvents = new ArrayList<>(); // loop thread only
    private final List<Runnable> afterStep = new ArrayList<>(); // loop thread only: completions, after publish
    private final PublishedTasks published = new PublishedTasks(); // loop thread only
    private final SchedulerCore core;
    private final ExecutorService matcher;
    private final SchedulerSettings settings;
    private final SchedulerMetrics metrics;
    private volatile SchedulerSnapshot snapshot = SchedulerSnapshot.EMPTY;
    private volatile boolean running;
    private volatile Consumer<Throwable> onFatal = e -> { };
    private volatile Thread loop;
    private Thread ticker;

    public Scheduler(StateStore store, SchedulerCalls calls, SecretResolver secrets, MeterRegistry registry,
                     Clock clock, SchedulerSettings settings) {
        this(store, calls, secrets, registry, clock, settings, Executors.newSingleThreadExecutor(
                Thread.ofPlatform().daemon().name("offer-matcher").factory()));
    }

    /** @param matcher where matchings of many replicas run, off the loop (a test's own, to hold one back) */
    Scheduler(StateStore store, SchedulerCalls calls, SecretResolver secrets, MeterRegistry registry, Clock clock,
              SchedulerSettings settings, ExecutorService matcher) {
        this.settings = settings;
        this.matcher = matcher;
        this.metrics = new SchedulerMetrics(registry);
        StateStore timed = new TimedStore(store, metrics);
        Consumer<SchedulerEvent> sink = stepEvents::add;
        Runnable wake = () -> queue.add(WAKE);
        Acknowledgements acknowledgements = new Acknowledgements(calls, wake);
        Launcher launcher = new Launcher(timed, calls, acknowledgements::backlogged, secrets, clock, metrics, sink,
                wake);
        this.core = new SchedulerCore(timed, calls, launcher, acknowledgements, clock, settings, sink, metrics, matcher,
                queue::add);
    }

    /** Loads the stored state, with the current versions' plans re-made from the stored projects, and starts the loop. */
    public void start(Map<String, ProjectPlan> resumedPlans) {
        start(ResumedPlans.current(resumedPlans));
    }

    /** Loads the stored state, with the plans re-made from the stored projects and their kept versions, and starts the loop. */
    public synchronized void start(ResumedPlans resumedPlans) {
        if (running) {
            return;
        }
        running = true;
        queue.add(WAKE); // the first batch converges and publishes what was loaded
        // A platform thread: a loop step is CPU work of up to a few hundred milliseconds at scale, and a virtual
        // thread is not preempted; on a carrier of the virtual-thread scheduler (one per core) it would hold back
        // the API's handlers, which are virtual threads, for as long.
        loop = Thread.ofPlatform().daemon().name("scheduler-loop").start(() -> {
            // Before any queued operation: nothing may act on state not loaded yet.
            if (safely(() -> core.load(resumedPlans))) {
                run();
            }
        });
        ticker = Thread.ofVirtual().name("scheduler-tick").start(() -> {
            while (running) {
                try {
                    Thread.sleep(settings.tick());
                } catch (InterruptedException e) {
                    return;
                }
                queue.add(() -> { });
            }
        });
    }

    /** Called (once, from the loop) when the loop stops on an Error; {@code serve} exits the process then. */
    public void onFatal(Consumer<Throwable> handler) {
        onFatal = handler;
    }

    /** True once the loop thread has ended (after {@link #close}, unless its step in progress hung). */
    public boolean hasStopped() {
        Thread t = loop;
        return t == null || !t.isAlive();
    }

    /** False once the loop stopped (closed, or a fatal error). */
    public boolean isRunning() {
        return running && loop != null && loop.isAlive();
    }

    public void addListener(Consumer<SchedulerEvent> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<SchedulerEvent> listener) {
        listeners.remove(listener);
    }

    public SchedulerSnapshot snapshot() {
        return snapshot;
    }

    /** From the Mesos client's thread: queued, handled on the loop in arrival order. */
    @Override
    public void accept(MesosEvent event) {
        queue.add(() -> core.onEvent(event));
    }

    public CompletableFuture<Void> apply(ProjectPlan plan, ProjectRecord record) {
        return submit(() -> core.apply(plan, record));
    }

    public CompletableFuture<Void> scale(String project, String service, int replicas) {
        return submit(() -> core.scale(project, service, replicas));
    }

    public CompletableFuture<Void> restart(String project, String service) {
        return submit(() -> core.restart(project, service));
    }

    public CompletableFuture<Void> kill(String project) {
        return submit(() -> core.kill(project));
    }

    public CompletableFuture<Void> kill(String project, String service) {
        return submit(() -> core.kill(project, service));
    }

    public CompletableFuture<Void> killTask(String taskId) {
        return submit(() -> core.killTask(taskId));
    }

    public CompletableFuture<Void> restartTask(String taskId) {
        return submit(() -> core.restartTask(taskId));
    }

    public CompletableFuture<Void> suppress() {
        return submit(core::suppress);
    }

    /**
     * Drops the connection so the client subscribes again (with the stored framework ID); reconciliation follows
     * the new SUBSCRIBED. {@code reconnect} is the Mesos client's own way to do that.
     */
    public CompletableFuture<Void> reregister(Runnable reconnect) {
        return submit(() -> {
            LOG.info("re-registering with the master on request");
            core.onEvent(new MesosEvent.Disconnected("re-registration requested"));
            reconnect.run();
        });
    }

    public CompletableFuture<Void> forgetFrameworkId() {
        return submit(core::forgetFrameworkId);
    }

    private CompletableFuture<Void> submit(Runnable op) {
        return call(() -> {
            op.run();
            return null;
        });
    }

    private <T> CompletableFuture<T> call(Supplier<T> op) {
        CompletableFuture<T> done = new CompletableFuture<>();
        unanswered.add(done);
        done.whenComplete((v, e) -> unanswered.remove(done));
        if (!running && loop != null) {
            done.completeExceptionally(new IllegalStateException("the scheduler has stopped"));
            return done;
        }
        operations.add(() -> {
            try {
                T value = op.get();
                afterStep.add(() -> done.complete(value));
            } catch (RuntimeException e) {
                afterStep.add(() -> done.completeExceptionally(e));
            }
        });
        queue.add(WAKE);
        endGathering(); // the operation runs now
        return done;
    }

    /** Whether a step is due already to write the updates gathered (loop thread sets, the timer clears). */
    private volatile boolean flushWakeSet;

    /**
     * Runs every operation waiting, then events for up to {@link #BATCH_NANOS} ({@link #AFTER_OPERATION_NANOS} after
     * operations; at most {@link #MAX_BATCH}; until an operation arrives), then converges and publishes once; steps
     * start at most every {@link #STEP_EVERY_NANOS} unless an operation or a barrier waits. Converging and publishing
     * have a cost per service besides what changed, so doing them per batch rather than per event keeps a burst of
     * status updates (a reconciliation of 100,000 tasks) cheap.
     */
    private void run() {
        ArrayDeque<Runnable> batch = new ArrayDeque<>();
        long stepStarted = System.nanoTime() - STEP_EVERY_NANOS;
        while (running) {
            if (batch.isEmpty()) {
                try {
                    batch.add(queue.take());
                } catch (InterruptedException e) {
                    return;
                }
            }
            // Right after a step, the events of the next one gather (an operation or a barrier ends the wait).
            for (long wait = stepStarted + STEP_EVERY_NANOS - System.nanoTime(); wait > 0 && operations.isEmpty()
                    && barriers.get() == 0 && running; wait = stepStarted + STEP_EVERY_NANOS - System.nanoTime()) {
                LockSupport.parkNanos(this, wait);
            }
            stepStarted = System.nanoTime();
            if (!step(batch)) {
                return;
            }
        }
    }

    /**
     * One step: the operations waiting, then events of {@code batch} (refilled from the queue), converging,
     * publishing. A method of its own rather than the body of {@link #run}'s loop, which runs once for the life of
     * the scheduler and so was compiled by on-stack replacement only, again after each path it had not seen: in a
     * launch of 100,000 tasks four such compilations of 0.3-0.55 s each, against 40-110 ms for this method's.
     *
     * @return false when the loop must stop (closed, or a fatal error)
     */
    private boolean step(ArrayDeque<Runnable> batch) {
        long started = System.nanoTime();
        queue.drainTo(batch, MAX_BATCH - batch.size());
        boolean ranOperations = false;
        for (Runnable op = operations.poll(); op != null; op = operations.poll()) {
            ranOperations = true;
            if (!running || !safely(op)) {
                return false; // closed: the store may be closing too, so nothing more is written
            }
        }
        long operationsDone = System.nanoTime();
        long deadline = operationsDone + (ranOperations ? AFTER_OPERATION_NANOS : BATCH_NANOS);
        int events = 0;
        while (!batch.isEmpty() && System.nanoTime() < deadline && operations.isEmpty()) {
            Runnable event = batch.poll();
            events++;
            if (event != WAKE && (!running || !safely(event))) {
                return false;
            }
        }
        boolean operatorsWait = ranOperations;
        long eventsDone = System.nanoTime();
        if (!safely(core::flush)) {
            return false;
        }
        long flushed = System.nanoTime();
        // An operator waiting for this step's snapshot (or for the next one's) gets it soon (see converge).
        if (!safely(() -> core.converge(() -> operatorsWait || !operations.isEmpty()))) {
            return false;
        }
        long converged = System.nanoTime();
        publish();
        long published = System.nanoTime();
        metrics.step(published - started);
        if (published - started > SLOW_STEP_NANOS && LOG.isDebugEnabled()) {
            LOG.debug("slow loop step: {} ms (operations {} ms, {} events {} ms, writing status updates {} ms,"
                    + " converging {} ms, publishing {} ms)", millis(published - started),
                    millis(operationsDone - started), events, millis(eventsDone - operationsDone),
                    millis(flushed - eventsDone), millis(converged - flushed), millis(published - converged));
        }
        // Callers see their operation's effect in the snapshot when their future completes.
        afterStep.forEach(Runnable::run);
        afterStep.clear();
        if (core.busy() && batch.isEmpty()) {
            queue.add(WAKE); // placements wait: carry on with them without waiting for an event
        } else if (core.writesDue() > 0 && !flushWakeSet) {
            flushWakeSet = true; // updates gathered wait to be written: a step then, if no event comes first
            CompletableFuture.delayedExecutor(core.writesDue(), TimeUnit.NANOSECONDS).execute(() -> {
                flushWakeSet = false;
                queue.add(WAKE);
            });
        }
        return true;
    }

    private static long millis(long nanos) {
        return nanos / 1_000_000;
    }

    /** Whoever waits on an operation learns that it will not happen, instead of waiting forever. */
    private void failUnanswered() {
        for (CompletableFuture<?> f : List.copyOf(unanswered)) {
            f.completeExceptionally(new IllegalStateException("the scheduler has stopped"));
        }
    }

    /** Runs one step; false when the loop must stop (a fatal error, already reported). */
    private boolean safely(Runnable step) {
        try {
            step.run();
            return true;
        } catch (RuntimeException e) {
            // A failed step (e.g. the store refused a commit) must not kill the loop; the next step retries.
            LOG.error("scheduler step failed", e);
            return true;
        } catch (Error e) {
            // Out of memory, a broken installation...: this process cannot be trusted to schedule any more.
            // A framework whose API answers while nothing schedules is the worst state; stop and say so.
            running = false;
            LOG.error("the scheduler loop stopped on a fatal error", e);
            failUnanswered();
            onFatal.accept(e);
            return false;
        }
    }

    /**
     * Completes once every event and operation queued before it has run, the status updates they brought are stored
     * (none left gathering, see {@link UpdateBatch}), and its snapshot is published with every waiting replica as it
     * is (see {@link PendingSlots#shown}).
     */
    public CompletableFuture<Void> barrier() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        unanswered.add(done);
        done.whenComplete((v, e) -> unanswered.remove(done));
        barriers.incrementAndGet();
        queue.add(() -> {
            barriers.decrementAndGet();
            core.writeGatheredNow();
            core.pending.showAllNow();
            afterStep.add(() -> done.complete(null));
        });
        endGathering(); // someone waits for it
        return done;
    }

    /** Unparks the loop, which may be waiting for events to gather (see {@link #run}). */
    private void endGathering() {
        Thread t = loop;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    private void publish() {
        Map<ServiceKey, ServiceTasks> services = published.publish(core.tasks.takeUnpublished(), core.tasks::get);
        snapshot = new SchedulerSnapshot(core.frameworkId, core.subscribed, core.projects, core.plans, services,
                core.pending.shown(System.nanoTime()), core.reconciliation.awaiting());
        List<SchedulerEvent> out = List.copyOf(stepEvents);
        stepEvents.clear();
        for (SchedulerEvent e : out) {
            for (Consumer<SchedulerEvent> l : listeners) {
                try {
                    l.accept(e);
                } catch (RuntimeException ex) {
                    LOG.warn("scheduler listener failed", ex);
                }
            }
        }
    }

    @Override
    /** Stops the loop and waits (briefly) for the step in progress, so nothing writes to a closing store. */
    public void close() {
        running = false;
        if (loop != null) {
            // Not interrupted: an interrupt during a store write would close the store's file channel under it.
            queue.add(() -> { });
            LockSupport.unpark(loop);
            ticker.interrupt();
            try {
                loop.join(java.time.Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            core.close();
            failUnanswered();
        }
        matcher.shutdownNow();
    }
}
