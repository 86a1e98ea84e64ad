package io.mesoscompose.scheduler;

import io.mesoscompose.compose.model.Dependency;
import io.mesoscompose.plan.ProjectPlan;
import io.mesoscompose.plan.ServicePlan;
import io.mesoscompose.state.TaskRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * {@link Desired#pending} kept up to date slot by slot, so that a loop step costs what changed rather than a pass
 * over every slot: a slot is decided again ({@link Desired#need}) when its tasks changed, when a start-first update
 * starts or stops letting it launch early, and when its back-off ends; a whole service when its plan (another
 * object) or its unmet dependency changed. It also keeps why each slot waits (what the API shows as pending, with
 * per-service counts for progress), and which ready replicas are placed on offers and wait in the {@link Launcher}'s
 * queue: those are "held", never offered to the matcher again until the launcher lets them go. Loop thread only.
 */
final class PendingSlots {

    static final String NO_OFFER = "waiting for an offer";

    /**
     * One service's slots that need something, by replica: arrays and bit sets indexed by replica, not a map entry
     * per replica. A 100,000-replica apply makes 100,000 ready replicas at once, and what they weigh is what the
     * next young collections copy while the first launch's applies wait (docs/benchmarks.md).
     */
    private static final class Service {
        private static final OfferMatcher.Pending[] NO_PENDING = {};
        private static final String[] NO_REASONS = {};

        ServicePlan plan;
        Optional<String> blocked = Optional.empty();
        /** The replicas ready to launch, free or held; null where none is. Sized to the plan at first use. */
        private OfferMatcher.Pending[] ready = NO_PENDING;
        /** Ready and not held: what the matcher gets, in replica order. */
        final BitSet free = new BitSet();
        /** Why each waiting or free replica waits (null where it does not), and how many do. */
        private String[] why = NO_REASONS;
        int waiting;
        /** How many replicas wait for each reason, in first-seen order. */
        final Map<String, Integer> reasons = new LinkedHashMap<>();

        OfferMatcher.Pending ready(int replica) {
            return replica < ready.length ? ready[replica] : null;
        }

        boolean held(int replica) {
            return ready(replica) != null && !free.get(replica);
        }

        void ready(int replica, OfferMatcher.Pending p) {
            if (replica >= ready.length) {
                if (p == null) {
                    return;
                }
                ready = Arrays.copyOf(ready, Math.max(replica + 1, plan.replicas()));
            }
            ready[replica] = p;
        }

        String why(int replica) {
            return replica < why.length ? why[replica] : null;
        }

        /** Sets why the replica waits (null: it does not) and answers the reason it had. */
        String why(int replica, String reason) {
            if (replica >= why.length) {
                if (reason == null) {
                    return null;
                }
                why = Arrays.copyOf(why, Math.max(replica + 1, plan.replicas()));
            }
            String before = why[replica];
            why[replica] = reason;
            waiting += (reason != null ? 1 : 0) - (before != null ? 1 : 0);
            return before;
        }

        /** Forgets every replica; the caller has taken every reason back first. */
        void clear() {
            ready = NO_PENDING;
            why = NO_REASONS;
            free.clear();
        }

        /** Its waiting replicas and why, as snapshots show them. */
        WaitingReplicas shown(ServiceKey key) {
            int[] replicas = new int[waiting];
            String[] whys = new String[waiting];
            for (int i = 0, n = 0; n < waiting; i++) {
                if (why[i] != null) {
                    replicas[n] = i;
                    whys[n++] = why[i];
                }
            }
            return new WaitingReplicas(key, replicas, whys);
        }
    }

    private record Wake(Instant at, Slot slot) {}

    private final RestartRules.Backoff backoff;
    private final RestartRules.LostTasks lostTasks;
    private final Map<ServiceKey, Service> services = new HashMap<>();
    /** Per service, the replicas placed and queued in the launcher, held until it lets them go. */
    private final Map<ServiceKey, BitSet> held = new HashMap<>();
    private final PriorityQueue<Wake> wakes = new PriorityQueue<>(Comparator.comparing(Wake::at));
    private final Set<ServiceKey> changed = new HashSet<>();
    /** Per service, why its replicas wait as snapshots show it: one map shared by snapshots until it is made again. */
    private final Map<ServiceKey, Map<Slot, String>> shown = new HashMap<>();
    private final Map<ServiceKey, Long> shownAt = new HashMap<>();
    /** Services whose waiting replicas changed since {@link #shown} last made their map. */
    private final Set<ServiceKey> unshown = new HashSet<>();
    private boolean showAll;
    private Set<Slot> startEarly = Set.of();
    private List<ProjectPlan> plans = List.of();
    private int unplaced;

    PendingSlots(RestartRules.Backoff backoff, RestartRules.LostTasks lostTasks) {
        this.backoff = backoff;
        this.lostTasks = lostTasks;
    }

    /**
     * Decides again what may have changed since the last call: the slots whose tasks changed ({@link
     * TaskTable#takeChangedSlots}), those entering or leaving {@code startEarly}, those whose back-off ended by
     * {@code now}, and every slot of a service with another plan or another unmet dependency.
     */
    void refresh(Collection<ProjectPlan> current, TaskTable tasks, Instant now, Set<Slot> early) {
        Set<Slot> dirty = new HashSet<>(tasks.takeChangedSlots());
        if (!early.equals(startEarly)) {
            startEarly.stream().filter(s -> !early.contains(s)).forEach(dirty::add);
            early.stream().filter(s -> !startEarly.contains(s)).forEach(dirty::add);
            startEarly = Set.copyOf(early);
        }
        while (!wakes.isEmpty() && !wakes.peek().at().isAfter(now)) {
            dirty.add(wakes.poll().slot());
        }
        plans = List.copyOf(current);
        Set<ServiceKey> planned = new HashSet<>();
        Set<ServiceKey> whole = new HashSet<>();
        for (ProjectPlan p : plans) {
            for (ServicePlan s : p.services()) {
                ServiceKey key = new ServiceKey(p.project(), s.service());
                planned.add(key);
                Optional<String> blocked = s.dependsOn().isEmpty() ? Optional.empty()
                        : Desired.unmetDependency(p, s, (k, condition) -> met(tasks.counts(k), condition));
                Service st = services.computeIfAbsent(key, k -> new Service());
                if (st.plan != s || !st.blocked.equals(blocked)) {
                    clear(key, st);
                    st.plan = s;
                    st.blocked = blocked;
                    for (int i = 0; i < s.replicas(); i++) {
                        decide(key, st, new Slot(p.project(), s.service(), i), tasks, now);
                    }
                    whole.add(key);
                }
            }
        }
        List<ServiceKey> gone = services.keySet().stream().filter(k -> !planned.contains(k)).toList();
        for (ServiceKey key : gone) {
            clear(key, services.remove(key));
        }
        for (Slot slot : dirty) {
            ServiceKey key = ServiceKey.of(slot);
            Service st = services.get(key);
            if (st != null && !whole.contains(key) && slot.replica() < st.plan.replicas()) {
                decide(key, st, slot, tasks, now);
            }
        }
    }

    private static boolean met(TaskTable.Counts counts, Dependency.Condition condition) {
        return switch (condition) {
            case STARTED -> counts.running() > 0;
            case HEALTHY -> counts.healthy() > 0;
            case COMPLETED_SUCCESSFULLY -> counts.succeeded() > 0;
        };
    }

    private void decide(ServiceKey key, Service st, Slot slot, TaskTable tasks, Instant now) {
        List<TaskRecord> of = tasks.of(slot);
        boolean live = false;
        for (TaskRecord t : of) {
            live |= !TaskStates.terminal(t.state());
        }
        set(key, st, slot, Desired.need(st.plan, slot, Desired.latest(of), live, startEarly.contains(slot), st.blocked,
                now, backoff, lostTasks));
    }

    private void set(ServiceKey key, Service st, Slot slot, Desired.Need need) {
        int i = slot.replica();
        boolean wasFree = st.free.get(i);
        if (wasFree) {
            st.free.clear(i);
            unplaced--;
        }
        st.ready(i, null);
        switch (need) {
            case Desired.Need.None n -> reason(key, st, i, null);
            case Desired.Need.Wait w -> {
                reason(key, st, i, w.why());
                w.until().ifPresent(at -> wakes.add(new Wake(at, slot)));
            }
            case Desired.Need.Ready r when isHeld(key, i) -> {
                st.ready(i, r.pending());
                reason(key, st, i, null);
            }
            case Desired.Need.Ready r -> {
                st.ready(i, r.pending());
                st.free.set(i);
                unplaced++;
                if (!wasFree) {
                    reason(key, st, i, NO_OFFER); // one still unplaced keeps the matcher's reason
                }
            }
        }
    }

    private boolean isHeld(ServiceKey key, int replica) {
        BitSet bits = held.get(key);
        return bits != null && bits.get(replica);
    }

    /** Forgets every slot of the service (before it is decided anew, or when it is gone). */
    private void clear(ServiceKey key, Service st) {
        unplaced -= st.free.cardinality();
        for (int i = 0; st.waiting > 0; i++) {
            if (st.why(i) != null) {
                reason(key, st, i, null);
            }
        }
        st.clear();
    }

    /** Sets why the replica waits ({@code why} null: it does not), keeping the per-reason counts. */
    private void reason(ServiceKey key, Service st, int replica, String why) {
        String before = st.why(replica, why);
        if (before != null && before.equals(why)) {
            return;
        }
        if (before != null) {
            st.reasons.computeIfPresent(before, (r, n) -> n == 1 ? null : n - 1);
        }
        if (why != null) {
            st.reasons.merge(why, 1, Integer::sum);
        }
        changed.add(key);
        unshown.add(key);
    }

    /** The replicas ready to launch and not placed yet, service by service in plan order, each in replica order. */
    List<OfferMatcher.Pending> unplaced() {
        List<OfferMatcher.Pending> out = new ArrayList<>(unplaced);
        for (ProjectPlan p : plans) {
            for (ServicePlan s : p.services()) {
                Service st = services.get(new ServiceKey(p.project(), s.service()));
                if (st != null) {
                    for (int i = st.free.nextSetBit(0); i >= 0; i = st.free.nextSetBit(i + 1)) {
                        out.add(st.ready(i));
                    }
                }
            }
        }
        return out;
    }

    boolean hasUnplaced() {
        return unplaced > 0;
    }

    /** The slot's replica if it is ready to launch (placed or not). */
    Optional<OfferMatcher.Pending> ready(Slot slot) {
        Service st = services.get(ServiceKey.of(slot));
        return st == null ? Optional.empty() : Optional.ofNullable(st.ready(slot.replica()));
    }

    /** The matcher placed these slots (now queued for launch) and left the others unplaced for these reasons. */
    void placed(Collection<Slot> slots, Map<Slot, String> unplacedBecause) {
        for (Slot slot : slots) {
            ServiceKey key = ServiceKey.of(slot);
            int i = slot.replica();
            held.computeIfAbsent(key, k -> new BitSet()).set(i);
            Service st = services.get(key);
            if (st != null && st.free.get(i)) {
                st.free.clear(i);
                unplaced--;
                reason(key, st, i, null);
            }
        }
        unplacedBecause.forEach((slot, why) -> {
            ServiceKey key = ServiceKey.of(slot);
            Service st = services.get(key);
            if (st != null && st.free.get(slot.replica())) {
                reason(key, st, slot.replica(), why);
            }
        });
    }

    /** The launcher let these slots go (launched, rescinded, no longer wanted): ready ones wait, for the reason given. */
    void release(Map<Slot, String> slots) {
        slots.forEach((slot, why) -> {
            ServiceKey key = ServiceKey.of(slot);
            int i = slot.replica();
            unhold(key, i);
            Service st = services.get(key);
            if (st != null && st.held(i)) {
                st.free.set(i);
                unplaced++;
                reason(key, st, i, why);
            }
        });
    }

    private void unhold(ServiceKey key, int replica) {
        BitSet bits = held.get(key);
        if (bits != null) {
            bits.clear(replica);
            if (bits.isEmpty()) {
                held.remove(key);
            }
        }
    }

    /** Every slot held but not in {@code queued} is let go (the connection and its offers are gone; a launch failed). */
    void keepHeld(Set<Slot> queued) {
        Map<Slot, String> gone = new HashMap<>();
        held.forEach((key, bits) -> bits.stream().mapToObj(i -> new Slot(key.project(), key.service(), i))
                .filter(s -> !queued.contains(s)).forEach(s -> gone.put(s, NO_OFFER)));
        release(gone);
    }

    /** These slots got their task: no longer held, and decided again at the next refresh (their tasks changed). */
    void launched(Collection<Slot> slots) {
        slots.forEach(slot -> unhold(ServiceKey.of(slot), slot.replica()));
    }

    /** Why each slot that needs a task waits: the waiting ones and the ready ones not placed (a map made now). */
    Map<Slot, String> reasons() {
        Map<Slot, String> all = new HashMap<>();
        services.forEach((key, st) -> all.putAll(st.shown(key)));
        return all;
    }

    /** A service with more replicas waiting than this has its map in snapshots made again at most every second. */
    static final int MANY_WAITING = 5_000;
    static final long MANY_WAITING_EVERY_NANOS = 1_000_000_000L;

    /**
     * Per service, why its replicas wait, for a snapshot: the maps are immutable and shared by the snapshots that
     * follow until the service's waiting replicas change. Making one costs a pass over the service's waiting
     * replicas, and while 100,000 replicas wait a publish per loop step cost 75-120 ms; so a service with more than
     * {@link #MANY_WAITING} waiting has its map made again at most every second (the loop's tick, every second by
     * default, publishes one that is due), and one with fewer at every publish.
     *
     * @param nowNanos {@link System#nanoTime()} now
     */
    Map<ServiceKey, Map<Slot, String>> shown(long nowNanos) {
        for (Iterator<ServiceKey> it = unshown.iterator(); it.hasNext(); ) {
            ServiceKey key = it.next();
            Service st = services.get(key);
            int waiting = st == null ? 0 : st.waiting;
            Long at = shownAt.get(key);
            if (!showAll && waiting > MANY_WAITING && at != null && nowNanos - at < MANY_WAITING_EVERY_NANOS) {
                continue;
            }
            it.remove();
            if (waiting == 0) {
                shown.remove(key);
                shownAt.remove(key);
                continue;
            }
            shown.put(key, st.shown(key));
            shownAt.put(key, nowNanos);
        }
        showAll = false;
        return Collections.unmodifiableMap(shown);
    }

    /** The next {@link #shown} makes every map that changed, however recently it was made. */
    void showAllNow() {
        showAll = true;
    }

    /** How many of the service's replicas wait, and their distinct reasons in first-seen order. */
    record Waiting(int count, Collection<String> reasons) {}

    Waiting waiting(ServiceKey key) {
        Service st = services.get(key);
        return st == null ? new Waiting(0, List.of()) : new Waiting(st.waiting, List.copyOf(st.reasons.keySet()));
    }

    /** The services whose waiting replicas or reasons changed since the last call. */
    Set<ServiceKey> takeChanged() {
        Set<ServiceKey> out = Set.copyOf(changed);
        changed.clear();
        return out;
    }
}
