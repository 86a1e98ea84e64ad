package io.mesoscompose.scheduler;

import io.mesoscompose.state.TaskRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The scheduler's task records by ID, with the indexes that let a loop step cost what changed rather than every
 * task: the tasks of each service; the tasks asked to stop that have not ended; live tasks per agent; the services
 * whose tasks changed, and those in which a task ended, since the loop last asked; and per service whether every
 * live task runs one version in a slot of its own (then a service without an update in progress has nothing to
 * roll). Loop thread only; readers get an unmodifiable view.
 */
final class TaskTable {

    private final Map<String, TaskRecord> byId = new LinkedHashMap<>();
    private final Map<ServiceKey, Map<String, TaskRecord>> byService = new HashMap<>();
    private final Set<String> stopping = new LinkedHashSet<>();
    private final Map<String, Map<String, Integer>> liveByAgent = new HashMap<>();
    private final Map<ServiceKey, Map<String, Integer>> liveByFingerprint = new HashMap<>();
    private final Map<Slot, Integer> liveBySlot = new HashMap<>();
    private final Map<ServiceKey, Integer> crowdedSlots = new HashMap<>();
    private final Set<ServiceKey> changed = new HashSet<>();
    private final Set<ServiceKey> ended = new HashSet<>();
    private List<TaskRecord> unpublished = new ArrayList<>();

    Optional<TaskRecord> get(String taskId) {
        return Optional.ofNullable(byId.get(taskId));
    }

    /** Every task, in the order first put. */
    Collection<TaskRecord> all() {
        return Collections.unmodifiableCollection(byId.values());
    }

    /** The records by task ID, read-only. */
    Map<String, TaskRecord> asMap() {
        return Collections.unmodifiableMap(byId);
    }

    int size() {
        return byId.size();
    }

    /** The tasks of one service. */
    Collection<TaskRecord> of(ServiceKey service) {
        Map<String, TaskRecord> of = byService.get(service);
        return of == null ? List.of() : Collections.unmodifiableCollection(of.values());
    }

    /** The services that have tasks. */
    Set<ServiceKey> services() {
        return Collections.unmodifiableSet(byService.keySet());
    }

    /** Tasks the scheduler asked to stop (desired KILL) that have not ended yet. */
    Collection<TaskRecord> stopping() {
        return stopping.stream().map(byId::get).toList();
    }

    /** Live tasks per agent and service key ({@link Slot#serviceKey}): a copy the caller may change. */
    Map<String, Map<String, Integer>> livePerAgent() {
        Map<String, Map<String, Integer>> copy = new HashMap<>(liveByAgent.size() * 2);
        liveByAgent.forEach((agent, m) -> copy.put(agent, new HashMap<>(m)));
        return copy;
    }

    /** Whether every live task of the service has this fingerprint and a slot of its own. */
    boolean settled(ServiceKey service, String fingerprint) {
        Map<String, Integer> versions = liveByFingerprint.getOrDefault(service, Map.of());
        return crowdedSlots.getOrDefault(service, 0) == 0
                && (versions.isEmpty() || versions.size() == 1 && versions.containsKey(fingerprint));
    }

    /** The services whose tasks changed since the last call. */
    Set<ServiceKey> takeChanged() {
        Set<ServiceKey> out = Set.copyOf(changed);
        changed.clear();
        return out;
    }

    /** The services in which a task ended (or was removed) since the last call. */
    Set<ServiceKey> takeEnded() {
        Set<ServiceKey> out = Set.copyOf(ended);
        ended.clear();
        return out;
    }

    /** The tasks put or removed since the last call (as put; as they were, when removed), for publishing. */
    List<TaskRecord> takeUnpublished() {
        List<TaskRecord> out = unpublished;
        unpublished = new ArrayList<>();
        return out;
    }

    void put(TaskRecord t) {
        unpublished.add(t);
        TaskRecord old = byId.put(t.taskId(), t);
        if (old != null) {
            unindex(old);
        }
        index(t);
        ServiceKey key = ServiceKey.of(t);
        changed.add(key);
        if (TaskStates.terminal(t.state()) && (old == null || !TaskStates.terminal(old.state()))) {
            ended.add(key);
        }
    }

    void remove(String taskId) {
        TaskRecord old = byId.remove(taskId);
        if (old != null) {
            unpublished.add(old);
            unindex(old);
            changed.add(ServiceKey.of(old));
            ended.add(ServiceKey.of(old));
        }
    }

    private void index(TaskRecord t) {
        ServiceKey key = ServiceKey.of(t);
        byService.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(t.taskId(), t);
        boolean live = !TaskStates.terminal(t.state());
        if (live && t.desired() == TaskRecord.Desired.KILL) {
            stopping.add(t.taskId());
        }
        if (!live) {
            return;
        }
        t.agentId().ifPresent(a -> liveByAgent.computeIfAbsent(a, x -> new HashMap<>())
                .merge(t.project() + "/" + t.service(), 1, Integer::sum));
        liveByFingerprint.computeIfAbsent(key, k -> new HashMap<>()).merge(t.fingerprint(), 1, Integer::sum);
        if (liveBySlot.merge(new Slot(t.project(), t.service(), t.replica()), 1, Integer::sum) == 2) {
            crowdedSlots.merge(key, 1, Integer::sum);
        }
    }

    private void unindex(TaskRecord t) {
        ServiceKey key = ServiceKey.of(t);
        Map<String, TaskRecord> of = byService.get(key);
        if (of != null) {
            of.remove(t.taskId());
            if (of.isEmpty()) {
                byService.remove(key);
            }
        }
        stopping.remove(t.taskId());
        if (TaskStates.terminal(t.state())) {
            return;
        }
        t.agentId().ifPresent(a -> {
            Map<String, Integer> m = liveByAgent.get(a);
            if (m != null && decrement(m, t.project() + "/" + t.service()) && m.isEmpty()) {
                liveByAgent.remove(a);
            }
        });
        Map<String, Integer> versions = liveByFingerprint.get(key);
        if (versions != null && decrement(versions, t.fingerprint()) && versions.isEmpty()) {
            liveByFingerprint.remove(key);
        }
        Slot slot = new Slot(t.project(), t.service(), t.replica());
        Integer live = liveBySlot.get(slot);
        if (live != null) {
            if (live == 2) {
                decrement(crowdedSlots, key);
            }
            decrement(liveBySlot, slot);
        }
    }

    /** Counts one down, removing the key at zero; false when the key was not there. */
    private static <K> boolean decrement(Map<K, Integer> counts, K key) {
        Integer n = counts.get(key);
        if (n == null) {
            return false;
        }
        if (n <= 1) {
            counts.remove(key);
        } else {
            counts.put(key, n - 1);
        }
        return true;
    }
}
