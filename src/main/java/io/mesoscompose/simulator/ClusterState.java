package io.mesoscompose.simulator;

import com.google.protobuf.ByteString;
import io.mesoscompose.simulator.validation.FrameworkView;
import io.mesoscompose.simulator.validation.MesosResources;
import io.mesoscompose.simulator.validation.OfferView;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.Attribute;
import org.apache.mesos.v1.Protos.ContainerID;
import org.apache.mesos.v1.Protos.ContainerStatus;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo.Capability;
import org.apache.mesos.v1.Protos.NetworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus.Reason;
import org.apache.mesos.v1.Protos.TaskStatus.Source;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster a simulated master manages: agents, frameworks, offers, tasks and the executors' sandboxes. Shared
 * by master instances so a master failover keeps the cluster. Its state is private and guarded by this object's
 * lock; callers use its operations (holding the lock for a sequence of them) and read snapshots. Events are only
 * queued on the frameworks' streams. Time comes from the configured {@link Clock}.
 */
public final class ClusterState implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterState.class);

    final SimulatorConfig config;
    /** Status updates sent again, unacknowledged after their backoff. */
    private long resent; // guarded by this
    final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1, Thread.ofVirtual().factory());
    final FaultSwitches faults = new FaultSwitches();
    final Instant started;
    private final Map<String, SimAgentState> agents = new LinkedHashMap<>();
    private final Map<String, SimFramework> frameworks = new LinkedHashMap<>();
    private final Map<String, SimOffer> offers = new LinkedHashMap<>();
    /** Live tasks (and terminal ones not yet acknowledged), per framework, in launch order. */
    private final Map<String, Map<String, SimTask>> tasks = new LinkedHashMap<>();
    /** Sandboxes by directory and by virtual "latest" path, for {@code /files/read}. */
    private final Map<String, Sandbox> sandboxes = new HashMap<>();
    private long offerSeq;
    private long cycle;

    /** Fault switches read when sending status updates and answering calls. */
    static final class FaultSwitches {
        volatile Duration statusDelay = Duration.ZERO;
        volatile boolean duplicateStatus;
        volatile Duration callLatency = Duration.ZERO;
    }

    public ClusterState(SimulatorConfig config) {
        this.config = config;
        this.started = config.clock().instant();
        int process = 1;
        for (SimAgent a : config.agents()) {
            agents.put(a.id(), new SimAgentState(a, process++, started));
        }
        long period = config.offerInterval().toMillis();
        timers.scheduleWithFixedDelay(this::offerCycle, period, period, TimeUnit.MILLISECONDS);
    }

    Instant now() {
        return config.clock().instant();
    }

    // ---- agents -------------------------------------------------------------------------------------------

    Optional<SimAgentState> agent(String id) {
        return Optional.ofNullable(agents.get(id));
    }

    List<SimAgentState> agents() {
        return List.copyOf(agents.values());
    }

    // ---- frameworks ---------------------------------------------------------------------------------------

    Optional<SimFramework> framework(String id) {
        return Optional.ofNullable(frameworks.get(id));
    }

    List<SimFramework> frameworks() {
        return List.copyOf(frameworks.values());
    }

    void addFramework(SimFramework f) {
        frameworks.put(f.id, f);
    }

    /** The framework as the validators see it, with the master's knowledge of its task IDs. */
    FrameworkView view(SimFramework f) {
        return new FrameworkView(f.id, f.info(), id -> {
            SimTask t = tasks.getOrDefault(f.id, Map.of()).get(id);
            if (t == null) {
                return FrameworkView.TaskIdUse.FREE;
            }
            boolean unreachable = agent(t.agentId).map(a -> a.health() == SimAgentState.Health.UNREACHABLE)
                    .orElse(false);
            return unreachable ? FrameworkView.TaskIdUse.UNREACHABLE : FrameworkView.TaskIdUse.ACTIVE;
        });
    }

    // ---- offers -------------------------------------------------------------------------------------------

    /**
     * Rescinds expired offers, then offers each healthy agent's free resources to one eligible framework: all of a
     * framework's offers of one cycle in one OFFERS event, as the master sends one {@code ResourceOffersMessage} per
     * framework for an allocation (src/master/master.cpp, {@code Master::offer}).
     */
    synchronized void offerCycle() {
        try {
            Instant now = now();
            for (SimOffer o : List.copyOf(offers.values())) {
                if (o.created().plus(config.offerTimeout()).isBefore(now)) {
                    rescind(o);
                }
            }
            // Rotate which framework is asked first, so no framework gets every agent (a crude fair share).
            List<SimFramework> order = new ArrayList<>(frameworks.values());
            if (!order.isEmpty()) {
                Collections.rotate(order, (int) (cycle++ % order.size()));
            }
            Map<SimFramework, Event.Offers.Builder> events = new LinkedHashMap<>();
            for (SimAgentState agent : agents.values()) {
                if (agent.health() != SimAgentState.Health.ACTIVE || agent.free().isEmpty()) {
                    continue;
                }
                for (SimFramework f : order) {
                    Optional<String> role = offerableRole(f, agent, now);
                    if (role.isPresent()) {
                        events.computeIfAbsent(f, x -> Event.Offers.newBuilder())
                                .addOffers(offer(f, agent, role.get(), now));
                        break;
                    }
                }
            }
            events.forEach((f, offers) -> f.stream().ifPresent(s -> s.send(Event.newBuilder()
                    .setType(Event.Type.OFFERS).setOffers(offers).build())));
        } catch (RuntimeException e) {
            LOG.error("Offer cycle failed; the next cycle runs as usual", e);
        }
    }

    /**
     * The role to offer {@code agent} to {@code f} in, if any: a connected framework not refusing the agent, one of
     * its unsuppressed roles the agent's resources may go to; never a GPU agent to a framework without the
     * GPU_RESOURCES capability (the allocator's {@code isCapableOfReceivingAgent}, MESOS-5634).
     */
    private Optional<String> offerableRole(SimFramework f, SimAgentState agent, Instant now) {
        if (!f.connected() || f.removed() || f.refuses(agent.id(), now)) {
            return Optional.empty();
        }
        if (agent.agent.gpus() > 0 && !f.hasCapability(Capability.Type.GPU_RESOURCES)) {
            return Optional.empty();
        }
        String agentRole = agent.agent.role();
        return f.roles().stream().filter(role -> f.offerable(role, agent.agent))
                .filter(role -> agentRole.equals("*") || agentRole.equals(role)).findFirst();
    }

    private Offer offer(SimFramework f, SimAgentState agent, String role, Instant now) {
        MesosResources resources = agent.takeFree().allocatedTo(role);
        SimOffer o = new SimOffer("sim-offer-" + (++offerSeq), f.id, agent.id(), role, resources, now);
        offers.put(o.id(), o);
        Offer.Builder proto = Offer.newBuilder()
                .setId(OfferID.newBuilder().setValue(o.id()))
                .setFrameworkId(FrameworkID.newBuilder().setValue(f.id))
                .setAgentId(AgentID.newBuilder().setValue(agent.id()))
                .setHostname(agent.agent.hostname())
                .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole(role))
                .addAllResources(resources.toList());
        agent.agent.attributes().forEach((k, v) -> proto.addAttributes(Attribute.newBuilder().setName(k)
                .setType(Value.Type.TEXT).setText(Value.Text.newBuilder().setValue(v))));
        return proto.build();
    }

    /** The outstanding offers among {@code ids}, as the validators see them. */
    Map<String, OfferView> outstanding(List<OfferID> ids) {
        Map<String, OfferView> found = new HashMap<>();
        for (OfferID id : ids) {
            SimOffer o = offers.get(id.getValue());
            if (o != null) {
                found.put(o.id(), o.view());
            }
        }
        return found;
    }

    List<SimOffer> offersWhere(Predicate<SimOffer> which) {
        return offers.values().stream().filter(which).toList();
    }

    Optional<SimOffer> offer(String id) {
        return Optional.ofNullable(offers.get(id));
    }

    /** Takes the offer back and tells its framework (RESCIND). */
    void rescind(SimOffer o) {
        discard(o);
        framework(o.frameworkId()).filter(SimFramework::connected).flatMap(SimFramework::stream)
                .ifPresent(s -> s.send(Event.newBuilder().setType(Event.Type.RESCIND)
                        .setRescind(Event.Rescind.newBuilder().setOfferId(OfferID.newBuilder().setValue(o.id())))
                        .build()));
    }

    /** Takes the offer back without telling its framework (it accepted or declined it). */
    void discard(SimOffer o) {
        if (offers.remove(o.id()) != null) {
            agent(o.agentId()).ifPresent(a -> a.release(o.resources()));
        }
    }

    /** The offer was used: it is gone, and {@code unused} returns to its agent. */
    void used(String offerId) {
        offers.remove(offerId);
    }

    // ---- tasks --------------------------------------------------------------------------------------------

    Optional<SimTask> task(String frameworkId, String taskId) {
        return Optional.ofNullable(tasks.getOrDefault(frameworkId, Map.of()).get(taskId));
    }

    List<SimTask> tasksOf(String frameworkId) {
        return List.copyOf(tasks.getOrDefault(frameworkId, Map.of()).values());
    }

    List<SimTask> tasksOn(String agentId) {
        return tasks.values().stream().flatMap(m -> m.values().stream()).filter(t -> t.agentId.equals(agentId))
                .toList();
    }

    List<SimTask> allTasks() {
        return tasks.values().stream().flatMap(m -> m.values().stream()).toList();
    }

    Map<TaskState, Long> taskCounts() {
        Map<TaskState, Long> counts = new EnumMap<>(TaskState.class);
        for (Map<String, SimTask> of : tasks.values()) {
            for (SimTask t : of.values()) {
                counts.merge(t.state(), 1L, Long::sum);
            }
        }
        return counts;
    }

    void addTask(SimTask task) {
        tasks.computeIfAbsent(task.frameworkId, f -> new LinkedHashMap<>()).put(task.id(), task);
    }

    /** The master forgets the task (acknowledged terminal, or its agent or framework gone). */
    void forget(SimTask task) {
        Map<String, SimTask> of = tasks.get(task.frameworkId);
        if (of != null && of.remove(task.id()) != null) {
            task.stopTimers();
            framework(task.frameworkId).ifPresent(f -> f.completed(task));
        }
    }

    void addSandbox(SimExecutor executor) {
        sandboxes.put(executor.sandbox.directory, executor.sandbox);
        sandboxes.put(Sandbox.virtualLatest(executor.frameworkId, executor.id()), executor.sandbox);
    }

    /** The agent's garbage collection removed this sandbox ({@code --gc_delay}): its executor stays listed. */
    void collectSandbox(Sandbox sandbox) {
        sandboxes.values().removeIf(s -> s == sandbox);
    }

    /** The sandbox a {@code /files} path lies in, and the path inside it. */
    synchronized Optional<Map.Entry<Sandbox, String>> sandboxOf(String path) {
        for (int slash = path.lastIndexOf('/'); slash > 0; slash = path.lastIndexOf('/', slash - 1)) {
            Sandbox s = sandboxes.get(path.substring(0, slash));
            if (s != null) {
                return Optional.of(Map.entry(s, path.substring(slash + 1)));
            }
        }
        Sandbox s = sandboxes.get(path);
        return s == null ? Optional.empty() : Optional.of(Map.entry(s, ""));
    }

    // ---- status updates -----------------------------------------------------------------------------------

    /**
     * Queues an agent- or executor-generated update (with a uuid, re-sent until acknowledged) and records the task's
     * state. A terminal update frees the task's resources and stops its script; its executor ends with its last
     * task.
     */
    void update(SimTask task, StatusChange change) {
        TaskStatus.Builder s = masterStatus(task.id(), Optional.of(task.agentId), change.state(), change.source(),
                change.reason(), change.message())
                .setUuid(uuid())
                .setExecutorId(ExecutorID.newBuilder().setValue(task.executor.id()));
        ContainerStatus.Builder container = ContainerStatus.newBuilder()
                .setContainerId(ContainerID.newBuilder().setValue(task.executor.containerId));
        if (change.state() == TaskState.TASK_RUNNING) {
            // Executors report the container's address; schedulers use it for service discovery.
            container.addNetworkInfos(NetworkInfo.newBuilder().addIpAddresses(
                    NetworkInfo.IPAddress.newBuilder().setIpAddress("127.0.0.1")));
        }
        s.setContainerStatus(container);
        change.healthy().ifPresent(s::setHealthy);
        if (task.queue(s.build())) {
            sendHead(task, config.statusRetryInitial());
        }
        if (task.terminal()) {
            task.stopScript();
            agent(task.agentId).ifPresent(a -> {
                a.release(task.resources);
                if (task.executor.idle()) {
                    a.executorEnded(task.executor);
                }
            });
        }
    }

    private static ByteString uuid() {
        UUID uuid = UUID.randomUUID();
        return ByteString.copyFrom(ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits()).array());
    }

    private void sendHead(SimTask task, Duration backoff) {
        Optional<TaskStatus> head = task.head();
        if (head.isEmpty()) {
            return;
        }
        Duration delay = faults.statusDelay;
        if (delay.isZero()) {
            deliver(task.frameworkId, head.get());
        } else {
            timers.schedule(() -> deliverLater(task.frameworkId, head.get()), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (faults.duplicateStatus) {
            deliver(task.frameworkId, head.get());
        }
        Duration next = backoff.multipliedBy(2).compareTo(Duration.ofMinutes(10)) > 0
                ? Duration.ofMinutes(10) : backoff.multipliedBy(2);
        task.retryWith(timers.schedule(() -> retry(task, head.get(), next), backoff.toMillis(), TimeUnit.MILLISECONDS));
    }

    private synchronized void deliverLater(String frameworkId, TaskStatus status) {
        deliver(frameworkId, status);
    }

    private synchronized void retry(SimTask task, TaskStatus sent, Duration next) {
        if (task.head().filter(h -> h == sent).isPresent()) {
            resent++;
            LOG.debug("Re-sending unacknowledged {} for task {}", sent.getState(), task.id());
            sendHead(task, next);
        }
    }

    /** Status updates sent again because they were not acknowledged in time (for benchmarks). */
    synchronized long resent() {
        return resent;
    }

    /** ACKNOWLEDGE: the head update is done; the next goes out, or a terminal task is forgotten. */
    void acknowledge(String frameworkId, String taskId, ByteString uuid) {
        Optional<SimTask> found = task(frameworkId, taskId);
        if (found.isEmpty() || !found.get().acknowledged(uuid)) {
            return;
        }
        SimTask task = found.get();
        if (task.nothingPending() && task.terminal()) {
            forget(task);
        } else {
            sendHead(task, config.statusRetryInitial());
        }
    }

    /** Sends a status to the framework if it is connected (master-generated updates are not re-sent). */
    void deliver(String frameworkId, TaskStatus status) {
        framework(frameworkId).filter(SimFramework::connected).flatMap(SimFramework::stream)
                .ifPresent(s -> s.send(Event.newBuilder().setType(Event.Type.UPDATE)
                        .setUpdate(Event.Update.newBuilder().setStatus(status)).build()));
    }

    /** A status as the master makes it (no uuid: nothing to acknowledge). */
    TaskStatus.Builder masterStatus(String taskId, Optional<String> agentId, TaskState state, Source source,
            Optional<Reason> reason, Optional<String> message) {
        TaskStatus.Builder s = TaskStatus.newBuilder()
                .setTaskId(TaskID.newBuilder().setValue(taskId))
                .setState(state)
                .setSource(source)
                .setTimestamp(now().toEpochMilli() / 1000.0);
        agentId.filter(a -> !a.isEmpty()).ifPresent(a -> s.setAgentId(AgentID.newBuilder().setValue(a)));
        reason.ifPresent(s::setReason);
        message.ifPresent(s::setMessage);
        return s;
    }

    @Override
    public void close() {
        timers.shutdownNow();
        synchronized (this) {
            frameworks.values().forEach(f -> f.stream().ifPresent(EventStream::close));
        }
    }
}
