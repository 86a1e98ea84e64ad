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
 * task: the tasks of each service and of each slot; the tasks asked to stop that have not ended; live tasks per agent;
 * the services and slots whose tasks changed, and the slots in which a task ended, since the loop last asked; per
 * service whether every live task runs one version in a slot of its own (then a service without an update in
 * progress has nothing to roll), and its counts ({@link Counts}) kept as tasks change. Loop thread only; readers get
 * an unmodifiable view.
 */
final class TaskTable {

    private final Map<String, TaskRecord> byId = new LinkedHashMap<>();
    private final Map<ServiceKey, Map<String, TaskRecord>> byService = new HashMap<>();
    private final Set<String> stopping = new LinkedHashSet<>();
    private final Map<String, Map<ServiceKey, Integer>> liveByAgent = new HashMap<>();
    private final Map<ServiceKey, Map<String, Integer>> liveByFingerprint = new HashMap<>();
    /** The tasks of each slot (a slot has one, or a few while it restarts or is updated). */
    private final Map<Slot, List<TaskRecord>> bySlot = new HashMap<>();
    private final Map<ServiceKey, Integer> crowdedSlots = new HashMap<>();
    private final Map<ServiceKey, Tally> tallies = new HashMap<>();
    private final Taken<ServiceKey> changed = new Taken<>();
    private final Taken<Slot> changedSlots = new Taken<>();
    private final Taken<Slot> changedSlotsForUpdates = new Taken<>();
    private final Taken<Slot> ended = new Taken<>();
    private List<TaskRecord> unpublished = new ArrayList<>();

    /** A service's tasks running, running and healthy, and finished successfully: what {@code depends_on} asks. */
    record Counts(int running, int healthy, int succeeded) {}

    /** A service's live tasks in its replicas below a count, running and starting: what its progress shows. */
    record Live(int running, int starting) {}

    /**
     * What changed, collected until the one reader takes it. Replaced, not cleared, when taken: a set that once held
     * the 100,000 slots of a large launch or take-down keeps its table, and every later step walked 262,144 empty
     * buckets to copy it.
     */
    private static final class Taken<T> {
        private Set<T> items = new HashSet<>();

        void add(T item) {
            items.add(item);
        }

        Set<T> take() {
            Set<T> out = Collections.unmodifiableSet(items);
            items = new HashSet<>();
            return out;
        }
    }

    /** {@link Counts} kept up to date as tasks are put and removed; {@code bound} is the replica count asked last. */
    private static final class Tally {
        int running;
        int healthy;
        int succeeded;
        int bound = Integer.MAX_VALUE;
        int runningBelow;
        int startingBelow;

        void add(TaskRecord t, int sign) {
            boolean live = !TaskStates.terminal(t.state());
            boolean runs = TaskStates.running(t.state());
            running += runs ? sign : 0;
            healthy += runs && t.healthy().orElse(false) ? sign : 0;
            succeeded += TaskStates.succeeded(t.state(), t.exitCode()) ? sign : 0;
            if (live && t.replica() < bound) {
                runningBelow += runs ? sign : 0;
                startingBelow += runs ? 0 : sign;
            }
        }
    }

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

    /** The first {@code atMost} tasks of a project (of its services in no particular order). */
    List<TaskRecord> ofProject(String project, int atMost) {
        List<TaskRecord> out = new ArrayList<>();
        for (Map.Entry<ServiceKey, Map<String, TaskRecord>> service : byService.entrySet()) {
            if (service.getKey().project().equals(project)) {
                for (TaskRecord t : service.getValue().values()) {
                    if (out.size() == atMost) {
                        return out;
                    }
                    out.add(t);
                }
            }
        }
        return out;
    }

    /** The services that have tasks. */
    Set<ServiceKey> services() {
        return Collections.unmodifiableSet(byService.keySet());
    }

    /** Tasks the scheduler asked to stop (desired KILL) that have not ended yet. */
    Collection<TaskRecord> stopping() {
        return stopping.stream().map(byId::get).toList();
    }

    /** The tasks of one slot. */
    List<TaskRecord> of(Slot slot) {
        List<TaskRecord> of = bySlot.get(slot);
        return of == null ? List.of() : Collections.unmodifiableList(of);
    }

    /** Live tasks per agent and service, read-only: it changes as tasks do. */
    Map<String, Map<ServiceKey, Integer>> livePerAgent() {
        return Collections.unmodifiableMap(liveByAgent);
    }

    /** The service's counts, kept as tasks change. */
    Counts counts(ServiceKey service) {
        Tally tally = tallies.get(service);
        return tally == null ? new Counts(0, 0, 0) : new Counts(tally.running, tally.healthy, tally.succeeded);
    }

    /**
     * The service's live tasks in replicas below {@code replicas}: kept as tasks change, so this costs nothing unless
     * {@code replicas} differs from the count asked last for this service (then its tasks are counted again).
     */
    Live live(ServiceKey service, int replicas) {
        Tally tally = tallies.get(service);
        if (tally == null) {
            return new Live(0, 0);
        }
        if (tally.bound != replicas) {
            tally.bound = replicas;
            tally.runningBelow = 0;
            tally.startingBelow = 0;
            for (TaskRecord t : of(service)) {
                if (!TaskStates.terminal(t.state()) && t.replica() < replicas) {
                    boolean runs = TaskStates.running(t.state());
                    tally.runningBelow += runs ? 1 : 0;
                    tally.startingBelow += runs ? 0 : 1;
                }
            }
        }
        return new Live(tally.runningBelow, tally.startingBelow);
    }

    /** Whether every live task of the service has this fingerprint and a slot of its own. */
    boolean settled(ServiceKey service, String fingerprint) {
        Map<String, Integer> versions = liveByFingerprint.getOrDefault(service, Map.of());
        return crowdedSlots.getOrDefault(service, 0) == 0
                && (versions.isEmpty() || versions.size() == 1 && versions.containsKey(fingerprint));
    }

    /** The services whose tasks changed since the last call. */
    Set<ServiceKey> takeChanged() {
        return changed.take();
    }

    /**
     * The slots whose tasks changed since the last call in a way that may change what the slot needs (for {@link
     * PendingSlots}): a task put or removed, ended, asked to stop, moved to another agent or version. Not a live task's
     * next live state (STAGING, STARTING, RUNNING, healthy or not): a live task serves its slot whatever its state, and
     * which of the slot's tasks is the current one does not change with it ({@link Desired#need}). Those are two of
     * the three changes of every launched task.
     */
    Set<Slot> takeChangedSlots() {
        return changedSlots.take();
    }

    /** The same as {@link #takeChangedSlots}, collected apart for the rolling updates. */
    Set<Slot> takeChangedSlotsForUpdates() {
        return changedSlotsForUpdates.take();
    }

    /** Whether the service has a task that has not ended. */
    boolean hasLive(ServiceKey service) {
        return liveByFingerprint.containsKey(service);
    }

    /** The slots in which a task ended (or was removed) since the last call. */
    Set<Slot> takeEnded() {
        return ended.take();
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
        boolean nextLiveState = false;
        if (old != null && sameIndexes(old, t)) {
            replace(old, t);
            nextLiveState = !TaskStates.terminal(t.state());
        } else {
            if (old != null) {
                unindex(old);
            }
            index(t);
        }
        Slot slot = Slot.of(t);
        changed.add(ServiceKey.of(slot));
        changedSlotsForUpdates.add(slot);
        if (!nextLiveState) {
            changedSlots.add(slot);
        }
        if (TaskStates.terminal(t.state()) && (old == null || !TaskStates.terminal(old.state()))) {
            ended.add(slot);
        }
    }

    void remove(String taskId) {
        TaskRecord old = byId.remove(taskId);
        if (old != null) {
            unpublished.add(old);
            unindex(old);
            Slot slot = Slot.of(old);
            changed(slot);
            ended.add(slot);
        }
    }

    private void changed(Slot slot) {
        changed.add(ServiceKey.of(slot));
        changedSlots.add(slot);
        changedSlotsForUpdates.add(slot);
    }

    /** Whether a new record of a task stays in every index as it was (most status updates: STAGING to RUNNING). */
    private static boolean sameIndexes(TaskRecord old, TaskRecord t) {
        return old.replica() == t.replica() && old.desired() == t.desired()
                && TaskStates.terminal(old.state()) == TaskStates.terminal(t.state())
                && old.project().equals(t.project()) && old.service().equals(t.service())
                && old.fingerprint().equals(t.fingerprint()) && old.agentId().equals(t.agentId());
    }

    /** A new record of a task that stays in every index: only the records and the service's counts change. */
    private void replace(TaskRecord old, TaskRecord t) {
        ServiceKey key = ServiceKey.of(t);
        byService.get(key).put(t.taskId(), t);
        Tally tally = tallies.get(key);
        tally.add(old, -1);
        tally.add(t, 1);
        List<TaskRecord> slot = bySlot.get(Slot.of(t));
        for (int i = 0; i < slot.size(); i++) {
            if (slot.get(i).taskId().equals(t.taskId())) {
                slot.set(i, t);
            }
        }
    }

    private void index(TaskRecord t) {
        ServiceKey key = ServiceKey.of(t);
        byService.computeIfAbsent(key, k -> new LinkedHashMap<>()).put(t.taskId(), t);
        tallies.computeIfAbsent(key, k -> new Tally()).add(t, 1);
        List<TaskRecord> slot = bySlot.computeIfAbsent(Slot.of(t), k -> new ArrayList<>(1));
        slot.add(t);
        boolean live = !TaskStates.terminal(t.state());
        if (live && t.desired() == TaskRecord.Desired.KILL) {
            stopping.add(t.taskId());
        }
        if (!live) {
            return;
        }
        t.agentId().ifPresent(a -> liveByAgent.computeIfAbsent(a, x -> new HashMap<>()).merge(key, 1, Integer::sum));
        liveByFingerprint.computeIfAbsent(key, k -> new HashMap<>()).merge(t.fingerprint(), 1, Integer::sum);
        if (live(slot) == 2) {
            crowdedSlots.merge(key, 1, Integer::sum);
        }
    }

    private static int live(List<TaskRecord> slot) {
        int n = 0;
        for (TaskRecord t : slot) {
            n += TaskStates.terminal(t.state()) ? 0 : 1;
        }
        return n;
    }

    private void unindex(TaskRecord t) {
        ServiceKey key = ServiceKey.of(t);
        Map<String, TaskRecord> of = byService.get(key);
        if (of != null) {
            of.remove(t.taskId());
            if (of.isEmpty()) {
                byService.remove(key);
                tallies.remove(key);
            } else {
                tallies.get(key).add(t, -1);
            }
        }
        Slot slotKey = Slot.of(t);
        List<TaskRecord> slot = bySlot.get(slotKey);
        int liveBefore = slot == null ? 0 : live(slot);
        if (slot != null) {
            slot.removeIf(x -> x.taskId().equals(t.taskId()));
            if (slot.isEmpty()) {
                bySlot.remove(slotKey);
            }
        }
        stopping.remove(t.taskId());
        if (TaskStates.terminal(t.state())) {
            return;
        }
        t.agentId().ifPresent(a -> {
            Map<ServiceKey, Integer> m = liveByAgent.get(a);
            if (m != null && decrement(m, key) && m.isEmpty()) {
                liveByAgent.remove(a);
            }
        });
        Map<String, Integer> versions = liveByFingerprint.get(key);
        if (versions != null && decrement(versions, t.fingerprint()) && versions.isEmpty()) {
            liveByFingerprint.remove(key);
        }
        if (liveBefore == 2) {
            decrement(crowdedSlots, key);
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
