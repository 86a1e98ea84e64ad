package io.mesoscompose.scheduler;

import io.mesoscompose.plan.ProjectPlan;
import io.mesoscompose.plan.ServicePlan;
import io.mesoscompose.state.TaskRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/** Per-service counts for logs and {@link SchedulerEvent.ServiceProgress}. Pure. */
final class Progress {

    private Progress() {}

    static List<SchedulerEvent.ServiceProgress> of(Collection<ProjectPlan> plans, Collection<TaskRecord> tasks, Map<Slot, String> pending) {
        List<SchedulerEvent.ServiceProgress> out = new ArrayList<>();
        for (ProjectPlan p : plans) {
            for (ServicePlan s : p.services()) {
                ServiceKey key = new ServiceKey(p.project(), s.service());
                List<String> reasons = pending.entrySet().stream().filter(e -> ServiceKey.of(e.getKey()).equals(key))
                        .map(Map.Entry::getValue).toList();
                out.add(of(p.project(), s, tasks.stream().filter(key::owns).toList(), reasons));
            }
        }
        return out;
    }

    /**
     * One service's counts.
     *
     * @param tasks   the service's tasks
     * @param waiting why each of its pending replicas waits (one entry per replica)
     */
    static SchedulerEvent.ServiceProgress of(String project, ServicePlan s, Collection<TaskRecord> tasks,
                                             List<String> waiting) {
        int running = 0;
        int starting = 0;
        for (TaskRecord t : tasks) {
            if (t.replica() >= s.replicas() || TaskStates.terminal(t.state())) {
                continue;
            }
            if (TaskStates.running(t.state())) {
                running++;
            } else {
                starting++;
            }
        }
        return new SchedulerEvent.ServiceProgress(project, s.service(), running, starting, s.replicas(), waiting.size(),
                String.join("; ", new LinkedHashSet<>(waiting)));
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
