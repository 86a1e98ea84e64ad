package io.mesoscompose.simulator;

import io.mesoscompose.simulator.validation.AgentView;
import io.mesoscompose.simulator.validation.MesosResources;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.v1.Protos.ExecutorInfo;

/**
 * A simulated agent as it runs: whether the master reaches it, its resources not offered or used, and the executors
 * (with their sandboxes) it runs and ran per framework. It is libprocess process {@code slave(N)} of the simulator,
 * as agents are when several run in one process. Guarded by the {@link ClusterState} lock.
 */
final class SimAgentState {

    /** As the agent's {@code --max_completed_executors_per_framework} default. */
    static final int MAX_COMPLETED_EXECUTORS = 150;

    enum Health { ACTIVE, UNREACHABLE, GONE }

    final SimAgent agent;
    /** N of its libprocess ID {@code slave(N)}. */
    final int process;
    final Instant registered;
    private Health health = Health.ACTIVE;
    private MesosResources free;
    private final Map<String, Map<String, SimExecutor>> executors = new LinkedHashMap<>();
    private final Map<String, Deque<SimExecutor>> completedExecutors = new LinkedHashMap<>();

    SimAgentState(SimAgent agent, int process, Instant registered) {
        this.agent = agent;
        this.process = process;
        this.registered = registered;
        this.free = agent.resources();
    }

    String id() {
        return agent.id();
    }

    String processId() {
        return "slave(" + process + ")";
    }

    Health health() {
        return health;
    }

    void health(Health h) {
        health = h;
    }

    MesosResources free() {
        return free;
    }

    /** Takes everything free (to offer it). */
    MesosResources takeFree() {
        MesosResources all = free;
        free = MesosResources.EMPTY;
        return all;
    }

    /** Gives resources back to the unallocated pool. */
    void release(MesosResources resources) {
        free = free.plus(resources.unallocated());
    }

    Optional<SimExecutor> executor(String frameworkId, String executorId) {
        return Optional.ofNullable(executors.getOrDefault(frameworkId, Map.of()).get(executorId));
    }

    void addExecutor(SimExecutor executor) {
        executors.computeIfAbsent(executor.frameworkId, f -> new LinkedHashMap<>()).put(executor.id(), executor);
    }

    /** The executor ended: its resources return, it is listed among the completed ones. */
    void executorEnded(SimExecutor executor) {
        Map<String, SimExecutor> running = executors.get(executor.frameworkId);
        if (running == null || running.remove(executor.id()) == null) {
            return;
        }
        release(executor.resources);
        Deque<SimExecutor> done = completedExecutors.computeIfAbsent(executor.frameworkId, f -> new ArrayDeque<>());
        done.addLast(executor);
        while (done.size() > MAX_COMPLETED_EXECUTORS) {
            done.removeFirst();
        }
    }

    /** Frameworks with running or completed executors here, in first-seen order. */
    List<String> frameworkIds() {
        List<String> ids = new ArrayList<>(executors.keySet());
        completedExecutors.keySet().stream().filter(id -> !ids.contains(id)).forEach(ids::add);
        return ids;
    }

    List<SimExecutor> executorsOf(String frameworkId) {
        return List.copyOf(executors.getOrDefault(frameworkId, Map.of()).values());
    }

    List<SimExecutor> completedExecutorsOf(String frameworkId) {
        return List.copyOf(completedExecutors.getOrDefault(frameworkId, new ArrayDeque<>()));
    }

    /** As the master's validators see this agent for {@code frameworkId}. */
    AgentView view(String frameworkId) {
        Map<String, ExecutorInfo> infos = new LinkedHashMap<>();
        executors.getOrDefault(frameworkId, Map.of()).forEach((id, e) -> {
            if (!e.generated) {
                infos.put(id, e.info);
            }
        });
        return new AgentView(agent.id(), true, infos);
    }
}
