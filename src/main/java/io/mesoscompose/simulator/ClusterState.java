package io.mesoscompose.simulator;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.Attribute;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster a simulated master manages: agents, frameworks, offers and tasks. Shared by master instances so a
 * master failover keeps the cluster. All mutation happens under this object's lock; events are only queued.
 */
public final class ClusterState implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ClusterState.class);

    final SimulatorConfig config;
    final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1, Thread.ofVirtual().factory());
    final Map<String, SimAgent> agents = new LinkedHashMap<>();
    final Map<String, SimResources> free = new LinkedHashMap<>();
    final Map<String, AgentHealth> agentHealth = new LinkedHashMap<>();
    final Map<String, SimFramework> frameworks = new LinkedHashMap<>();
    final Map<String, SimOffer> offers = new LinkedHashMap<>();
    final Map<String, SimTask> tasks = new LinkedHashMap<>();
    final Faults faults = new Faults();
    private long offerSeq;
    private long cycle;

    enum AgentHealth { ACTIVE, UNREACHABLE, GONE }

    /** Fault switches read when sending status updates. */
    static final class Faults {
        volatile Duration statusDelay = Duration.ZERO;
        volatile boolean duplicateStatus;
        volatile Duration callLatency = Duration.ZERO;
    }

    public ClusterState(SimulatorConfig config) {
        this.config = config;
        for (SimAgent a : config.agents()) {
            agents.put(a.id(), a);
            free.put(a.id(), SimResources.of(a));
            agentHealth.put(a.id(), AgentHealth.ACTIVE);
        }
        long period = config.offerInterval().toMillis();
        timers.scheduleWithFixedDelay(this::offerCycle, period, period, TimeUnit.MILLISECONDS);
    }

    // ---- offers -------------------------------------------------------------------------------------------

    /** Rescinds expired offers, then offers each healthy agent's free resources to one eligible framework. */
    synchronized void offerCycle() {
        try {
            Instant now = Instant.now();
            for (SimOffer o : List.copyOf(offers.values())) {
                if (o.created().plus(config.offerTimeout()).isBefore(now)) {
                    rescind(o);
                }
            }
            // Rotate which framework is asked first, so no framework gets every agent (a crude fair share).
            List<SimFramework> order = new ArrayList<>(frameworks.values());
            if (!order.isEmpty()) {
                java.util.Collections.rotate(order, (int) (cycle++ % order.size()));
            }
            for (SimAgent agent : agents.values()) {
                if (agentHealth.get(agent.id()) != AgentHealth.ACTIVE || free.get(agent.id()).isEmpty()) {
                    continue;
                }
                for (SimFramework f : order) {
                    String role = offerableRole(f, agent, now);
                    if (role != null) {
                        offer(f, agent, role);
                        break;
                    }
                }
            }
        } catch (RuntimeException e) {
            log.error("Offer cycle failed", e);
        }
    }

    private String offerableRole(SimFramework f, SimAgent agent, Instant now) {
        if (!f.connected() || f.removed) {
            return null;
        }
        Instant until = f.refusedUntil.get(agent.id());
        if (until != null && until.isAfter(now)) {
            return null;
        }
        for (String role : f.roles()) {
            if (!f.suppressedRoles.contains(role) && (agent.role().equals("*") || agent.role().equals(role))) {
                return role;
            }
        }
        return null;
    }

    private void offer(SimFramework f, SimAgent agent, String role) {
        SimResources res = free.put(agent.id(), SimResources.EMPTY);
        SimOffer o = new SimOffer("sim-offer-" + (++offerSeq), f.id, agent.id(), role, res, Instant.now());
        offers.put(o.id(), o);
        Offer.Builder proto = Offer.newBuilder()
                .setId(OfferID.newBuilder().setValue(o.id()))
                .setFrameworkId(FrameworkID.newBuilder().setValue(f.id))
                .setAgentId(AgentID.newBuilder().setValue(agent.id()))
                .setHostname(agent.hostname())
                .setAllocationInfo(org.apache.mesos.v1.Protos.Resource.AllocationInfo.newBuilder().setRole(role))
                .addAllResources(res.toProto(role));
        agent.attributes().forEach((k, v) -> proto.addAttributes(Attribute.newBuilder().setName(k)
                .setType(Value.Type.TEXT).setText(Value.Text.newBuilder().setValue(v))));
        f.stream.send(Event.newBuilder().setType(Event.Type.OFFERS)
                .setOffers(Event.Offers.newBuilder().addOffers(proto)).build());
    }

    void rescind(SimOffer o) {
        offers.remove(o.id());
        free.merge(o.agentId(), o.resources(), SimResources::plus);
        SimFramework f = frameworks.get(o.frameworkId());
        if (f != null && f.connected()) {
            f.stream.send(Event.newBuilder().setType(Event.Type.RESCIND)
                    .setRescind(Event.Rescind.newBuilder().setOfferId(OfferID.newBuilder().setValue(o.id())))
                    .build());
        }
    }

    /** Gives an offer's resources back to its agent without telling the framework (it declined or accepted). */
    void release(SimOffer o, SimResources unused) {
        offers.remove(o.id());
        free.merge(o.agentId(), unused, SimResources::plus);
    }

    // ---- status updates -----------------------------------------------------------------------------------

    /** Queues an agent-generated update (with uuid, re-sent until acknowledged) and records the task's state. */
    void update(SimTask task, TaskState state, TaskStatus.Source source, TaskStatus.Reason reason, String message) {
        update(task, state, source, reason, message, null);
    }

    /** As above, with a health check result ({@code null}: the update carries none). */
    void update(SimTask task, TaskState state, TaskStatus.Source source, TaskStatus.Reason reason, String message,
            Boolean healthy) {
        task.state = state;
        UUID uuid = UUID.randomUUID();
        ByteBuffer b = ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits());
        TaskStatus.Builder s = status(task.id(), task.agentId, state, source, reason, message)
                .setUuid(ByteString.copyFrom(b.array()));
        if (state == TaskState.TASK_RUNNING || state == TaskState.TASK_STARTING) {
            s.setExecutorId(org.apache.mesos.v1.Protos.ExecutorID.newBuilder().setValue(task.id()));
        }
        if (state == TaskState.TASK_RUNNING) {
            // Executors report the container's address; schedulers use it for service discovery.
            s.setContainerStatus(org.apache.mesos.v1.Protos.ContainerStatus.newBuilder().addNetworkInfos(
                    org.apache.mesos.v1.Protos.NetworkInfo.newBuilder().addIpAddresses(
                            org.apache.mesos.v1.Protos.NetworkInfo.IPAddress.newBuilder().setIpAddress("127.0.0.1"))));
        }
        if (healthy != null) {
            s.setHealthy(healthy).setReason(TaskStatus.Reason.REASON_TASK_HEALTH_CHECK_STATUS_UPDATED);
        }
        task.lastStatus = s.build();
        if (task.terminal()) {
            free.merge(task.agentId, task.resources, SimResources::plus);
            if (task.scriptStep != null) {
                task.scriptStep.cancel(false);
            }
        }
        task.pending.addLast(task.lastStatus);
        if (task.pending.size() == 1) {
            sendHead(task, config.statusRetryInitial());
        }
    }

    private void sendHead(SimTask task, Duration backoff) {
        TaskStatus head = task.pending.peekFirst();
        if (head == null) {
            return;
        }
        Duration delay = faults.statusDelay;
        if (delay.isZero()) {
            deliver(task.frameworkId, head);
        } else {
            timers.schedule(() -> deliverLater(task.frameworkId, head), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (faults.duplicateStatus) {
            deliver(task.frameworkId, head);
        }
        Duration next = backoff.multipliedBy(2).compareTo(Duration.ofMinutes(10)) > 0
                ? Duration.ofMinutes(10) : backoff.multipliedBy(2);
        task.retry = timers.schedule(() -> retry(task, head, next), backoff.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void deliverLater(String frameworkId, TaskStatus status) {
        deliver(frameworkId, status);
    }

    private synchronized void retry(SimTask task, TaskStatus sent, Duration next) {
        if (task.pending.peekFirst() == sent) {
            log.debug("Re-sending unacknowledged {} for task {}", sent.getState(), task.id());
            sendHead(task, next);
        }
    }

    synchronized void acknowledge(String frameworkId, String taskId, ByteString uuid) {
        SimTask task = tasks.get(taskId);
        if (task == null || !task.frameworkId.equals(frameworkId) || task.pending.isEmpty()
                || !task.pending.peekFirst().getUuid().equals(uuid)) {
            return;
        }
        task.pending.removeFirst();
        if (task.retry != null) {
            task.retry.cancel(false);
        }
        if (task.pending.isEmpty() && task.terminal()) {
            tasks.remove(taskId);
        } else {
            sendHead(task, config.statusRetryInitial());
        }
    }

    void deliver(String frameworkId, TaskStatus status) {
        SimFramework f = frameworks.get(frameworkId);
        if (f != null && f.connected()) {
            f.stream.send(Event.newBuilder().setType(Event.Type.UPDATE)
                    .setUpdate(Event.Update.newBuilder().setStatus(status)).build());
        }
    }

    static TaskStatus.Builder status(String taskId, String agentId, TaskState state, TaskStatus.Source source,
            TaskStatus.Reason reason, String message) {
        TaskStatus.Builder s = TaskStatus.newBuilder()
                .setTaskId(TaskID.newBuilder().setValue(taskId))
                .setState(state)
                .setSource(source)
                .setTimestamp(System.currentTimeMillis() / 1000.0);
        if (agentId != null) {
            s.setAgentId(AgentID.newBuilder().setValue(agentId));
        }
        if (reason != null) {
            s.setReason(reason);
        }
        if (message != null) {
            s.setMessage(message);
        }
        return s;
    }

    @Override
    public void close() {
        timers.shutdownNow();
        synchronized (this) {
            frameworks.values().forEach(f -> {
                if (f.stream != null) {
                    f.stream.close();
                }
            });
        }
    }

    List<SimTask> tasksOf(String frameworkId) {
        List<SimTask> out = new ArrayList<>();
        tasks.values().stream().filter(t -> t.frameworkId.equals(frameworkId)).forEach(out::add);
        return out;
    }
}
