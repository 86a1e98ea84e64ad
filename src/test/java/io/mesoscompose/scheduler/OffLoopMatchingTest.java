package io.mesoscompose.scheduler;

import static io.mesoscompose.scheduler.Fixtures.offer;
import static io.mesoscompose.scheduler.Fixtures.service;
import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.mesos.MesosEvent;
import io.mesoscompose.state.StateChange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.junit.jupiter.api.Test;

/**
 * A matching of many replicas runs off the scheduler loop, so the loop goes on answering operators meanwhile; its
 * result is taken for what has not changed since (offers rescinded, the connection lost).
 */
class OffLoopMatchingTest {

    private static final int REPLICAS = SchedulerCore.MATCH_OFF_LOOP_FROM + 1_000;
    private static final int AGENTS = REPLICAS / 10;

    /** Holds the matchings given to it until the test lets them run. */
    private static final class HeldMatcher extends AbstractExecutorService {
        final List<Runnable> held = new CopyOnWriteArrayList<>();
        private volatile boolean shutdown;

        @Override
        public void execute(Runnable command) {
            held.add(command);
        }

        void release() {
            List<Runnable> now = new ArrayList<>(held);
            held.clear();
            now.forEach(Runnable::run);
        }

        @Override public void shutdown() { shutdown = true; }
        @Override public List<Runnable> shutdownNow() { shutdown = true; return List.of(); }
        @Override public boolean isShutdown() { return shutdown; }
        @Override public boolean isTerminated() { return shutdown; }
        @Override public boolean awaitTermination(long timeout, TimeUnit unit) { return true; }
    }

    private final HeldMatcher matcher = new HeldMatcher();

    private static Offer[] agents() {
        return agentsFor(REPLICAS);
    }

    private static void await(BooleanSupplier condition, SchedulerHarness h) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 20 s").isLessThan(deadline);
            h.sync();
        }
    }

    @Test
    void operatorsAreAnsweredWhileALargeMatchingRunsAndItsPlacementsAreCarriedOutAfter() {
        try (SchedulerHarness h = new SchedulerHarness(matcher)) {
            h.subscribe();
            h.apply(service("web", "api", REPLICAS, 0.01, 8));
            h.offers(agents());
            assertThat(matcher.held).hasSize(1);

            h.apply(service("other", "db", 1, 0.01, 8)); // answered while the matching has not even run
            assertThat(h.scheduler.snapshot().projects()).containsKey("other");
            assertThat(h.calls.launched()).isEmpty();

            matcher.release();
            await(() -> h.calls.launched().size() == REPLICAS, h);
            // spread: ten replicas per agent, one ACCEPT each
            assertThat(h.calls.made).filteredOn(m -> m instanceof RecordingCalls.Accept).hasSize(AGENTS);
        }
    }

    /**
     * A step an operator waits for queues none of a matching's placements (SchedulerCore.placeShare's hurry): the
     * operator is answered first, and the launches go on in the next steps. The loop is held in a step's commit while
     * the matching's result and an operator's apply arrive, so both are taken in the one step after it.
     */
    @Test
    void theStepAnOperatorWaitsForQueuesNoneOfAMatchingsPlacements() throws Exception {
        try (SchedulerHarness h = new SchedulerHarness(matcher)) {
            String small = h.launchOne(service("small", "db", 1, 0.01, 8), offer("s1", 1, 1024));
            h.apply(service("web", "api", REPLICAS, 0.01, 8));
            h.offers(agents());
            assertThat(matcher.held).hasSize(1);
            CountDownLatch inCommit = new CountDownLatch(1);
            CountDownLatch goOn = new CountDownLatch(1);
            h.store.beforeCommit = changes -> {
                if (changes.stream().anyMatch(c -> c instanceof StateChange.PutTask p && p.task().taskId().equals(small)
                        && p.task().healthy().isPresent())) { // a change of health is written with its step
                    inCommit.countDown();
                    await(goOn);
                }
            };
            h.scheduler.accept(new MesosEvent.Update(org.apache.mesos.v1.Protos.TaskStatus.newBuilder()
                    .setTaskId(org.apache.mesos.v1.Protos.TaskID.newBuilder().setValue(small))
                    .setState(org.apache.mesos.v1.Protos.TaskState.TASK_RUNNING).setHealthy(true)
                    .setUuid(com.google.protobuf.ByteString.copyFromUtf8("u")).build()));
            await(inCommit); // the first update is written at once: the loop is held in that step

            matcher.release(); // its result waits for the next step
            var answered = h.applyAsync(service("other", "db", 1, 0.01, 8)); // and so does the operator
            goOn.countDown();
            answered.get(10, TimeUnit.SECONDS);

            assertThat(h.calls.launched()).as("launched before the operator was answered")
                    .noneMatch(t -> t.getName().equals("mc:web:api"));
            await(() -> h.calls.launched().stream().filter(t -> t.getName().equals("mc:web:api")).count() == REPLICAS,
                    h);
        }
    }

    @Test
    void placementsOnAnOfferRescindedDuringTheMatchingAreDroppedAndTheirReplicasWaitAgain() {
        try (SchedulerHarness h = new SchedulerHarness(matcher)) {
            h.subscribe();
            h.apply(service("web", "api", REPLICAS, 0.01, 8));
            Offer[] offers = agents();
            h.offers(offers);
            h.send(new MesosEvent.Rescind(offers[0].getId()));

            matcher.release();
            await(() -> h.calls.launched().size() == REPLICAS - 10, h);
            h.sync();
            assertThat(h.calls.launched()).extracting(TaskInfo::getAgentId)
                    .doesNotContain(offers[0].getAgentId());
            assertThat(h.scheduler.snapshot().pending()).hasSize(10);
        }
    }

    @Test
    void aMatchingOfOffersOfALostConnectionLaunchesNothing() {
        try (SchedulerHarness h = new SchedulerHarness(matcher)) {
            h.subscribe();
            h.apply(service("web", "api", REPLICAS, 0.01, 8));
            h.offers(agents());
            h.send(new MesosEvent.Disconnected("master failed over"));

            matcher.release();
            h.sync();
            h.sync();
            assertThat(h.calls.launched()).isEmpty();
            assertThat(h.calls.made).noneMatch(m -> m instanceof RecordingCalls.Decline);
            assertThat(h.scheduler.snapshot().pending()).hasSize(REPLICAS);
        }
    }

    private static final int MORE_THAN_A_SHARE = SchedulerCore.PLACE_PER_STEP + 2_000;
    private static final int THREE_SHARES = 2 * SchedulerCore.PLACE_PER_STEP + 2_000;

    /** Ten replicas' room per agent. */
    private static Offer[] agentsFor(int replicas) {
        Offer[] offers = new Offer[replicas / 10];
        for (int a = 0; a < offers.length; a++) {
            offers[a] = offer("agent-" + a, 1, 1024);
        }
        return offers;
    }

    /**
     * Holds the loop in the step that queued a matching's first share, at its first launch, until the returned latch
     * is counted down: the matching's later shares are not queued yet meanwhile.
     */
    private CountDownLatch releaseTheMatchingAndHoldAfterItsFirstShare(SchedulerHarness h) {
        CountDownLatch held = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        h.store.beforeCommit = changes -> {
            if (changes.stream().anyMatch(c -> c instanceof StateChange.PutTask)) {
                h.store.beforeCommit = c -> { };
                held.countDown();
                await(release);
            }
        };
        matcher.release();
        await(held);
        return release;
    }

    @Test
    void aMatchingOfMorePlacementsThanAStepQueuesThemAShareAStepAndDropsThoseOnAnOfferRescindedMeanwhile() {
        Offer[] offers = agentsFor(MORE_THAN_A_SHARE);
        Offer last = offers[offers.length - 1];
        try (SchedulerHarness h = new SchedulerHarness(matcher)) {
            h.subscribe();
            h.apply(service("web", "api", MORE_THAN_A_SHARE, 0.01, 8));
            h.offers(offers);
            // The last agent's placements are in the second share: not queued yet when its offer is rescinded.
            CountDownLatch release = releaseTheMatchingAndHoldAfterItsFirstShare(h);
            h.scheduler.accept(new MesosEvent.Rescind(last.getId()));
            release.countDown();

            await(() -> h.calls.launched().size() == MORE_THAN_A_SHARE - 10, h);
            h.sync();
            assertThat(h.calls.launched()).extracting(TaskInfo::getAgentId).doesNotContain(last.getAgentId());
            assertThat(h.calls.made).filteredOn(m -> m instanceof RecordingCalls.Accept).hasSize(offers.length - 1);
            assertThat(h.calls.made).as("the rescinded offer is not declined")
                    .noneMatch(m -> m instanceof RecordingCalls.Decline);
            assertThat(h.scheduler.snapshot().pending()).hasSize(10);
        }
    }

    @Test
    void replicasWhosePlacementsWaitForTheirShareAreNotRevivedFor() {
        try (SchedulerHarness h = new SchedulerHarness(matcher)) {
            h.subscribe();
            h.apply(service("web", "api", THREE_SHARES, 0.01, 8));
            h.offers(agentsFor(THREE_SHARES));
            CountDownLatch release = releaseTheMatchingAndHoldAfterItsFirstShare(h);
            long revives = h.calls.made.stream().filter(m -> m instanceof RecordingCalls.Revive).count();
            // Past the revive interval, replicas waiting for offers are revived for; in the next step, after the
            // second share, the third's are still to be queued.
            h.clock.advance(Duration.ofMinutes(1));
            release.countDown();

            await(() -> h.calls.launched().size() == THREE_SHARES, h);
            assertThat(h.calls.made.stream().filter(m -> m instanceof RecordingCalls.Revive).count()).isEqualTo(revives);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(20, TimeUnit.SECONDS)).as("waited 20 s").isTrue();
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
