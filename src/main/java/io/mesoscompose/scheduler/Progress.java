package io.mesoscompose.scheduler;

import io.mesoscompose.plan.ProjectPlan;
import io.mesoscompose.plan.ServicePlan;
import io.mesoscompose.state.TaskRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Per-service counts for logs and {@link SchedulerEvent.ServiceProgress}. Pure. */
final class Progress {

    private Progress() {}

    /** Every service's counts from its tasks and the reasons its replicas wait: one pass over each. */
    static List<SchedulerEvent.ServiceProgress> of(Collection<ProjectPlan> plans, Collection<TaskRecord> tasks, Map<Slot, String> pending) {
        Map<ServiceKey, List<TaskRecord>> byService = new HashMap<>();
        tasks.forEach(t -> byService.computeIfAbsent(ServiceKey.of(t), k -> new ArrayList<>()).add(t));
        Map<ServiceKey, List<String>> reasons = new HashMap<>();
        pending.forEach((slot, why) -> reasons.computeIfAbsent(ServiceKey.of(slot), k -> new ArrayList<>()).add(why));
        List<SchedulerEvent.ServiceProgress> out = new ArrayList<>();
        for (ProjectPlan p : plans) {
            for (ServicePlan s : p.services()) {
                ServiceKey key = new ServiceKey(p.project(), s.service());
                List<String> waiting = reasons.getOrDefault(key, List.of());
                out.add(of(p.project(), s, live(byService.getOrDefault(key, List.of()), s.replicas()), waiting.size(),
                        new LinkedHashSet<>(waiting)));
            }
        }
        return out;
    }

    /** The live tasks among these in replicas below {@code replicas}: what {@link TaskTable#live} keeps. */
    static TaskTable.Live live(Collection<TaskRecord> tasks, int replicas) {
        int running = 0;
        int starting = 0;
        for (TaskRecord t : tasks) {
            if (t.replica() >= replicas || TaskStates.terminal(t.state())) {
                continue;
            }
            if (TaskStates.running(t.state())) {
                running++;
            } else {
                starting++;
            }
        }
        return new TaskTable.Live(running, starting);
    }

    /**
     * One service's counts.
     *
     * @param pending how many of its replicas wait
     * @param reasons why they wait, each reason once
     */
    static SchedulerEvent.ServiceProgress of(String project, ServicePlan s, TaskTable.Live live, int pending,
                                             Collection<String> reasons) {
        return new SchedulerEvent.ServiceProgress(project, s.service(), live.running(), live.starting(), s.replicas(),
                pending, String.join("; ", reasons));
    }

    /** "project web v2: service api 2/5 running, 2 starting, 1 pending: no offer with 4 cpus (largest 2)". */
    static String describe(SchedulerEvent.ServiceProgress p, long version) {
        String line = "project " + p.project() + " v" + version + ": service " + p.service() + " " + p.running() + "/"
                + p.desired() + " running";
        if (p.starting() > 0) {
            line += ", " + p.starting() + " starting";
        }
        return p.pending() == 0 ? line : line + ", " + p.pending() + " pending: " + p.pendingReason();
    }
}
