package io.mesoscompose.scheduler;

import io.mesoscompose.mesos.SchedulerCalls;
import io.mesoscompose.plan.TaskFactory;
import io.mesoscompose.secrets.SecretResolver;
import io.mesoscompose.secrets.SecretUnavailableException;
import io.mesoscompose.state.StateChange;
import io.mesoscompose.state.StateStore;
import io.mesoscompose.state.TaskRecord;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
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
 *
 * <p>Placements wait in a queue, agent by agent, and each loop step carries out at most {@link #CHUNK} tasks' worth
 * of them, and no more agents' once it has spent {@link #STEP_NANOS} on them, so that a placement of 100,000
 * replicas does not hold the loop (and every operator's request) for seconds, even while the JIT is still compiling
 * and a thousand tasks take a second to make. A queued placement is checked again before it is carried out, as the
 * slot may have been scaled away or launched meanwhile; its offers stay outstanding until then (or are rescinded,
 * which drops it).
 *
 * <p>ACCEPTs carry {@code refuse_seconds: 0}, as Marathon's (TaskLauncherImpl: "so we get the same offer in the next
 * allocator cycle"): with no filter the master offers an agent's remainder again at its next allocation, so replicas
 * still waiting can use it at once; when none wait, it is declined then with the usual refusal and offers are
 * suppressed. The master's default (5 s) would hold each agent's remainder back after every launch.
 */
final class Launcher implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Launcher.class);
    /** Tasks carried out per loop step (whole agents: one agent's placements are never split). */
    static final int CHUNK = 1_000;
    /**
     * Time a loop step spends making tasks, after its first {@link #AT_LEAST} (whole agents, as above). While the JIT
     * still compiles, making a task takes 60-180 µs, so this is what the first seconds' steps spend on it; once
     * compiled, {@link #CHUNK} tasks take 2-4 ms and the chunk ends the step first (docs/benchmarks.md, "What the
     * first launch's slowest apply waits for").
     */
    static final long STEP_NANOS = 10_000_000;
    /**
     * Tasks a step carries out however little time is left, also while an operator waits (whole agents): launching
     * goes on while applies keep coming, and a step an operator waits for stays short while the code is cold.
     */
    static final int AT_LEAST = 10;
    /**
     * ACCEPT calls sent and not answered yet, at most: with that many, a step carries out nothing, and the loop is
     * woken when an answer comes. A slow master slows the launches down, not the loop.
     */
    static final int IN_FLIGHT = 256;
    static final Filters ACCEPT_FILTERS = Filters.newBuilder().setRefuseSeconds(0).build();

    private final StateStore store;
    private final SchedulerCalls calls;
    private final BooleanSupplier acknowledgementsBacklogged;
    private final SecretResolver secrets;
    private final Clock clock;
    private final SchedulerMetrics metrics;
    private final Consumer<SchedulerEvent> events;
    /** Wakes the loop (from the thread an answer comes on), when it waits for answers to carry out more. */
    private final Runnable wake;
    /** Set while the queue waits for answers to ACCEPTs ({@link #IN_FLIGHT}); cleared by the answer that wakes. */
    private volatile boolean waitingForAnswers;
    /** ACCEPTs sent, oldest first (loop thread only). */
    private final ArrayDeque<CompletableFuture<Void>> inFlight = new ArrayDeque<>();
    /** Placements not carried out yet, by agent ID, in placement order. */
    private final Map<String, List<OfferMatcher.Launch>> queue = new LinkedHashMap<>();
    private final Map<Slot, OfferMatcher.Launch> queuedSlots = new HashMap<>();

    /**
     * @param acknowledgementsBacklogged whether so many acknowledgements wait that launching should pause (see
     *                                   {@link Acknowledgements#backlogged()}, which wakes the loop when it is over)
     */
    Launcher(StateStore store, SchedulerCalls calls, BooleanSupplier acknowledgementsBacklogged, SecretResolver secrets,
             Clock clock, SchedulerMetrics metrics, Consumer<SchedulerEvent> events, Runnable wake) {
        this.store = store;
        this.acknowledgementsBacklogged = acknowledgementsBacklogged;
        this.wake = wake;
        this.calls = calls;
        this.secrets = secrets;
        this.clock = clock;
        this.metrics = metrics;
        this.events = events;
    }

    /**
     * Queues placements to be carried out by {@link #launchQueued}, as {@link #keptOffers} made them: they wait seconds
     * here while a launch of 100,000 replicas is carried out (75,000 of them 18 s into one).
     */
    void enqueue(List<OfferMatcher.Launch> launches) {
        for (OfferMatcher.Launch l : launches) {
            queue.computeIfAbsent(l.offer().getAgentId().getValue(), a -> new ArrayList<>()).add(l);
            queuedSlots.put(l.slot(), l);
        }
    }

    /**
     * A matching's placements keeping of their offers only what carrying them out needs ({@link #kept}), not every
     * resource and attribute of their agents. Made where the matching is, so off the loop for a large one (100,000
     * placements of 10,000 offers): the loop, which queues them a share per step while the code is still cold, does
     * not make them too, and whole offers are not held while they wait to be queued.
     */
    static OfferMatcher.Result keptOffers(OfferMatcher.Result matched) {
        Map<Offer, Offer> kept = new IdentityHashMap<>(); // an offer shared by placements stays one object
        List<OfferMatcher.Launch> launches = new ArrayList<>(matched.launches().size());
        for (OfferMatcher.Launch l : matched.launches()) {
            launches.add(new OfferMatcher.Launch(l.slot(), l.plan(), l.attempt(),
                    kept.computeIfAbsent(l.offer(), Launcher::kept), l.resources(), l.hostPorts(),
                    l.offers().stream().map(o -> kept.computeIfAbsent(o, Launcher::kept)).toList()));
        }
        return new OfferMatcher.Result(launches, matched.unused(), matched.reasons());
    }

    /**
     * What carrying out a placement needs of its offer: the ID (ACCEPT, DECLINE, a rescind), the agent and hostname
     * (the task and its record), and the framework ID, which an offer must have.
     */
    static Offer kept(Offer o) {
        return Offer.newBuilder().setId(o.getId()).setFrameworkId(o.getFrameworkId()).setAgentId(o.getAgentId())
                .setHostname(o.getHostname()).build();
    }

    boolean hasQueued() {
        return !queue.isEmpty();
    }

    /**
     * Whether a step would carry out placements now: some are queued, not too many ACCEPTs are unanswered, and not
     * too many acknowledgements wait.
     */
    boolean ready() {
        return hasQueued() && !tooManyUnanswered() && !acknowledgementsBacklogged.getAsBoolean();
    }

    private boolean tooManyUnanswered() {
        inFlight.removeIf(CompletableFuture::isDone);
        return inFlight.size() >= IN_FLIGHT;
    }

    /** The slots placed but not launched yet: not pending any more. */
    Set<Slot> queuedSlots() {
        return queuedSlots.keySet();
    }

    /** Replicas placed but not launched yet, per agent and service (they count for unique and spreading). */
    void countQueued(Map<String, Map<ServiceKey, Integer>> perAgent) {
        queue.forEach((agent, launches) -> launches.forEach(l -> perAgent.computeIfAbsent(agent, a -> new HashMap<>())
                .merge(ServiceKey.of(l.slot()), 1, Integer::sum)));
    }

    /**
     * What a rescind took from the queue: the slots dropped, and the other offers of their agent that no placement
     * still queued uses, to decline (Mesos has no offer timeout by default: an offer neither used nor declined keeps
     * its resources from every framework).
     */
    record Rescinded(Set<Slot> dropped, List<Offer> unused) {}

    /** The master took an offer back: placements on it cannot be carried out; the rest of its agent's may. */
    Rescinded rescinded(OfferID id) {
        Set<Slot> dropped = new HashSet<>();
        List<Offer> unused = new ArrayList<>();
        for (Iterator<List<OfferMatcher.Launch>> it = queue.values().iterator(); it.hasNext(); ) {
            List<OfferMatcher.Launch> launches = it.next();
            List<OfferMatcher.Launch> gone = launches.stream()
                    .filter(l -> l.offers().stream().anyMatch(o -> o.getId().equals(id))).toList();
            if (gone.isEmpty()) {
                continue;
            }
            launches.removeAll(gone);
            gone.forEach(l -> {
                queuedSlots.remove(l.slot());
                dropped.add(l.slot());
            });
            unused.addAll(stranded(gone, launches, Set.of(id)));
            if (launches.isEmpty()) {
                it.remove();
            }
        }
        return new Rescinded(dropped, List.copyOf(unused));
    }

    /**
     * The offers of one agent's {@code dropped} placements that none of its {@code kept} ones uses, but those
     * {@code gone} (rescinded): to decline, or they would stay outstanding.
     */
    static List<Offer> stranded(Collection<OfferMatcher.Launch> dropped, Collection<OfferMatcher.Launch> kept,
                                Set<OfferID> gone) {
        Map<OfferID, Offer> freed = new LinkedHashMap<>();
        dropped.forEach(l -> l.offers().forEach(o -> freed.put(o.getId(), o)));
        kept.forEach(l -> l.offers().forEach(o -> freed.remove(o.getId())));
        freed.keySet().removeAll(gone);
        return List.copyOf(freed.values());
    }

    /** The connection is gone and with it every offer: nothing queued can be carried out. */
    void clear() {
        queue.clear();
        queuedSlots.clear();
    }

    /**
     * What a share of the queue came to: the slots that got their task, the offers to decline (those of agents none
     * of whose placements could be carried out), and the slots taken from the queue without a task, with why they
     * wait now (a secret that cannot be read; otherwise {@link PendingSlots#NO_OFFER}).
     */
    record Carried(Set<Slot> launched, List<Offer> unused, Map<Slot, String> notLaunched) {}

    /**
     * The store refused the records of a share's tasks, so none was launched: their offers, and those the share found
     * no use for, are to be declined (an offer neither used nor declined stays outstanding: Mesos' master flag
     * {@code --offer_timeout} has no default, "If not set, offers do not timeout", src/master/flags.cpp), and the
     * slots wait again.
     */
    static final class NotRecorded extends RuntimeException {
        private final transient List<Offer> offers;

        NotRecorded(int tasks, List<Offer> offers, RuntimeException cause) {
            super("the records of " + tasks + " tasks could not be stored, so they were not launched and their "
                    + offers.size() + " offers are declined: " + cause.getMessage(), cause);
            this.offers = List.copyOf(offers);
        }

        List<Offer> offers() {
            return offers;
        }
    }

    /**
     * Carries out up to {@link #CHUNK} queued tasks (fewer when making them took {@link #STEP_NANOS}), agent by
     * agent: those {@code wanted} still (a slot still waiting for its task, with the same plan); secrets resolved,
     * records committed, then the ACCEPTs, sent one after the other on the call connection, not waiting for their
     * answers (later calls, such as a KILL, follow them there).
     *
     * @throws NotRecorded when the store refuses the tasks' records: nothing is launched
     * @param hurry while it says so, the step stops after its first {@link #AT_LEAST} tasks (whole agents): an
     *              operator waits for the step to end (an apply is answered with the snapshot after its step), and
     *              launching goes on in the next one
     */
    Carried launchQueued(Predicate<OfferMatcher.Launch> wanted, TaskTable tasks, ToLongFunction<String> projectVersion,
                         BooleanSupplier hurry) {
        if (acknowledgementsBacklogged.getAsBoolean()) { // the answer that ends the backlog wakes the loop
            return new Carried(Set.of(), List.of(), Map.of());
        }
        if (tooManyUnanswered()) {
            waitingForAnswers = true;
            if (tooManyUnanswered()) { // an answer that came before the flag was set did not wake anyone
                return new Carried(Set.of(), List.of(), Map.of());
            }
            waitingForAnswers = false;
        }
        Share share = new Share(wanted, projectVersion, clock.instant());
        long deadline = System.nanoTime() + STEP_NANOS;
        for (Iterator<Map.Entry<String, List<OfferMatcher.Launch>>> it = queue.entrySet().iterator();
             it.hasNext() && share.taken < CHUNK
                     && (share.taken < AT_LEAST || System.nanoTime() < deadline && !hurry.getAsBoolean())
                     && inFlight.size() + share.opsByAgent.size() < IN_FLIGHT; ) {
            Map.Entry<String, List<OfferMatcher.Launch>> entry = it.next();
            it.remove();
            share.add(entry.getKey(), entry.getValue());
        }
        return share.carryOut(tasks);
    }

    /**
     * The tasks of one step's share of the queue, made agent by agent, then carried out together. Apart from
     * {@link #launchQueued}'s loop so that each loop is a method of its own: the JIT compiles a method with a hot loop
     * twice (on the stack, then whole), and had compiled the loop with all of this inlined both times.
     */
    private final class Share {
        private final Predicate<OfferMatcher.Launch> wanted;
        private final ToLongFunction<String> projectVersion;
        private final Instant now;
        private final List<Offer> unused = new ArrayList<>();
        private final Map<Slot, String> notLaunched = new HashMap<>();
        private final List<TaskRecord> records = new ArrayList<>();
        private final Map<String, List<Offer.Operation>> opsByAgent = new LinkedHashMap<>();
        private final Map<String, List<Offer>> offersByAgent = new HashMap<>();
        private int taken;

        Share(Predicate<OfferMatcher.Launch> wanted, ToLongFunction<String> projectVersion, Instant now) {
            this.wanted = wanted;
            this.projectVersion = projectVersion;
            this.now = now;
        }

        /** Makes the tasks of one agent's placements still wanted; its offers are unused when none is. */
        void add(String agent, List<OfferMatcher.Launch> launches) {
            Set<Offer> offers = Collections.newSetFromMap(new IdentityHashMap<>());
            List<Offer> inOrder = new ArrayList<>();
            List<Offer.Operation> ops = new ArrayList<>();
            for (OfferMatcher.Launch l : launches) {
                queuedSlots.remove(l.slot());
                l.offers().stream().filter(offers::add).forEach(inOrder::add);
                if (!wanted.test(l)) {
                    notLaunched.put(l.slot(), PendingSlots.NO_OFFER);
                    continue;
                }
                Optional<TaskInfo> info = instantiate(l, notLaunched);
                if (info.isEmpty()) {
                    continue;
                }
                records.add(record(l, info.get().getTaskId(), projectVersion.applyAsLong(l.slot().project()), now));
                ops.add(Offer.Operation.newBuilder().setType(Offer.Operation.Type.LAUNCH)
                        .setLaunch(Offer.Operation.Launch.newBuilder().addTaskInfos(info.get())).build());
            }
            if (ops.isEmpty()) {
                unused.addAll(inOrder);
                return;
            }
            taken += ops.size();
            opsByAgent.put(agent, ops);
            offersByAgent.put(agent, inOrder);
        }

        /** Commits the records, then sends the ACCEPTs. */
        Carried carryOut(TaskTable tasks) {
            Set<Slot> launched = new HashSet<>();
            if (records.isEmpty()) {
                return new Carried(launched, unused, notLaunched);
            }
            try {
                store.commit(records.stream().<StateChange>map(StateChange.PutTask::new).toList());
            } catch (RuntimeException e) {
                offersByAgent.values().forEach(unused::addAll);
                throw new NotRecorded(records.size(), unused, e);
            }
            for (TaskRecord r : records) {
                tasks.put(r);
                launched.add(Slot.of(r));
                if (LOG.isDebugEnabled()) { // not made per task when not logged: the array, the boxed replica
                    LOG.debug("launching {}/{}#{} as {} on {}", r.project(), r.service(), r.replica(), r.taskId(),
                            r.hostname().orElse("?"));
                }
                events.accept(new SchedulerEvent.TaskStateChanged(r));
            }
            metrics.tasksLaunched(records.size());
            accept(opsByAgent, offersByAgent);
            return new Carried(launched, unused, notLaunched);
        }
    }

    /** The TaskInfo with the secrets resolved now; empty (and the reason kept) when a secret cannot be read. */
    private Optional<TaskInfo> instantiate(OfferMatcher.Launch l, Map<Slot, String> reasons) {
        Map<String, String> values;
        try {
            values = secrets.resolve(l.slot().project(), l.slot().service(), l.plan().secretEnv());
        } catch (SecretUnavailableException e) {
            reasons.put(l.slot(), e.getMessage());
            LOG.warn("{} not launched: {}", l.slot(), e.getMessage());
            return Optional.empty();
        }
        TaskID id = TaskFactory.newTaskId(l.slot().project(), l.slot().service());
        return Optional.of(TaskFactory.instantiate(l.plan(), id, l.offer().getAgentId(), l.resources(), l.hostPorts(),
                values));
    }

    private static TaskRecord record(OfferMatcher.Launch l, TaskID id, long version, Instant now) {
        return new TaskRecord(id.getValue(), l.slot().project(), l.slot().service(), l.slot().replica(), version,
                l.plan().fingerprint(), Optional.of(l.offer().getAgentId().getValue()),
                Optional.of(l.offer().getHostname()), "TASK_STAGING", TaskRecord.Desired.RUN, l.hostPorts(),
                Optional.empty(), Optional.empty(), Optional.empty(), l.attempt(), now, now,
                List.of(new TaskRecord.Transition("TASK_STAGING", now, Optional.empty())));
    }

    /**
     * One ACCEPT per agent, queued in this order on the call connection without waiting for the answers (a later
     * KILL still reaches the master after them); at most about {@link #IN_FLIGHT} unanswered (see there). A failed
     * ACCEPT leaves its records STAGING: reconciliation on the next SUBSCRIBED says whether the tasks exist.
     */
    private void accept(Map<String, List<Offer.Operation>> opsByAgent, Map<String, List<Offer>> offersByAgent) {
        opsByAgent.forEach((agent, ops) -> inFlight.add(calls.acceptAsync(
                offersByAgent.get(agent).stream().map(Offer::getId).toList(), ops, ACCEPT_FILTERS)
                .whenComplete((ok, e) -> {
                    if (e != null) {
                        LOG.warn("ACCEPT on agent {} failed: {}", agent, Failures.unwrapped(e).getMessage());
                    }
                    if (waitingForAnswers) {
                        waitingForAnswers = false;
                        wake.run();
                    }
                })));
    }

    @Override
    public void close() {
        inFlight.clear();
    }
}
