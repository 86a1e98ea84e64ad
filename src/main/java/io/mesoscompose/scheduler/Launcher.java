package io.mesoscompose.scheduler;

import io.mesoscompose.mesos.MesosCallException;
import io.mesoscompose.mesos.SchedulerCalls;
import io.mesoscompose.plan.TaskFactory;
import io.mesoscompose.secrets.SecretResolver;
import io.mesoscompose.secrets.SecretUnavailableException;
import io.mesoscompose.state.StateChange;
import io.mesoscompose.state.StateStore;
import io.mesoscompose.state.TaskRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out placements: secrets resolved just before, task records committed BEFORE the ACCEPT (so a crash in
 * between is found by reconciliation, never launched twice), then one ACCEPT per agent with all its offers.
 */
final class Launcher {

    private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);

    private final StateStore store;
    private final SchedulerCalls calls;
    private final SecretResolver secrets;
    private final Clock clock;
    private final SchedulerMetrics metrics;
    private final java.util.function.Consumer<SchedulerEvent> events;

    Launcher(StateStore store, SchedulerCalls calls, SecretResolver secrets, Clock clock, SchedulerMetrics metrics,
             java.util.function.Consumer<SchedulerEvent> events) {
        this.store = store;
        this.calls = calls;
        this.secrets = secrets;
        this.clock = clock;
        this.metrics = metrics;
        this.events = events;
    }

    /** Launches what it can; returns the offers it ended up not using (a secret could not be read). */
    List<Offer> launch(List<OfferMatcher.Launch> launches, Map<String, TaskRecord> tasks, Map<Slot, String> reasons,
                       java.util.function.ToLongFunction<String> projectVersion) {
        Instant now = clock.instant();
        Map<String, List<Offer>> offersByAgent = new LinkedHashMap<>();
        Map<String, List<Offer.Operation>> opsByAgent = new LinkedHashMap<>();
        List<TaskRecord> records = new ArrayList<>();
        for (OfferMatcher.Launch l : launches) {
            Map<String, String> values;
            try {
                values = secrets.resolve(l.slot().project(), l.slot().service(), l.plan().secretEnv());
            } catch (SecretUnavailableException e) {
                reasons.put(l.slot(), e.getMessage());
                LOG.warn("{} not launched: {}", l.slot(), e.getMessage());
                continue;
            }
            TaskID id = TaskFactory.newTaskId(l.slot().project(), l.slot().service());
            TaskInfo info = TaskFactory.instantiate(l.plan(), id, l.offer().getAgentId(), l.resources(), l.hostPorts(), values);
            records.add(new TaskRecord(id.getValue(), l.slot().project(), l.slot().service(), l.slot().replica(),
                    projectVersion.applyAsLong(l.slot().project()), l.plan().fingerprint(), Optional.of(l.offer().getAgentId().getValue()),
                    Optional.of(l.offer().getHostname()), "TASK_STAGING", TaskRecord.Desired.RUN, l.hostPorts(),
                    Optional.empty(), Optional.empty(), Optional.empty(), l.attempt(), now, now,
                    List.of(new TaskRecord.Transition("TASK_STAGING", now, Optional.empty()))));
            String agent = l.offer().getAgentId().getValue();
            offersByAgent.computeIfAbsent(agent, a -> new ArrayList<>());
            if (!offersByAgent.get(agent).contains(l.offer())) {
                offersByAgent.get(agent).add(l.offer());
            }
            opsByAgent.computeIfAbsent(agent, a -> new ArrayList<>()).add(Offer.Operation.newBuilder()
                    .setType(Offer.Operation.Type.LAUNCH)
                    .setLaunch(Offer.Operation.Launch.newBuilder().addTaskInfos(info)).build());
            reasons.remove(l.slot());
        }
        if (!records.isEmpty()) {
            store.commit(records.stream().<StateChange>map(StateChange.PutTask::new).toList());
            records.forEach(r -> {
                tasks.put(r.taskId(), r);
                LOG.info("launching {}/{}#{} as {} on {}", r.project(), r.service(), r.replica(), r.taskId(), r.hostname().orElse("?"));
                events.accept(new SchedulerEvent.TaskStateChanged(r));
            });
            metrics.tasksLaunched(records.size());
        }
        for (var entry : opsByAgent.entrySet()) {
            List<OfferID> ids = offersByAgent.get(entry.getKey()).stream().map(Offer::getId).toList();
            try {
                calls.accept(ids, entry.getValue(), Filters.getDefaultInstance());
            } catch (MesosCallException e) {
                // The records stay STAGING: reconciliation on the next SUBSCRIBED says whether they exist.
                LOG.warn("ACCEPT on agent {} failed: {}", entry.getKey(), e.getMessage());
            }
        }
        List<Offer> used = offersByAgent.values().stream().flatMap(List::stream).toList();
        return launches.stream().map(OfferMatcher.Launch::offer).distinct().filter(o -> !used.contains(o)).toList();
    }
}
