package io.mesoscompose.framework;

import io.mesoscompose.compose.ComposeInput;
import io.mesoscompose.plan.PlanSettings;
import io.mesoscompose.plan.ProjectPlan;
import io.mesoscompose.scheduler.PlanEdits;
import io.mesoscompose.scheduler.ResumedPlans;
import io.mesoscompose.scheduler.SchedulerSnapshot;
import io.mesoscompose.state.ProjectRecord;
import io.mesoscompose.state.StateStore;
import io.mesoscompose.state.TaskRecord;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a standby instance keeps ready for taking over, and answers reads from: the stored projects with their plans
 * built (loading and planning compose files is the slow part of a start), refreshed from the shared state every
 * few seconds; a project's plan is made again only when its sources or variables changed. What the API reads is at
 * most {@link #MAX_AGE} old: the projects are read again when older, and the tasks are read from the state when
 * asked for, at most once per {@link #MAX_AGE}, so a standby nobody asks costs next to nothing.
 */
public final class HotStandby implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HotStandby.class);
    /** How old the projects and tasks a standby shows may be. */
    static final Duration MAX_AGE = Duration.ofSeconds(2);

    /** What a plan is made of; the same key, the same plan (planning is deterministic). */
    private record Source(String project, ComposeInput input, Map<String, String> variables) {
        static Source of(ProjectRecord r) {
            return new Source(r.name(), r.input(), r.variables());
        }
    }

    private record Loaded(Optional<String> frameworkId, Map<String, ProjectRecord> projects,
                          Map<String, ProjectPlan> plans, long readAt) {}

    private record Tasks(List<TaskRecord> tasks, long readAt) {}

    private final StateStore store;
    private final PlanSettings settings;
    private final Duration every;
    private final Map<Source, Optional<ProjectPlan>> built = new HashMap<>();  // guarded by this
    private volatile Loaded loaded = new Loaded(Optional.empty(), Map.of(), Map.of(), System.nanoTime());
    private volatile Optional<Tasks> tasks = Optional.empty();
    private volatile boolean paused;
    private volatile boolean closed;
    private Thread refresher;

    /** @param every how often the projects are read again while standing by */
    public HotStandby(StateStore store, PlanSettings settings, Duration every) {
        this.store = store;
        this.settings = settings;
        this.every = every;
    }

    /** Loads the projects and builds their plans now, then keeps them fresh in the background. */
    public HotStandby start() {
        refresh();
        refresher = Thread.ofVirtual().name("hot-standby").start(() -> {
            while (!closed) {
                try {
                    Thread.sleep(every);
                } catch (InterruptedException e) {
                    return;
                }
                if (!paused && !closed) {
                    refreshQuietly();
                }
            }
        });
        return this;
    }

    /** Stops refreshing (this instance leads: the scheduler has the state). */
    public void pause() {
        paused = true;
    }

    /**
     * Refreshes again (this instance stands by again): at once, in the background (the state may not answer
     * now: the caller must not wait), then every few seconds.
     */
    public void resume() {
        paused = false;
        tasks = Optional.empty();
        Thread.ofVirtual().name("hot-standby-resume").start(this::refreshQuietly);
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (RuntimeException e) {
            LOG.warn("standby: reading the shared state failed ({}); trying again in {}s", e.getMessage(),
                    every.toSeconds());
        }
    }

    /** Reads the framework ID and the projects, and builds the plans of new or changed projects. */
    public void refresh() {
        long readAt = System.nanoTime();
        Optional<String> frameworkId = store.frameworkId();
        List<ProjectRecord> records = store.projects();
        ResumedPlans raw = plansFor(records);
        Map<String, ProjectRecord> projects = new LinkedHashMap<>();
        Map<String, ProjectPlan> plans = new LinkedHashMap<>();
        for (ProjectRecord r : records) {
            projects.put(r.name(), r);
            Optional.ofNullable(raw.current().get(r.name())).ifPresent(p -> plans.put(r.name(),
                    PlanEdits.withOverrides(p, r.replicas())));
        }
        loaded = new Loaded(frameworkId, projects, plans, readAt);
    }

    /**
     * The plans of the projects that should run and of the earlier versions their records keep, as made from their
     * sources (the scheduler applies the operator's replica counts and rollbacks itself): those built before are
     * reused, the others are built now. Plans of versions no longer among {@code records} are forgotten.
     */
    public synchronized ResumedPlans plansFor(List<ProjectRecord> records) {
        Map<Source, Optional<ProjectPlan>> keep = new HashMap<>();
        ResumedPlans plans = ProjectService.resumePlans(records, r -> keep.computeIfAbsent(Source.of(r),
                key -> built.containsKey(key) ? built.get(key) : ProjectService.replan(r, settings)));
        built.clear();
        built.putAll(keep);
        return plans;
    }

    /**
     * The standby's view, shaped as a scheduler snapshot (not subscribed, nothing pending: only the leader knows
     * offers); projects and tasks as stored at most {@link #MAX_AGE} ago (or as last read, while the state does
     * not answer).
     */
    public SchedulerSnapshot snapshot() {
        Loaded l = currentProjects();
        Tasks t = currentTasks();
        Made m = made;
        if (m == null || m.projects() != l || m.tasks() != t) { // the same reads, the same snapshot: views are kept
            m = new Made(l, t, SchedulerSnapshot.of(l.frameworkId(), false, l.projects(), l.plans(), t.tasks()));
            made = m;
        }
        return m.snapshot();
    }

    /** The last snapshot made, and of what. */
    private record Made(Loaded projects, Tasks tasks, SchedulerSnapshot snapshot) {}

    private volatile Made made;

    private Loaded currentProjects() {
        Loaded l = loaded;
        if (System.nanoTime() - l.readAt() < MAX_AGE.toNanos()) {
            return l;
        }
        synchronized (this) {  // one reader refreshes, the others then see its result
            if (System.nanoTime() - loaded.readAt() >= MAX_AGE.toNanos()) {
                refreshQuietly();
            }
            return loaded;
        }
    }

    private Tasks currentTasks() {
        Optional<Tasks> fresh = tasks.filter(HotStandby::young);
        if (fresh.isPresent()) {
            return fresh.get();
        }
        synchronized (this) {
            Tasks t = tasks.filter(HotStandby::young).orElseGet(() -> new Tasks(store.tasks(), System.nanoTime()));
            tasks = Optional.of(t);
            return t;
        }
    }

    private static boolean young(Tasks t) {
        return System.nanoTime() - t.readAt() < MAX_AGE.toNanos();
    }

    @Override
    public void close() {
        closed = true;
        if (refresher != null) {
            refresher.interrupt();
        }
    }
}
