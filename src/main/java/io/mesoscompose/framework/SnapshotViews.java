package io.mesoscompose.framework;

import io.mesoscompose.api.ServiceStatuses;
import io.mesoscompose.api.ServiceTally;
import io.mesoscompose.api.model.DeferredJson;
import io.mesoscompose.api.model.PendingTask;
import io.mesoscompose.api.model.PlannedService;
import io.mesoscompose.api.model.ProjectInfo;
import io.mesoscompose.api.model.ProjectStatus;
import io.mesoscompose.api.model.ServiceStatus;
import io.mesoscompose.api.model.ServiceUpdate;
import io.mesoscompose.api.model.TaskView;
import io.mesoscompose.plan.PlanPrinter;
import io.mesoscompose.plan.ProjectPlan;
import io.mesoscompose.plan.ServicePlan;
import io.mesoscompose.scheduler.SchedulerSnapshot;
import io.mesoscompose.scheduler.ServiceKey;
import io.mesoscompose.scheduler.ServiceTasks;
import io.mesoscompose.scheduler.Slot;
import io.mesoscompose.state.ProjectRecord;
import io.mesoscompose.state.TaskRecord;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The API's records made from the scheduler's snapshots (the leader's, or a standby's), for every request to read:
 * project infos, task views, pending replicas, per-service counts and tasks per state. What a snapshot shares with
 * the one before is not made again: a project's info while its record and plan are the same objects, the views and
 * counts of a group of tasks ({@link ServiceTasks}) while the group is. So while 100,000 tasks launch, a poll of
 * {@code ps} costs the groups that changed since the last snapshot, not 100,000 task views. Thread-safe.
 */
final class SnapshotViews {

    private final Supplier<SchedulerSnapshot> source;
    private volatile Views views;
    /** What is made of a group of tasks (by identity), each part when first asked for. */
    private final Map<Ref, PerGroup> perGroup = new ConcurrentHashMap<>();
    /** Per service's map of waiting replicas (the same object while they do not change): how many, and why. */
    private final Map<Ref, Waiting> waiting = new ConcurrentHashMap<>();
    private final Map<String, Info> infos = new ConcurrentHashMap<>();

    /** How many replicas of a service wait, and their distinct reasons, sorted. */
    private record Waiting(int count, List<String> reasons) {
        static Waiting of(Map<Slot, String> why) {
            return new Waiting(why.size(), why.values().stream().distinct().sorted().toList());
        }
    }

    /**
     * An object compared by identity — a group of tasks is the same while it is the same list — and held weakly: what
     * is kept for a group no snapshot holds any more (until {@link #forgetOthers} drops it) does not keep the group's
     * task records alive: earlier versions of tasks that changed since, up to one per task, or a service's map of
     * waiting replicas. (A class histogram after a launch of 100,000 once counted 147,696 task records; how many old
     * ones are kept depends on when the API was last read.)
     */
    private static final class Ref {
        private final WeakReference<Object> of;
        private final int hash;

        Ref(Object of) {
            this.of = new WeakReference<>(of);
            this.hash = System.identityHashCode(of);
        }

        @Override
        public boolean equals(Object o) {
            if (o == this) {
                return true;
            }
            Object mine = of.get();
            return mine != null && o instanceof Ref r && r.of.get() == mine;
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private record GroupViews(String taskName, List<TaskView> views) {}

    /**
     * A group's views with the task name they show, its counts for the services' status, and its tasks per state.
     * Each is made from the group alone, so two readers that make one at once make the same.
     */
    private static final class PerGroup {
        volatile GroupViews views;
        private volatile ServiceTally tally;
        private volatile Map<String, Long> states;

        ServiceTally tally(List<TaskRecord> group) {
            ServiceTally t = tally;
            if (t == null) {
                t = SnapshotViews.tally(group);
                tally = t;
            }
            return t;
        }

        Map<String, Long> states(List<TaskRecord> group) {
            Map<String, Long> s = states;
            if (s == null) {
                s = statesOf(group);
                states = s;
            }
            return s;
        }
    }

    private PerGroup kept(List<TaskRecord> group) {
        return perGroup.computeIfAbsent(new Ref(group), r -> new PerGroup());
    }

    private record Info(ProjectRecord record, Optional<ProjectPlan> plan, ProjectInfo info) {}

    SnapshotViews(Supplier<SchedulerSnapshot> source) {
        this.source = source;
    }

    /** The source's current snapshot, as {@link #views} read it. */
    SchedulerSnapshot snapshot() {
        return views().of;
    }

    List<ProjectInfo> projects() {
        Views v = views();
        return v.of.projects().values().stream().sorted(Comparator.comparing(ProjectRecord::name)).map(v::info).toList();
    }

    Optional<ProjectInfo> project(String name) {
        Views v = views();
        return Optional.ofNullable(v.of.projects().get(name)).map(v::info);
    }

    /** Every task, sorted by project, service, replica and creation. */
    List<TaskView> tasks() {
        return views().sorted();
    }

    List<TaskView> tasksOf(String project) {
        return views().tasksOf(project);
    }

    Optional<TaskView> task(String taskId) {
        SchedulerSnapshot snap = snapshot();
        return snap.task(taskId).map(t -> view(t, snap));
    }

    /** Every waiting replica, sorted by project, service and replica. */
    List<PendingTask> pending() {
        return views().pending();
    }

    List<PendingTask> pendingOf(String project) {
        return views().pending().stream().filter(p -> p.project().equals(project)).toList();
    }

    /** Every task's state counted, once per snapshot, from the counts of each group of tasks. */
    SortedMap<String, Long> taskCountsByState() {
        return views().countsByState();
    }

    /** The project's counts, once per snapshot, from the counts of its groups of tasks. */
    ProjectStatus status(ProjectInfo project) {
        Views v = views();
        ProjectRecord record = v.of.projects().get(project.name());
        if (record == null || v.info(record) != project) {
            // A ProjectInfo of another snapshot: counted against this one's tasks.
            return ServiceStatuses.of(project, v.tasksOf(project.name()), pendingOf(project.name()));
        }
        return v.statuses.computeIfAbsent(project.name(), name -> new ProjectStatus(project.name(), project.version(),
                project.desired(), project.updatedAt(), project.plan().stream().map(s -> v.status(project, s)).toList()));
    }

    private Views views() {
        SchedulerSnapshot snap = source.get();
        Views v = views;
        if (v == null || v.of != snap) {
            v = new Views(snap);
            views = v;
            forgetOthers(snap);
        }
        return v;
    }

    /**
     * Drops what was kept for groups and projects that {@code snap} no longer has — once what is kept has grown to
     * twice what {@code snap} holds (and past {@link #KEEP_ANYWAY}): a walk over every group of 100,000 tasks at
     * each new snapshot a reader sees cost a third of a read's CPU while they launched. Each walk drops at least
     * half of what is kept, so it costs what was added since the one before.
     */
    private void forgetOthers(SchedulerSnapshot snap) {
        int groups = snap.services().values().stream().mapToInt(s -> s.groups().size()).sum();
        int bound = Math.max(KEEP_ANYWAY, 2 * groups);
        if (keptGroups() > bound) {
            Set<Ref> present = new HashSet<>();
            snap.services().values().forEach(s -> s.groups().forEach(g -> present.add(new Ref(g))));
            perGroup.keySet().retainAll(present);
        }
        if (waiting.size() > Math.max(KEEP_ANYWAY, 2 * snap.waiting().size())) {
            Set<Ref> waitingNow = new HashSet<>();
            snap.waiting().values().forEach(m -> waitingNow.add(new Ref(m)));
            waiting.keySet().retainAll(waitingNow);
        }
        infos.keySet().retainAll(snap.projects().keySet());
    }

    /** How many entries of a kind may be kept however few a snapshot holds. */
    static final int KEEP_ANYWAY = 64;

    /** How many groups of tasks have their views or counts kept (for tests). */
    int keptGroups() {
        return perGroup.size();
    }

    /** What one snapshot's readers share. */
    private final class Views {
        private final SchedulerSnapshot of;
        private final Map<String, ProjectStatus> statuses = new ConcurrentHashMap<>();
        private final Map<String, List<TaskView>> byProject = new ConcurrentHashMap<>();
        private volatile List<PendingTask> pending;
        private volatile List<TaskView> sorted;
        private volatile SortedMap<String, Long> byState;

        Views(SchedulerSnapshot of) {
            this.of = of;
        }

        ProjectInfo info(ProjectRecord r) {
            Optional<ProjectPlan> plan = Optional.ofNullable(of.plans().get(r.name()));
            Info known = infos.get(r.name());
            if (known == null || known.record() != r || !samePlan(known.plan(), plan)) {
                known = new Info(r, plan, SnapshotViews.info(r, plan));
                infos.put(r.name(), known);
            }
            return known.info();
        }

        List<TaskView> tasksOf(String project) {
            return byProject.computeIfAbsent(project, p -> {
                List<TaskView> out = new ArrayList<>();
                of.services().values().stream().filter(s -> s.service().project().equals(p))
                        .forEach(s -> out.addAll(viewsOf(s)));
                return List.copyOf(out);
            });
        }

        private List<TaskView> viewsOf(ServiceTasks service) {
            String taskName = taskName(of, service.service());
            List<TaskView> out = new ArrayList<>(service.size());
            for (List<TaskRecord> group : service.groups()) {
                PerGroup made = kept(group);
                GroupViews known = made.views;
                if (known == null || !known.taskName().equals(taskName)) {
                    known = new GroupViews(taskName, group.stream().map(t -> view(t, taskName)).toList());
                    made.views = known;
                }
                out.addAll(known.views());
            }
            return out;
        }

        ServiceStatus status(ProjectInfo project, PlannedService service) {
            ServiceKey key = new ServiceKey(project.name(), service.service());
            ServiceTally tally = ServiceTally.EMPTY;
            ServiceTasks tasks = of.services().get(key);
            for (List<TaskRecord> group : tasks == null ? List.<List<TaskRecord>>of() : tasks.groups()) {
                tally = tally.plus(kept(group).tally(group));
            }
            Map<Slot, String> why = of.waiting().get(key);
            Waiting w = why == null ? new Waiting(0, List.of())
                    : waiting.computeIfAbsent(new Ref(why), r -> Waiting.of(why));
            return ServiceStatuses.of(project, service, tally, w.count(), w.reasons());
        }

        SortedMap<String, Long> countsByState() {
            SortedMap<String, Long> counts = byState;
            if (counts == null) {
                TreeMap<String, Long> sum = new TreeMap<>();
                for (ServiceTasks service : of.services().values()) {
                    for (List<TaskRecord> group : service.groups()) {
                        kept(group).states(group).forEach((state, n) -> sum.merge(state, n, Long::sum));
                    }
                }
                counts = Collections.unmodifiableSortedMap(sum);
                byState = counts;
            }
            return counts;
        }

        List<PendingTask> pending() {
            List<PendingTask> p = pending;
            if (p == null) {
                List<PendingTask> out = new ArrayList<>();
                of.waiting().values().forEach(m -> m.forEach((Slot slot, String why) ->
                        out.add(new PendingTask(slot.project(), slot.service(), slot.replica(), why))));
                out.sort(Comparator.comparing(PendingTask::project).thenComparing(PendingTask::service)
                        .thenComparingInt(PendingTask::replica));
                p = List.copyOf(out);
                pending = p;
            }
            return p;
        }

        List<TaskView> sorted() {
            List<TaskView> s = sorted;
            if (s == null) {
                List<TaskView> all = new ArrayList<>();
                of.services().keySet().stream().map(ServiceKey::project).distinct().forEach(p -> all.addAll(tasksOf(p)));
                all.sort(Comparator.comparing(TaskView::project).thenComparing(TaskView::service)
                        .thenComparingInt(TaskView::replica).thenComparing(TaskView::createdAt));
                s = List.copyOf(all);
                sorted = s;
            }
            return s;
        }
    }

    private static boolean samePlan(Optional<ProjectPlan> a, Optional<ProjectPlan> b) {
        return a.isPresent() == b.isPresent() && (a.isEmpty() || a.get() == b.get());
    }

    private static Map<String, Long> statesOf(List<TaskRecord> group) {
        Map<String, Long> counts = new HashMap<>();
        group.forEach(t -> counts.merge(t.state(), 1L, Long::sum));
        return Map.copyOf(counts);
    }

    private static ServiceTally tally(List<TaskRecord> group) {
        ServiceTally.Counter c = new ServiceTally.Counter();
        for (TaskRecord t : group) {
            c.add(t.taskId(), t.state(), t.projectVersion(), t.updatedAt(), t.exitCode(), t.message());
        }
        return c.tally();
    }

    /** The task name the plan gives a service's tasks ("project:service" when the plan no longer has it). */
    static String taskName(SchedulerSnapshot snap, ServiceKey service) {
        return Optional.ofNullable(snap.plans().get(service.project()))
                .flatMap(p -> p.services().stream().filter(s -> s.service().equals(service.service())).findFirst())
                .map(ServicePlan::taskName).orElse(service.project() + ":" + service.service());
    }

    static ProjectInfo info(ProjectRecord r, Optional<ProjectPlan> plan) {
        List<PlannedService> services = plan.map(ProjectPlan::services).orElse(List.of()).stream().map(s -> new PlannedService(
                s.service(), s.taskName(), s.replicas(), s.lifecycle().name(), s.needs().cpus(), s.needs().memMb(),
                s.needs().diskMb(), PlanPrinter.ports(s.template()),
                s.constraints().stream().map(c -> c.source()).toList(),
                DeferredJson.of(() -> PlanPrinter.protobuf(s.template())),
                Optional.ofNullable(r.updates().get(s.service()))
                        .map(u -> new ServiceUpdate(u.state().name(), u.message(), u.at())))).toList();
        return new ProjectInfo(r.name(), r.version(), r.desired().name(), r.updatedAt(), r.sources(), services);
    }

    static TaskView view(TaskRecord t, SchedulerSnapshot snap) {
        return view(t, taskName(snap, ServiceKey.of(t)));
    }

    static TaskView view(TaskRecord t, String taskName) {
        TaskView.Agent agent = new TaskView.Agent(t.agentId().orElse(""), t.hostname().orElse(""));
        return new TaskView(t.taskId(), taskName, t.state(), agent, t.project(), t.service(), t.replica(),
                t.projectVersion(), t.desired().name(), t.hostPorts(), t.message(), t.exitCode(), t.healthy(),
                t.attempt(), t.createdAt(), t.updatedAt());
    }
}
