package io.mesoscompose.scheduler;

import io.mesoscompose.plan.ServicePlan;
import io.mesoscompose.state.TaskRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Which old-version tasks of a changed service to stop now (stop-first), honouring update_config parallelism:
 * no more than {@code parallelism} replicas are in transition at once. Pure.
 */
final class RollingUpdate {

    private RollingUpdate() {}

    static List<TaskRecord> toStop(ServicePlan plan, Collection<TaskRecord> tasks) {
        int parallelism = plan.update().map(u -> u.parallelism()).filter(p -> p > 0).orElse(1);
        if (plan.update().map(u -> u.parallelism() == 0).orElse(false)) {
            parallelism = Integer.MAX_VALUE; // compose: 0 means all at once
        }
        Map<Slot, TaskRecord> latest = Desired.latestBySlot(tasks.stream()
                .filter(t -> t.project().equals(plan.project()) && t.service().equals(plan.service())).toList());
        List<TaskRecord> old = new ArrayList<>();
        int inTransition = 0;
        for (int i = 0; i < plan.replicas(); i++) {
            TaskRecord t = latest.get(new Slot(plan.project(), plan.service(), i));
            if (t == null) {
                continue;
            }
            boolean current = t.fingerprint().equals(plan.fingerprint());
            boolean alive = !TaskStates.terminal(t.state());
            if (!current && alive && t.desired() == TaskRecord.Desired.RUN) {
                old.add(t);
            } else if (!(current && TaskStates.running(t.state())) && !(current && !alive)) {
                inTransition++; // an old one stopping, or a new one not running yet
            }
        }
        int budget = Math.max(0, parallelism - inTransition);
        return old.stream().sorted(Comparator.comparingInt(TaskRecord::replica)).limit(budget).toList();
    }
}
