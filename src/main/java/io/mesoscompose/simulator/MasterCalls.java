package io.mesoscompose.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The master's answers to scheduler calls, applied to the shared {@link ClusterState} under its lock. */
final class MasterCalls {

    private static final Logger log = LoggerFactory.getLogger(MasterCalls.class);

    private final ClusterState c;
    private final MasterInfo masterInfo;

    MasterCalls(ClusterState cluster, MasterInfo masterInfo) {
        this.c = cluster;
        this.masterInfo = masterInfo;
    }

    /** SUBSCRIBE: registers or fails over the framework and opens its stream; null stream means refused. */
    EventStream subscribe(Call call, boolean json) {
        synchronized (c) {
            FrameworkInfo info = call.getSubscribe().getFrameworkInfo();
            EventStream stream = new EventStream(UUID.randomUUID().toString(), json);
            String id = info.hasId() ? info.getId().getValue() : UUID.randomUUID() + "-0000";
            SimFramework f = c.frameworks.get(id);
            if (f != null && f.removed) {
                stream.send(Event.newBuilder().setType(Event.Type.ERROR)
                        .setError(Event.Error.newBuilder().setMessage("Framework has been removed")).build());
                stream.close();
                return stream;
            }
            if (f == null) {
                f = new SimFramework(id, info.toBuilder().setId(FrameworkID.newBuilder().setValue(id)).build());
                c.frameworks.put(id, f);
                log.info("Framework {} ({}) registered", id, info.getName());
            } else {
                if (f.stream != null && !f.stream.isClosed()) {
                    f.stream.send(Event.newBuilder().setType(Event.Type.ERROR)
                            .setError(Event.Error.newBuilder().setMessage("Framework failed over")).build());
                    f.stream.close();
                }
                if (f.failoverTimer != null) {
                    f.failoverTimer.cancel(false);
                }
                f.info = info.toBuilder().setId(FrameworkID.newBuilder().setValue(id)).build();
                log.info("Framework {} re-subscribed", id);
            }
            f.suppressedRoles.clear();
            f.suppressedRoles.addAll(call.getSubscribe().getSuppressedRolesList());
            f.stream = stream;
            stream.send(Event.newBuilder().setType(Event.Type.SUBSCRIBED).setSubscribed(Event.Subscribed.newBuilder()
                    .setFrameworkId(FrameworkID.newBuilder().setValue(id))
                    .setHeartbeatIntervalSeconds(c.config.heartbeatInterval().toMillis() / 1000.0)
                    .setMasterInfo(masterInfo)).build());
            // Status updates still unacknowledged from before the failover go to the new connection.
            for (SimTask t : c.tasksOf(id)) {
                if (!t.pending.isEmpty()) {
                    c.deliver(id, t.pending.peekFirst());
                }
            }
            return stream;
        }
    }

    /** The stream ended: keep the framework for its failover_timeout, then remove it and kill its tasks. */
    void disconnected(String frameworkId, EventStream stream) {
        synchronized (c) {
            SimFramework f = c.frameworks.get(frameworkId);
            if (f == null || f.stream != stream) {
                return;
            }
            for (SimOffer o : List.copyOf(c.offers.values())) {
                if (o.frameworkId().equals(frameworkId)) {
                    c.release(o, o.resources());
                }
            }
            long timeoutMs = (long) (f.info.getFailoverTimeout() * 1000);
            log.info("Framework {} disconnected; removing it in {} ms unless it re-subscribes", frameworkId, timeoutMs);
            f.failoverTimer = c.timers.schedule(() -> remove(frameworkId, stream), timeoutMs, TimeUnit.MILLISECONDS);
        }
    }

    private void remove(String frameworkId, EventStream stream) {
        synchronized (c) {
            SimFramework f = c.frameworks.get(frameworkId);
            if (f != null && f.stream == stream && !f.connected()) {
                teardown(f);
            }
        }
    }

    private void teardown(SimFramework f) {
        f.removed = true;
        for (SimTask t : c.tasksOf(f.id)) {
            if (!t.terminal()) {
                t.state = TaskState.TASK_KILLED;
                c.free.merge(t.agentId, t.resources, SimResources::plus);
            }
            if (t.scriptStep != null) {
                t.scriptStep.cancel(false);
            }
            if (t.retry != null) {
                t.retry.cancel(false);
            }
            c.tasks.remove(t.id());
        }
        for (SimOffer o : List.copyOf(c.offers.values())) {
            if (o.frameworkId().equals(f.id)) {
                c.release(o, o.resources());
            }
        }
        if (f.stream != null) {
            f.stream.close();
        }
        log.info("Framework {} removed", f.id);
    }

    /** How many calls of each type were handled (for benchmarks: ACCEPT calls per launched task). */
    private final java.util.Map<Call.Type, java.util.concurrent.atomic.LongAdder> counts =
            new java.util.concurrent.ConcurrentHashMap<>();

    long count(Call.Type type) {
        java.util.concurrent.atomic.LongAdder n = counts.get(type);
        return n == null ? 0 : n.sum();
    }

    /** Any call but SUBSCRIBE, from a framework whose stream ID has been checked. */
    void handle(SimFramework f, Call call) {
        counts.computeIfAbsent(call.getType(), t -> new java.util.concurrent.atomic.LongAdder()).increment();
        synchronized (c) {
            switch (call.getType()) {
                case ACCEPT -> accept(f, call.getAccept());
                case DECLINE -> decline(f, call.getDecline().getOfferIdsList().stream().map(o -> o.getValue()).toList(),
                        call.getDecline().hasFilters() ? call.getDecline().getFilters() : null);
                case REVIVE -> {
                    f.refusedUntil.clear();
                    List<String> roles = call.getRevive().getRolesCount() > 0 ? call.getRevive().getRolesList() : f.roles();
                    f.suppressedRoles.removeAll(roles);
                }
                case SUPPRESS -> f.suppressedRoles.addAll(
                        call.getSuppress().getRolesCount() > 0 ? call.getSuppress().getRolesList() : f.roles());
                case KILL -> TaskRunner.kill(c, f, call.getKill());
                case ACKNOWLEDGE -> c.acknowledge(f.id, call.getAcknowledge().getTaskId().getValue(),
                        call.getAcknowledge().getUuid());
                case RECONCILE -> Reconciliation.answer(c, f, call.getReconcile());
                case TEARDOWN -> teardown(f);
                default -> log.debug("Ignoring {} from framework {}", call.getType(), f.id);
            }
        }
    }

    private void decline(SimFramework f, List<String> offerIds, org.apache.mesos.v1.Protos.Filters filters) {
        double refuse = filters != null && filters.hasRefuseSeconds()
                ? filters.getRefuseSeconds() : c.config.defaultRefuse().toMillis() / 1000.0;
        for (String id : offerIds) {
            SimOffer o = c.offers.get(id);
            if (o != null && o.frameworkId().equals(f.id)) {
                c.release(o, o.resources());
                f.refusedUntil.put(o.agentId(), Instant.now().plus(Duration.ofMillis((long) (refuse * 1000))));
            }
        }
    }

    private void accept(SimFramework f, Call.Accept accept) {
        List<SimOffer> used = new ArrayList<>();
        String invalid = null;
        for (var offerId : accept.getOfferIdsList()) {
            SimOffer o = c.offers.get(offerId.getValue());
            if (o == null || !o.frameworkId().equals(f.id)) {
                invalid = "Offer " + offerId.getValue() + " is no longer valid";
            } else if (!used.isEmpty() && !used.get(0).agentId().equals(o.agentId())) {
                invalid = "Aggregated offers must belong to one single agent";
            } else {
                used.add(o);
            }
        }
        if (accept.getOfferIdsCount() == 0) {
            invalid = "No offers specified";
        }
        // LAUNCH tasks stand alone; a LAUNCH_GROUP is launched or refused as a whole, like the real master.
        List<List<TaskInfo>> groups = new ArrayList<>();
        for (Offer.Operation op : accept.getOperationsList()) {
            switch (op.getType()) {
                case LAUNCH -> op.getLaunch().getTaskInfosList().forEach(t -> groups.add(List.of(t)));
                case LAUNCH_GROUP -> groups.add(op.getLaunchGroup().getTaskGroup().getTasksList());
                default -> log.debug("Ignoring operation {}", op.getType());
            }
        }
        List<TaskInfo> launches = groups.stream().flatMap(List::stream).toList();
        if (invalid != null) {
            for (SimOffer o : used) {
                c.release(o, o.resources());
            }
            for (TaskInfo t : launches) {
                c.deliver(f.id, ClusterState.status(t.getTaskId().getValue(), t.getAgentId().getValue(),
                        TaskState.TASK_DROPPED, TaskStatus.Source.SOURCE_MASTER,
                        TaskStatus.Reason.REASON_INVALID_OFFERS, invalid).build());
            }
            return;
        }
        String agentId = used.get(0).agentId();
        SimResources pool = used.stream().map(SimOffer::resources).reduce(SimResources.EMPTY, SimResources::plus);
        used.forEach(o -> c.offers.remove(o.id()));
        for (List<TaskInfo> group : groups) {
            String error = null;
            SimResources wanted = SimResources.EMPTY;
            java.util.Set<String> ids = new java.util.HashSet<>();
            for (TaskInfo t : group) {
                try {
                    wanted = wanted.plus(SimResources.fromProto(t.getResourcesList()));
                    if (c.tasks.containsKey(t.getTaskId().getValue()) || !ids.add(t.getTaskId().getValue())) {
                        error = "Task has duplicate ID: " + t.getTaskId().getValue();
                    } else if (!t.getAgentId().getValue().equals(agentId)) {
                        error = "Agent " + t.getAgentId().getValue() + " does not match offer's agent " + agentId;
                    }
                } catch (IllegalArgumentException e) {
                    error = "Invalid resources: " + e.getMessage();
                }
            }
            if (error == null && !pool.contains(wanted)) {
                error = "Task uses more resources than available in the offers";
            }
            if (error != null) {
                for (TaskInfo t : group) {
                    c.deliver(f.id, ClusterState.status(t.getTaskId().getValue(), agentId, TaskState.TASK_ERROR,
                            TaskStatus.Source.SOURCE_MASTER, TaskStatus.Reason.REASON_TASK_INVALID, error).build());
                }
                continue;
            }
            pool = pool.minus(wanted);
            for (TaskInfo t : group) {
                SimTask task = new SimTask(f.id, agentId, t, SimResources.fromProto(t.getResourcesList()));
                c.tasks.put(task.id(), task);
                TaskRunner.start(c, task);
            }
        }
        c.free.merge(agentId, pool, SimResources::plus);
        if (accept.hasFilters() && accept.getFilters().hasRefuseSeconds()) {
            f.refusedUntil.put(agentId,
                    Instant.now().plusMillis((long) (accept.getFilters().getRefuseSeconds() * 1000)));
        }
    }
}
