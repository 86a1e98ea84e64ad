package io.mesoscompose.scheduler;

import static io.mesoscompose.scheduler.Fixtures.offer;
import static io.mesoscompose.scheduler.Fixtures.service;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.mesoscompose.plan.ServicePlan;
import io.mesoscompose.secrets.SecretResolver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * How much of the queued placements one loop step carries out: a step must not hold the loop (and every operator's
 * request waiting behind it) for long, however slow making the tasks is.
 */
class LauncherTest {

    private final RecordingCalls calls = new RecordingCalls();
    private final TaskTable tasks = new TaskTable();

    private final AtomicInteger wakes = new AtomicInteger();

    private Launcher launcher(SecretResolver secrets) {
        return new Launcher(new MemoryStore(), calls, () -> false, secrets, Clock.systemUTC(),
                new SchedulerMetrics(new SimpleMeterRegistry()), e -> { }, wakes::incrementAndGet);
    }

    /** {@code replicas} of one service placed on {@code agents} agents (ten per agent, spread). */
    private static List<OfferMatcher.Launch> placements(int replicas, int agents) {
        ServicePlan plan = service("web", "api", replicas, 0.01, 8);
        List<Offer> offers = new ArrayList<>();
        for (int a = 0; a < agents; a++) {
            offers.add(offer("agent-" + a, 8, 16384));
        }
        List<OfferMatcher.Pending> pending = new ArrayList<>();
        for (int r = 0; r < replicas; r++) {
            pending.add(new OfferMatcher.Pending(new Slot("web", "api", r), plan, 0));
        }
        return OfferMatcher.match(offers, pending, Map.of()).launches();
    }

    private Launcher.Carried step(Launcher launcher) {
        return launcher.launchQueued(l -> true, tasks, project -> 1, () -> false);
    }

    /** A placement keeps of its offer only what carrying it out needs, not every resource of the agent. */
    @Test
    void aPlacementKeepsOnlyWhatCarryingItOutNeedsOfItsOffer() {
        Launcher launcher = launcher(SecretResolver.NONE);
        List<OfferMatcher.Launch> placed = placements(20, 2); // ten on each of two agents
        Offer whole = placed.get(0).offer();
        assertThat(whole.getResourcesCount()).isPositive();
        OfferMatcher.Result kept = Launcher.keptOffers(new OfferMatcher.Result(placed, List.of(), Map.of()));
        assertThat(kept.launches()).hasSize(20).allSatisfy(l -> {
            assertThat(l.offer().getResourcesCount()).isZero();
            assertThat(l.offers()).singleElement().isSameAs(l.offer()); // one object per offer, shared
        });
        assertThat(kept.launches()).extracting(OfferMatcher.Launch::slot)
                .containsExactlyElementsOf(placed.stream().map(OfferMatcher.Launch::slot).toList());
        launcher.enqueue(kept.launches());
        // Nothing is wanted any more: each agent's offer comes back once, to be declined.
        Launcher.Carried carried = launcher.launchQueued(l -> false, tasks, project -> 1, () -> false);
        assertThat(carried.unused()).hasSize(2).contains(Offer.newBuilder().setId(whole.getId())
                .setFrameworkId(whole.getFrameworkId()).setAgentId(whole.getAgentId())
                .setHostname(whole.getHostname()).build());
        assertThat(carried.unused()).allSatisfy(o -> assertThat(o.getResourcesCount()).isZero());
    }

    /**
     * A rescinded offer drops the placements that use it; the other offers of their agent that no queued placement
     * uses any more are handed back to be declined (without a timeout, an offer kept would hold its resources).
     */
    @Test
    void aRescindDropsThePlacementsOnTheOfferAndHandsBackTheirAgentsOtherOffers() {
        // One agent's two offers, 1.5 and 0.5 cpus; two replicas of 1 cpu: the first takes from the first offer, the
        // second from both.
        Offer first = offer("agent-0", 1.5, 4096);
        Offer second = offer("agent-0", 0.5, 4096);
        ServicePlan plan = service("web", "api", 2, 1, 8);
        List<OfferMatcher.Pending> pending = List.of(new OfferMatcher.Pending(new Slot("web", "api", 0), plan, 0),
                new OfferMatcher.Pending(new Slot("web", "api", 1), plan, 0));
        List<OfferMatcher.Launch> placed = OfferMatcher.match(List.of(first, second), pending, Map.of()).launches();
        assertThat(placed).extracting(l -> l.offers().stream().map(Offer::getId).collect(Collectors.toSet()))
                .containsExactly(Set.of(first.getId()), Set.of(first.getId(), second.getId()));

        Launcher both = launcher(SecretResolver.NONE);
        both.enqueue(placed);
        Launcher.Rescinded taken = both.rescinded(first.getId());
        assertThat(taken.dropped()).hasSize(2);
        assertThat(taken.unused()).as("no placement left uses the second offer").extracting(Offer::getId)
                .containsExactly(second.getId());
        assertThat(both.hasQueued()).isFalse();

        Launcher one = launcher(SecretResolver.NONE);
        one.enqueue(placed);
        taken = one.rescinded(second.getId());
        assertThat(taken.dropped()).containsExactly(new Slot("web", "api", 1));
        assertThat(taken.unused()).as("the first offer is still used").isEmpty();
    }

    /** An operator waits for the step's end: it carries out its first share of whole agents only, the rest follow. */
    @Test
    void aStepInAHurryCarriesOutOnlyItsFirstShareAndTheNextStepsTheRest() {
        Launcher launcher = launcher(SecretResolver.NONE);
        launcher.enqueue(placements(3_000, 300)); // warming up: a cold first step makes few tasks in its time
        while (launcher.hasQueued()) {
            step(launcher);
        }
        launcher.enqueue(placements(1_000, 100)); // ten per agent
        Launcher.Carried hurried = launcher.launchQueued(l -> true, tasks, project -> 1, () -> true);
        assertThat(hurried.launched()).hasSize(Launcher.AT_LEAST); // one whole agent
        int rest = 0;
        int largest = 0;
        while (launcher.hasQueued()) {
            int n = step(launcher).launched().size();
            rest += n;
            largest = Math.max(largest, n);
        }
        assertThat(rest).isEqualTo(1_000 - Launcher.AT_LEAST);
        // Not in a hurry, a step takes more (here, unless making ten tasks took a step's time).
        Assumptions.assumeTrue(largest > Launcher.AT_LEAST, "the machine made ten tasks in a step's time");
    }

    @Test
    void aStepWhoseTasksAreSlowToMakeStopsAfterItsTimeAndTheNextStepsCarryOutTheRest() {
        // Reading a task's secrets from Vault takes a millisecond: 400 tasks would hold the loop for 0.4 s.
        SecretResolver slowVault = (project, service, refs) -> {
            LockSupport.parkNanos(1_000_000);
            return Map.of();
        };
        Launcher launcher = launcher(slowVault);
        List<OfferMatcher.Launch> placed = placements(400, 40);
        assertThat(placed).hasSize(400);
        launcher.enqueue(placed);

        Launcher.Carried first = step(launcher);
        // At least its first share, in whole agents (ten replicas each), then no more agents once its time is spent.
        assertThat(first.launched()).hasSizeGreaterThanOrEqualTo(Launcher.AT_LEAST).hasSizeLessThan(400);
        assertThat(first.launched().size() % 10).isZero();
        assertThat(launcher.hasQueued()).isTrue();

        Set<Slot> launched = new HashSet<>(first.launched());
        int steps = 1;
        while (launcher.hasQueued()) {
            launched.addAll(step(launcher).launched());
            steps++;
        }
        assertThat(steps).isGreaterThan(1);
        assertThat(launched).hasSize(400);
        assertThat(calls.launched()).hasSize(400);
        assertThat(calls.made).filteredOn(m -> m instanceof RecordingCalls.Accept).hasSize(40);
    }

    @Test
    void withTooManyAcceptsUnansweredAStepCarriesOutNothingAndAnAnswerWakesTheLoop() {
        calls.holdAccepts = true; // a master that answers no ACCEPT until the test says
        Launcher launcher = launcher(SecretResolver.NONE);
        int agents = Launcher.CHUNK + 100; // more than a step carries out
        launcher.enqueue(placements(agents, agents)); // one replica per agent: one ACCEPT each

        int launched = 0;
        while (calls.heldAccepts.size() < Launcher.IN_FLIGHT) {
            launched += step(launcher).launched().size();
        }
        assertThat(launcher.hasQueued()).isTrue();
        assertThat(launcher.ready()).isFalse();
        assertThat(step(launcher).launched()).isEmpty(); // rather than the loop waiting for the master
        assertThat(wakes).hasValue(0);

        calls.heldAccepts.getFirst().complete(null);

        assertThat(wakes).hasValue(1);
        assertThat(launcher.ready()).isTrue();
        assertThat(step(launcher).launched()).isNotEmpty();
        assertThat(launched).isEqualTo(Launcher.IN_FLIGHT);
        assertThat(calls.heldAccepts).hasSize(Launcher.IN_FLIGHT + 1);
    }

    @Test
    void whileManyAcknowledgementsWaitAStepLaunchesNothingAndTheAnswerThatEndsTheBacklogWakesTheLoop() {
        calls.holdAcknowledgements = true;
        Acknowledgements acks = new Acknowledgements(calls, wakes::incrementAndGet);
        Launcher launcher = new Launcher(new MemoryStore(), calls, acks::backlogged, SecretResolver.NONE,
                Clock.systemUTC(), new SchedulerMetrics(new SimpleMeterRegistry()), e -> { }, wakes::incrementAndGet);
        launcher.enqueue(placements(100, 10));
        List<TaskStatus> updates = new ArrayList<>();
        for (int i = 0; i <= Acknowledgements.BACKLOG; i++) {
            updates.add(TaskStatus.newBuilder()
                    .setTaskId(TaskID.newBuilder().setValue("t" + i))
                    .setState(TaskState.TASK_STARTING)
                    .setUuid(ByteString.copyFromUtf8("u" + i)).build());
        }
        acks.send(updates);

        assertThat(launcher.ready()).isFalse();
        assertThat(step(launcher).launched()).isEmpty();
        assertThat(calls.launched()).isEmpty();
        assertThat(launcher.hasQueued()).isTrue();
        assertThat(wakes).hasValue(0);

        calls.answerAcknowledgements(Acknowledgements.BACKLOG + 1 - Acknowledgements.BACKLOG / 2, null);
        assertThat(wakes).as("woken once the backlog is down to half").hasValue(1);
        assertThat(launcher.ready()).isTrue();
        assertThat(step(launcher).launched()).hasSize(100);
        calls.answerAcknowledgements(Acknowledgements.BACKLOG / 2, null);
    }

    @Test
    void aStepCarriesOutAtMostAChunkOfTasks() {
        Launcher launcher = launcher(SecretResolver.NONE);
        launcher.enqueue(placements(1_500, 150));

        assertThat(step(launcher).launched()).hasSizeLessThanOrEqualTo(Launcher.CHUNK);
        while (launcher.hasQueued()) {
            step(launcher);
        }
        assertThat(calls.launched()).hasSize(1_500);
    }
}
