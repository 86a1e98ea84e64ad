package io.mesoscompose.scheduler;

import io.mesoscompose.compose.model.Deploy;
import io.mesoscompose.plan.ServicePlan;
import io.mesoscompose.state.TaskRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The next step of replacing a changed service's replicas, honouring update_config: no more than
 * {@code parallelism} replicas in transition at once. stop-first stops old tasks, and their slots relaunch;
 * start-first launches the new task beside the old one and stops the old one once the new one runs. Pure.
 */
final class RollingUpdate {

    private RollingUpdate() {}

    /** @param stop old tasks to stop now; @param startEarly slots whose new task starts beside the old one */
    record Step(List<TaskRecord> stop, Set<Slot> startEarly) {}

    static Step step(ServicePlan plan, Collection<TaskRecord> tasks) {
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
        int budget = paused(plan, latest.values(), old) ? 0 : Math.max(0, parallelism - inTransition);
        List<TaskRecord> chosen = old.stream().sorted(Comparator.comparingInt(TaskRecord::replica)).limit(budget).toList();
        boolean startFirst = plan.update().map(u -> u.order() == Deploy.UpdateConfig.Order.START_FIRST).orElse(false);
        if (!startFirst) {
            return new Step(chosen, Set.of());
        }
        Set<Slot> early = chosen.stream().map(t -> new Slot(t.project(), t.service(), t.replica())).collect(Collectors.toSet());
        List<TaskRecord> superseded = tasks.stream()
                .filter(t -> t.project().equals(plan.project()) && t.service().equals(plan.service()))
                .filter(t -> !t.fingerprint().equals(plan.fingerprint()) && !TaskStates.terminal(t.state())
                        && t.desired() == TaskRecord.Desired.RUN)
                .filter(t -> {
                    TaskRecord now = latest.get(new Slot(t.project(), t.service(), t.replica()));
                    return now != null && now.fingerprint().equals(plan.fingerprint()) && TaskStates.running(now.state());
                })
                .toList();
        return new Step(superseded, early);
    }

    /**
     * failure_action pause (and rollback, which needs the previous plan the scheduler does not keep): a new-version
     * task that failed while old ones still run holds the roll-out until that slot's restart runs again.
     */
    private static boolean paused(ServicePlan plan, Collection<TaskRecord> latestPerSlot, List<TaskRecord> oldLeft) {
        boolean stopOnFailure = plan.update()
                .map(u -> u.failureAction() != Deploy.UpdateConfig.FailureAction.CONTINUE).orElse(true);
        return stopOnFailure && !oldLeft.isEmpty() && latestPerSlot.stream()
                .anyMatch(t -> t.fingerprint().equals(plan.fingerprint()) && TaskStates.terminal(t.state())
                        && t.desired() == TaskRecord.Desired.RUN && !TaskStates.succeeded(t.state(), t.exitCode()));
    }
}
