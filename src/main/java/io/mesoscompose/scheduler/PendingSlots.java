package io.mesoscompose.scheduler;

import io.mesoscompose.compose.model.Dependency;
import io.mesoscompose.plan.ProjectPlan;
import io.mesoscompose.plan.ServicePlan;
import io.mesoscompose.state.TaskRecord;
import java.time.Instant;
import java.util.ArrayList;
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
import java.util.TreeMap;

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

    /** One service's slots that need something, by replica. */
    private static final class Service {
        ServicePlan plan;
        Optional<String> blocked = Optional.empty();
        /** Ready and not held: what the matcher gets, in replica order. */
        final TreeMap<Integer, OfferMatcher.Pending> free = new TreeMap<>();
        final Map<Integer, OfferMatcher.Pending> held = new HashMap<>();
        /** Why each waiting or free slot waits, and how many slots wait for each reason (in first-seen order). */
        final Map<Integer, String> why = new HashMap<>();
        final Map<String, Integer> reasons = new LinkedHashMap<>();
    }

    private record Wake(Instant at, Slot slot) {}

    private final RestartRules.Backoff backoff;
    private final RestartRules.LostTasks lostTasks;
    private final Map<ServiceKey, Service> services = new HashMap<>();
    private final Set<Slot> held = new HashSet<>();
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
        boolean wasFree = st.free.remove(i) != null;
        if (wasFree) {
            unplaced--;
        } else {
            st.held.remove(i);
        }
        switch (need) {
            case Desired.Need.None n -> reason(key, st, slot, Optional.empty());
            case Desired.Need.Wait w -> {
                reason(key, st, slot, Optional.of(w.why()));
                w.until().ifPresent(at -> wakes.add(new Wake(at, slot)));
            }
            case Desired.Need.Ready r when held.contains(slot) -> {
                st.held.put(i, r.pending());
                reason(key, st, slot, Optional.empty());
            }
            case Desired.Need.Ready r -> {
                st.free.put(i, r.pending());
                unplaced++;
                if (!wasFree) {
                    reason(key, st, slot, Optional.of(NO_OFFER)); // one still unplaced keeps the matcher's reason
                }
            }
        }
    }

    /** Forgets every slot of the service (before it is decided anew, or when it is gone). */
    private void clear(ServiceKey key, Service st) {
        unplaced -= st.free.size();
        st.free.clear();
        st.held.clear();
        for (Integer i : List.copyOf(st.why.keySet())) {
            reason(key, st, new Slot(key.project(), key.service(), i), Optional.empty());
        }
    }

    private void reason(ServiceKey key, Service st, Slot slot, Optional<String> why) {
        String before = why.isPresent() ? st.why.put(slot.replica(), why.get()) : st.why.remove(slot.replica());
        if (before != null && before.equals(why.orElse(null))) {
            return;
        }
        if (before != null) {
            st.reasons.computeIfPresent(before, (r, n) -> n == 1 ? null : n - 1);
        }
        why.ifPresent(w -> st.reasons.merge(w, 1, Integer::sum));
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
                    out.addAll(st.free.values());
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
        if (st == null) {
            return Optional.empty();
        }
        OfferMatcher.Pending p = st.free.get(slot.replica());
        return Optional.ofNullable(p != null ? p : st.held.get(slot.replica()));
    }

    /** The matcher placed these slots (now queued for launch) and left the others unplaced for these reasons. */
    void placed(Collection<Slot> slots, Map<Slot, String> unplacedBecause) {
        for (Slot slot : slots) {
            held.add(slot);
            ServiceKey key = ServiceKey.of(slot);
            Service st = services.get(key);
            OfferMatcher.Pending p = st == null ? null : st.free.remove(slot.replica());
            if (p != null) {
                unplaced--;
                st.held.put(slot.replica(), p);
                reason(key, st, slot, Optional.empty());
            }
        }
        unplacedBecause.forEach((slot, why) -> {
            ServiceKey key = ServiceKey.of(slot);
            Service st = services.get(key);
            if (st != null && st.free.containsKey(slot.replica())) {
                reason(key, st, slot, Optional.of(why));
            }
        });
    }

    /** The launcher let these slots go (launched, rescinded, no longer wanted): ready ones wait, for the reason given. */
    void release(Map<Slot, String> slots) {
        slots.forEach((slot, why) -> {
            held.remove(slot);
            ServiceKey key = ServiceKey.of(slot);
            Service st = services.get(key);
            OfferMatcher.Pending p = st == null ? null : st.held.remove(slot.replica());
            if (p != null) {
                st.free.put(slot.replica(), p);
                unplaced++;
                reason(key, st, slot, Optional.of(why));
            }
        });
    }

    /** Every slot held but not in {@code queued} is let go (the connection and its offers are gone; a launch failed). */
    void keepHeld(Set<Slot> queued) {
        Map<Slot, String> gone = new HashMap<>();
        held.stream().filter(s -> !queued.contains(s)).forEach(s -> gone.put(s, NO_OFFER));
        release(gone);
    }

    /** These slots got their task: no longer held, and decided again at the next refresh (their tasks changed). */
    void launched(Collection<Slot> slots) {
        held.removeAll(slots);
    }

    /** Why each slot that needs a task waits: the waiting ones and the ready ones not placed (a map made now). */
    Map<Slot, String> reasons() {
        Map<Slot, String> all = new HashMap<>();
        services.forEach((key, st) -> st.why.forEach((replica, why) ->
                all.put(new Slot(key.project(), key.service(), replica), why)));
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
            int waiting = st == null ? 0 : st.why.size();
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
            Map<Slot, String> map = new HashMap<>(waiting * 4 / 3 + 1);
            st.why.forEach((replica, why) -> map.put(new Slot(key.project(), key.service(), replica), why));
            shown.put(key, Collections.unmodifiableMap(map));
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
        return st == null ? new Waiting(0, List.of()) : new Waiting(st.why.size(), List.copyOf(st.reasons.keySet()));
    }

    /** The services whose waiting replicas or reasons changed since the last call. */
    Set<ServiceKey> takeChanged() {
        Set<ServiceKey> out = Set.copyOf(changed);
        changed.clear();
        return out;
    }
}
