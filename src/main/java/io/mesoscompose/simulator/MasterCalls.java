package io.mesoscompose.simulator;

import io.mesoscompose.simulator.validation.AcceptValidation;
import io.mesoscompose.simulator.validation.AcceptValidation.AcceptView;
import io.mesoscompose.simulator.validation.AcceptValidation.Decision;
import io.mesoscompose.simulator.validation.FrameworkValidation;
import io.mesoscompose.simulator.validation.ValidationError;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.FrameworkInfo.Capability;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.TaskStatus.Reason;
import org.apache.mesos.v1.Protos.TaskStatus.Source;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The master's answers to scheduler calls, applied to the shared {@link ClusterState} under its lock. An ACCEPT is
 * three steps: {@link AcceptValidation} decides, {@link #refusal} maps each refused task to its status update,
 * then the launches are booked and started.
 */
final class MasterCalls {

    private static final Logger LOG = LoggerFactory.getLogger(MasterCalls.class);
    /** Longer refusals are replaced by the default, as the allocator does (more than 365 days). */
    private static final double MAX_REFUSE_SECONDS = 365 * 24 * 3600.0;

    private final ClusterState c;
    private final MasterInfo masterInfo;
    /** How many calls of each type were handled (for benchmarks: ACCEPT calls per launched task). */
    private final Map<Call.Type, LongAdder> counts = new ConcurrentHashMap<>();

    MasterCalls(ClusterState cluster, MasterInfo masterInfo) {
        this.c = cluster;
        this.masterInfo = masterInfo;
    }

    long count(Call.Type type) {
        LongAdder n = counts.get(type);
        return n == null ? 0 : n.sum();
    }

    /**
     * SUBSCRIBE: registers the framework, or fails it over (an unknown ID is accepted, as after a master failover).
     * A refused subscription gets an ERROR event and its stream is closed.
     */
    EventStream subscribe(Call call, boolean json) {
        synchronized (c) {
            FrameworkInfo info = call.getSubscribe().getFrameworkInfo();
            List<String> suppressed = call.getSubscribe().getSuppressedRolesList();
            EventStream stream = new EventStream(UUID.randomUUID().toString(), json);
            Optional<SimFramework> known = info.hasId() && !info.getId().getValue().isEmpty()
                    ? c.framework(info.getId().getValue()) : Optional.empty();
            Optional<ValidationError> refused = c.config.strict()
                    ? FrameworkValidation.validate(info, suppressed, call.getSubscribe().getOfferConstraints())
                    : Optional.empty();
            if (refused.isEmpty() && known.isPresent() && known.get().removed()) {
                refused = Optional.of(new ValidationError("Framework has been removed"));
            }
            if (refused.isEmpty() && known.isPresent() && c.config.strict()) {
                refused = FrameworkValidation.update(known.get().info(), info);
            }
            if (refused.isPresent()) {
                LOG.info("Refusing subscription of framework '{}': {}", info.getName(), refused.get().message());
                stream.send(Event.newBuilder().setType(Event.Type.ERROR)
                        .setError(Event.Error.newBuilder().setMessage(refused.get().message())).build());
                stream.close();
                return stream;
            }
            String id = info.hasId() && !info.getId().getValue().isEmpty() ? info.getId().getValue()
                    : UUID.randomUUID() + "-0000";
            SimFramework f;
            if (known.isEmpty()) {
                f = new SimFramework(id, info, c.now());
                c.addFramework(f);
                LOG.info("Framework {} ({}) registered", id, info.getName());
            } else {
                f = known.get();
                f.stream().filter(s -> !s.isClosed()).ifPresent(old -> {
                    old.send(Event.newBuilder().setType(Event.Type.ERROR)
                            .setError(Event.Error.newBuilder().setMessage("Framework failed over")).build());
                    old.close();
                });
                // preserveImmutableFields: user and checkpoint cannot change.
                info = info.toBuilder().setUser(f.info().getUser()).setCheckpoint(f.info().getCheckpoint()).build();
                LOG.info("Framework {} re-subscribed", id);
            }
            f.subscribed(info.toBuilder().setId(FrameworkID.newBuilder().setValue(id)).build(), stream, suppressed,
                    call.getSubscribe().getOfferConstraints(), c.now());
            stream.send(Event.newBuilder().setType(Event.Type.SUBSCRIBED).setSubscribed(Event.Subscribed.newBuilder()
                    .setFrameworkId(FrameworkID.newBuilder().setValue(id))
                    .setHeartbeatIntervalSeconds(c.config.heartbeatInterval().toMillis() / 1000.0)
                    .setMasterInfo(masterInfo)).build());
            // Status updates still unacknowledged from before the failover go to the new connection.
            for (SimTask t : c.tasksOf(id)) {
                t.head().ifPresent(s -> c.deliver(id, s));
            }
            return stream;
        }
    }

    /** The stream ended: keep the framework for its failover_timeout, then remove it and kill its tasks. */
    void disconnected(String frameworkId, EventStream stream) {
        synchronized (c) {
            Optional<SimFramework> found = c.framework(frameworkId);
            if (found.isEmpty() || found.get().stream().filter(s -> s == stream).isEmpty()) {
                return;
            }
            SimFramework f = found.get();
            c.offersWhere(o -> o.frameworkId().equals(frameworkId)).forEach(c::discard);
            long timeoutMs = (long) (f.info().getFailoverTimeout() * 1000);
            LOG.info("Framework {} disconnected; removing it in {} ms unless it re-subscribes", frameworkId, timeoutMs);
            f.disconnected(c.timers.schedule(() -> remove(frameworkId, stream), timeoutMs, TimeUnit.MILLISECONDS),
                    c.now());
        }
    }

    private void remove(String frameworkId, EventStream stream) {
        synchronized (c) {
            c.framework(frameworkId).filter(f -> f.stream().filter(s -> s == stream).isPresent() && !f.connected())
                    .ifPresent(this::teardown);
        }
    }

    private void teardown(SimFramework f) {
        f.markRemoved(c.now());
        for (SimTask t : c.tasksOf(f.id)) {
            if (!t.terminal()) {
                t.setState(TaskState.TASK_KILLED);
                c.agent(t.agentId).ifPresent(a -> a.release(t.resources));
            }
            c.forget(t);
            c.agent(t.agentId).ifPresent(a -> a.executorEnded(t.executor));
        }
        c.offersWhere(o -> o.frameworkId().equals(f.id)).forEach(c::discard);
        LOG.info("Framework {} removed", f.id);
    }

    /** Any call but SUBSCRIBE, from a subscribed framework whose stream ID has been checked. */
    void handle(SimFramework f, Call call) {
        counts.computeIfAbsent(call.getType(), t -> new LongAdder()).increment();
        synchronized (c) {
            switch (call.getType()) {
                case ACCEPT -> accept(f, call.getAccept());
                case DECLINE -> decline(f, call.getDecline().getOfferIdsList(), call.getDecline().getFilters());
                case REVIVE -> f.revive(call.getRevive().getRolesCount() > 0 ? call.getRevive().getRolesList()
                        : f.roles());
                case SUPPRESS -> f.suppress(call.getSuppress().getRolesCount() > 0 ? call.getSuppress().getRolesList()
                        : f.roles());
                case KILL -> TaskRunner.kill(c, f, call.getKill());
                case ACKNOWLEDGE -> c.acknowledge(f.id, call.getAcknowledge().getTaskId().getValue(),
                        call.getAcknowledge().getUuid());
                case RECONCILE -> Reconciliation.answer(c, f, call.getReconcile());
                case TEARDOWN -> teardown(f);
                default -> LOG.debug("Ignoring {} from framework {}", call.getType(), f.id);
            }
        }
    }

    private void decline(SimFramework f, List<OfferID> offerIds, Filters filters) {
        Instant until = c.now().plus(refusal(filters));
        for (OfferID id : offerIds) {
            c.offer(id.getValue()).filter(o -> o.frameworkId().equals(f.id)).ifPresent(o -> {
                c.discard(o);
                f.refuse(o.agentId(), until);
            });
        }
    }

    /** How long unused resources are refused: the filter's refuse_seconds, else the default (5 s). */
    private Duration refusal(Filters filters) {
        if (!filters.hasRefuseSeconds() || filters.getRefuseSeconds() < 0
                || filters.getRefuseSeconds() > MAX_REFUSE_SECONDS) {
            return c.config.defaultRefuse();
        }
        return Duration.ofMillis((long) (filters.getRefuseSeconds() * 1000));
    }

    /** ACCEPT: validate, send the refusals' updates, book and start the launches, refuse what is left. */
    private void accept(SimFramework f, Call.Accept accept) {
        AcceptView view = new AcceptView(c.view(f), c.outstanding(accept.getOfferIdsList()),
                agentId -> c.agent(agentId).orElseThrow().view(f.id), c.config.strict());
        Decision decision = AcceptValidation.check(accept, view);
        if (decision.agentId().isEmpty()) {
            decision.discarded().forEach(o -> c.offer(o.id()).ifPresent(c::discard));
        } else {
            decision.discarded().forEach(o -> c.used(o.id()));
        }
        Optional<SimAgentState> agent = decision.agentId().flatMap(c::agent);
        for (AcceptValidation.TaskOutcome outcome : decision.outcomes()) {
            switch (outcome) {
                case AcceptValidation.Refused r -> c.deliver(f.id, refusal(f, r));
                case AcceptValidation.Launch l -> TaskRunner.launch(c, f, agent.orElseThrow(), l);
            }
        }
        agent.ifPresent(a -> {
            if (!decision.unused().isEmpty()) {
                a.release(decision.unused());
                f.refuse(a.id(), c.now().plus(refusal(accept.getFilters())));
            }
        });
    }

    /**
     * The status update of a refused task, as {@code Master::accept} / {@code _accept} send it (from the master, no
     * uuid): with invalid offers TASK_DROPPED (TASK_LOST for a framework that is not partition-aware),
     * REASON_INVALID_OFFERS and "Task launched with invalid offers: " in front of the error; otherwise TASK_ERROR
     * with REASON_TASK_INVALID or REASON_TASK_GROUP_INVALID and the error as it is.
     */
    TaskStatus refusal(SimFramework f, AcceptValidation.Refused refused) {
        record Answer(TaskState state, Reason reason, String message) {}
        Answer a = switch (refused.refusal()) {
            case INVALID_OFFERS -> new Answer(f.hasCapability(Capability.Type.PARTITION_AWARE)
                    ? TaskState.TASK_DROPPED : TaskState.TASK_LOST, Reason.REASON_INVALID_OFFERS,
                    "Task launched with invalid offers: " + refused.message());
            case TASK_INVALID -> new Answer(TaskState.TASK_ERROR, Reason.REASON_TASK_INVALID, refused.message());
            case TASK_GROUP_INVALID -> new Answer(TaskState.TASK_ERROR, Reason.REASON_TASK_GROUP_INVALID,
                    refused.message());
        };
        LOG.info("Task {} of framework {}: {} ({})", refused.task().getTaskId().getValue(), f.id, a.state(),
                a.message());
        return c.masterStatus(refused.task().getTaskId().getValue(), Optional.of(refused.task().getAgentId().getValue()),
                a.state(), Source.SOURCE_MASTER, Optional.of(a.reason()), Optional.of(a.message())).build();
    }
}
