package io.mesoscompose.scheduler;

import io.mesoscompose.mesos.MesosEvent;
import io.mesoscompose.mesos.SchedulerCalls;
import io.mesoscompose.plan.ProjectPlan;
import io.mesoscompose.secrets.SecretResolver;
import io.mesoscompose.state.ProjectRecord;
import io.mesoscompose.state.StateStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The scheduler: one virtual thread takes MesosEvents, user operations and timer ticks from one queue and runs
 * them one at a time against {@link SchedulerCore}; after each step it converges and publishes an immutable
 * {@link SchedulerSnapshot} for readers. Callers never touch the core directly, so it needs no locks.
 */
public final class Scheduler implements Consumer<MesosEvent>, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);

    /** Callers' futures not completed yet: failed, not left hanging, when the loop stops. */
    private final java.util.Set<CompletableFuture<?>> unanswered = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /** Steps run between two convergences (see {@link #run}). */
    private static final int MAX_BATCH = 1000;

    private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final List<Consumer<SchedulerEvent>> listeners = new CopyOnWriteArrayList<>();
    private final List<SchedulerEvent> stepEvents = new ArrayList<>(); // loop thread only
    private final List<Runnable> afterStep = new ArrayList<>(); // loop thread only: completions, after publish
    private final SchedulerCore core;
    private final SchedulerSettings settings;
    private volatile SchedulerSnapshot snapshot = SchedulerSnapshot.EMPTY;
    private volatile boolean running;
    private volatile Consumer<Throwable> onFatal = e -> { };
    private volatile Thread loop;
    private Thread ticker;

    public Scheduler(StateStore store, SchedulerCalls calls, SecretResolver secrets, MeterRegistry registry,
                     Clock clock, SchedulerSettings settings) {
        this.settings = settings;
        SchedulerMetrics metrics = new SchedulerMetrics(registry);
        Consumer<SchedulerEvent> sink = stepEvents::add;
        Launcher launcher = new Launcher(store, calls, secrets, clock, metrics, sink);
        this.core = new SchedulerCore(store, calls, launcher, clock, settings, sink, metrics);
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
        queue.add(() -> core.load(resumedPlans));
        loop = Thread.ofVirtual().name("scheduler-loop").start(this::run);
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
        queue.add(() -> {
            try {
                T value = op.get();
                afterStep.add(() -> done.complete(value));
            } catch (RuntimeException e) {
                afterStep.add(() -> done.completeExceptionally(e));
            }
        });
        return done;
    }

    /**
     * Takes every step waiting (up to {@link #MAX_BATCH}), runs them in order, then converges and publishes once.
     * Converging and publishing look at every task, so doing them per batch rather than per event keeps a burst
     * of status updates (a reconciliation of 10,000 tasks) linear instead of quadratic.
     */
    private void run() {
        List<Runnable> batch = new ArrayList<>();
        while (running) {
            batch.clear();
            try {
                batch.add(queue.take());
            } catch (InterruptedException e) {
                return;
            }
            queue.drainTo(batch, MAX_BATCH - 1);
            for (Runnable step : batch) {
                if (!running || !safely(step)) {
                    return; // closed: the store may be closing too, so nothing more is written
                }
            }
            if (!safely(core::flush) || !safely(core::converge)) {
                return;
            }
            publish();
            // Callers see their operation's effect in the snapshot when their future completes.
            afterStep.forEach(Runnable::run);
            afterStep.clear();
        }
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

    /** Completes once every step queued before it has run and its snapshot is published. */
    public CompletableFuture<Void> barrier() {
        return submit(() -> { });
    }

    private void publish() {
        snapshot = new SchedulerSnapshot(core.frameworkId, core.subscribed, core.projects, core.plans,
                List.copyOf(core.tasks.values()), core.reasons, core.reconciliation.awaiting());
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
            ticker.interrupt();
            try {
                loop.join(java.time.Duration.ofSeconds(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            core.close();
            failUnanswered();
        }
    }
}
