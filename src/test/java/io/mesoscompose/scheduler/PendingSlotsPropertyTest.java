package io.mesoscompose.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.compose.model.Dependency;
import io.mesoscompose.compose.model.RestartPolicy;
import io.mesoscompose.plan.ProjectPlan;
import io.mesoscompose.plan.ServicePlan;
import io.mesoscompose.state.TaskRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * After any sequence of task changes, plan changes, start-first slots, placements and the passing of time,
 * {@link PendingSlots} (decided again only where something changed) says what {@link Desired#pending} says when it
 * looks at every slot, and {@link TaskTable}'s indexes and counts say what a scan of the tasks says.
 */
class PendingSlotsPropertyTest {

    private static final List<String> STATES = List.of("TASK_STAGING", "TASK_STARTING", "TASK_RUNNING",
            "TASK_FINISHED", "TASK_FAILED", "TASK_KILLED", "TASK_LOST", "TASK_UNREACHABLE");
    private static final List<String> SERVICES = List.of("db", "app", "job");
    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    /** One step: {@code kind} picks what happens, the numbers pick to what. */
    record Step(int kind, int a, int b, int c) {}

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<Integer> n = Arbitraries.integers().between(0, 1000);
        return net.jqwik.api.Combinators.combine(Arbitraries.integers().between(0, 10), n, n, n).as(Step::new)
                .list().ofMinSize(1).ofMaxSize(80);
    }

    @Property(tries = 400)
    void incrementalAnswerEqualsAFullRecomputation(@ForAll("steps") List<Step> steps,
                                                   @ForAll RestartRules.LostTasks lostTasks,
                                                   @ForAll Dependency.Condition condition) {
        RestartRules.Backoff backoff = RestartRules.Backoff.DEFAULT;
        TaskTable tasks = new TaskTable();
        PendingSlots pending = new PendingSlots(backoff, lostTasks);
        Map<String, ServicePlan> services = new LinkedHashMap<>();
        for (String s : SERVICES) {
            services.put(s, plan(s, 2, "v1", 0, condition));
        }
        Set<Slot> held = new HashSet<>();
        Set<Slot> early = Set.of();
        Instant now = START;
        int ids = 0;
        for (Step step : steps) {
            List<TaskRecord> all = List.copyOf(tasks.all());
            String service = SERVICES.get(step.a() % SERVICES.size());
            switch (step.kind()) {
                case 0, 1 -> tasks.put(task("t" + ids++, service, step.b() % 5, step.c() % 2 == 0 ? "v1" : "v2",
                        step.c() % 3, now));
                case 2, 3 -> {
                    if (!all.isEmpty()) {
                        TaskRecord t = all.get(step.b() % all.size());
                        tasks.put(withState(t, STATES.get(step.c() % STATES.size()), step.c() % 4 == 0, now));
                    }
                }
                case 4 -> {
                    if (!all.isEmpty()) {
                        TaskRecord t = all.get(step.b() % all.size());
                        if (step.c() % 2 == 0) {
                            tasks.put(StatusUpdates.desiredKill(t, now));
                        } else {
                            tasks.remove(t.taskId());
                        }
                    }
                }
                case 5 -> services.put(service, plan(service, step.b() % 5, step.c() % 2 == 0 ? "v1" : "v2",
                        step.c() % 4, condition));
                case 6 -> now = now.plus(Duration.ofMillis(step.b() % 5 * 400L));
                case 7 -> {
                    Set<Slot> next = new HashSet<>();
                    if (step.b() % 3 != 0) {
                        next.add(new Slot("p", service, step.c() % 5));
                        next.add(new Slot("p", SERVICES.get(step.b() % SERVICES.size()), step.b() % 5));
                    }
                    early = next;
                }
                case 8 -> { // the matcher places one unplaced replica
                    List<OfferMatcher.Pending> free = pending.unplaced();
                    if (!free.isEmpty()) {
                        Slot slot = free.get(step.b() % free.size()).slot();
                        pending.placed(List.of(slot), Map.of());
                        held.add(slot);
                    }
                }
                case 9 -> { // the launcher lets a placement go, or launches it
                    if (!held.isEmpty()) {
                        Slot slot = List.copyOf(held).get(step.b() % held.size());
                        held.remove(slot);
                        if (step.c() % 2 == 0) {
                            pending.release(Map.of(slot, PendingSlots.NO_OFFER));
                        } else {
                            tasks.put(task("t" + ids++, slot.service(), slot.replica(), "v1", 0, now));
                            pending.launched(List.of(slot));
                        }
                    }
                }
                default -> {
                    List<ProjectPlan> plans = List.of(new ProjectPlan("p", List.copyOf(services.values()), List.of()));
                    pending.refresh(plans, tasks, now, early);
                    check(pending, tasks, plans, now, backoff, early, lostTasks, held);
                }
            }
        }
        List<ProjectPlan> plans = List.of(new ProjectPlan("p", List.copyOf(services.values()), List.of()));
        pending.refresh(plans, tasks, now, early);
        check(pending, tasks, plans, now, backoff, early, lostTasks, held);
    }

    private static void check(PendingSlots pending, TaskTable tasks, List<ProjectPlan> plans, Instant now,
                              RestartRules.Backoff backoff, Set<Slot> early, RestartRules.LostTasks lostTasks,
                              Set<Slot> held) {
        Desired.Pending full = Desired.pending(plans, tasks::of, now, backoff, early, lostTasks);
        List<OfferMatcher.Pending> free = full.ready().stream().filter(p -> !held.contains(p.slot())).toList();
        assertThat(pending.unplaced()).isEqualTo(free);
        assertThat(pending.hasUnplaced()).isEqualTo(!free.isEmpty());
        full.ready().forEach(p -> assertThat(pending.ready(p.slot())).contains(p));
        Map<Slot, String> reasons = new HashMap<>(full.waiting());
        free.forEach(p -> reasons.put(p.slot(), PendingSlots.NO_OFFER));
        assertThat(pending.reasons()).isEqualTo(reasons);
        Map<String, Map<ServiceKey, Integer>> perAgent = new HashMap<>();
        Set<String> stopping = new HashSet<>();
        for (TaskRecord t : tasks.all()) {
            if (!TaskStates.terminal(t.state())) {
                t.agentId().ifPresent(a -> perAgent.computeIfAbsent(a, x -> new HashMap<>()).merge(ServiceKey.of(t), 1,
                        Integer::sum));
                if (t.desired() == TaskRecord.Desired.KILL) {
                    stopping.add(t.taskId());
                }
            }
            assertThat(tasks.of(Slot.of(t))).contains(t);
        }
        assertThat(tasks.livePerAgent()).isEqualTo(perAgent);
        assertThat(tasks.stopping()).extracting(TaskRecord::taskId).containsExactlyInAnyOrderElementsOf(stopping);
        for (ServicePlan s : plans.get(0).services()) {
            ServiceKey key = new ServiceKey("p", s.service());
            List<String> of = reasons.entrySet().stream().filter(e -> ServiceKey.of(e.getKey()).equals(key))
                    .map(Map.Entry::getValue).toList();
            PendingSlots.Waiting waiting = pending.waiting(key);
            assertThat(waiting.count()).isEqualTo(of.size());
            assertThat(waiting.reasons()).containsExactlyInAnyOrderElementsOf(new HashSet<>(of));
            assertThat(tasks.live(key, s.replicas())).isEqualTo(Progress.live(tasks.of(key), s.replicas()));
            for (Dependency.Condition c : Dependency.Condition.values()) {
                TaskTable.Counts counts = tasks.counts(key);
                boolean met = switch (c) {
                    case STARTED -> counts.running() > 0;
                    case HEALTHY -> counts.healthy() > 0;
                    case COMPLETED_SUCCESSFULLY -> counts.succeeded() > 0;
                };
                assertThat(met).isEqualTo(Desired.met(tasks.of(key), c));
            }
        }
    }

    /** db; app depends on db; job is a job with a restart policy of its own. */
    private static ServicePlan plan(String service, int replicas, String fingerprint, int restart,
                                    Dependency.Condition condition) {
        RestartPolicy policy = switch (restart) {
            case 0 -> RestartPolicy.of(RestartPolicy.Condition.ALWAYS);
            case 1 -> RestartPolicy.of(RestartPolicy.Condition.ON_FAILURE);
            case 2 -> new RestartPolicy(RestartPolicy.Condition.ALWAYS, OptionalInt.of(1),
                    Optional.of(Duration.ofSeconds(2)), Optional.empty());
            default -> RestartPolicy.of(RestartPolicy.Condition.NO);
        };
        List<Dependency> deps = service.equals("app") ? List.of(new Dependency("db", condition, false, true))
                : List.of();
        ServicePlan.Lifecycle lifecycle = service.equals("job") ? ServicePlan.Lifecycle.JOB : ServicePlan.Lifecycle.SERVICE;
        return Fixtures.plan("p", service, replicas, lifecycle, policy, 0.1, 32, List.of(), List.of(), deps,
                fingerprint);
    }

    private static TaskRecord task(String id, String service, int replica, String fingerprint, int attempt,
                                   Instant at) {
        return new TaskRecord(id, "p", service, replica, 1, fingerprint, Optional.of("a1"), Optional.of("a1.example"),
                "TASK_STAGING", TaskRecord.Desired.RUN, Map.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                attempt, at, at, List.of());
    }

    private static TaskRecord withState(TaskRecord t, String state, boolean healthy, Instant at) {
        Optional<Integer> exit = state.equals("TASK_FINISHED") ? Optional.of(0)
                : state.equals("TASK_FAILED") ? Optional.of(1) : t.exitCode();
        return new TaskRecord(t.taskId(), t.project(), t.service(), t.replica(), t.projectVersion(), t.fingerprint(),
                t.agentId(), t.hostname(), state, t.desired(), t.hostPorts(), t.message(), exit,
                Optional.of(healthy), t.attempt(), t.createdAt(), at, new ArrayList<>(t.history()));
    }
}
