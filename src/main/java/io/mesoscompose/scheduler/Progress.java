package io.mesoscompose.scheduler;

import io.mesoscompose.plan.ProjectPlan;
import io.mesoscompose.plan.ServicePlan;
import io.mesoscompose.state.TaskRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/** Per-service counts for logs and {@link SchedulerEvent.ServiceProgress}. Pure. */
final class Progress {

    private Progress() {}

    static List<SchedulerEvent.ServiceProgress> of(Collection<ProjectPlan> plans, Collection<TaskRecord> tasks, Map<Slot, String> pending) {
        List<SchedulerEvent.ServiceProgress> out = new ArrayList<>();
        for (ProjectPlan p : plans) {
            for (ServicePlan s : p.services()) {
                int running = (int) tasks.stream().filter(t -> t.project().equals(p.project()) && t.service().equals(s.service())
                        && TaskStates.running(t.state()) && t.replica() < s.replicas()).count();
                List<String> reasons = pending.entrySet().stream()
                        .filter(e -> e.getKey().project().equals(p.project()) && e.getKey().service().equals(s.service()))
                        .map(Map.Entry::getValue).distinct().toList();
                int waiting = (int) pending.keySet().stream()
                        .filter(k -> k.project().equals(p.project()) && k.service().equals(s.service())).count();
                out.add(new SchedulerEvent.ServiceProgress(p.project(), s.service(), running, s.replicas(), waiting,
                        String.join("; ", reasons)));
            }
        }
        return out;
    }

    /** "project web v2: service api 2/3 running, 1 pending: no offer with 4 cpus (largest 2)". */
    static String describe(SchedulerEvent.ServiceProgress p, long version) {
        String line = "project " + p.project() + " v" + version + ": service " + p.service() + " " + p.running() + "/"
                + p.desired() + " running";
        return p.pending() == 0 ? line : line + ", " + p.pending() + " pending: " + p.pendingReason();
    }
}
