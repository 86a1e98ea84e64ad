package io.mesoscompose.scheduler;

import static io.mesoscompose.scheduler.Fixtures.offer;
import static io.mesoscompose.scheduler.Fixtures.service;
import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.plan.ServicePlan;
import io.mesoscompose.secrets.SecretResolver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import org.apache.mesos.v1.Protos.Offer;
import org.junit.jupiter.api.Test;

/**
 * How much of the queued placements one loop step carries out: a step must not hold the loop (and every operator's
 * request waiting behind it) for long, however slow making the tasks is.
 */
class LauncherTest {

    private final RecordingCalls calls = new RecordingCalls();
    private final TaskTable tasks = new TaskTable();

    private Launcher launcher(SecretResolver secrets) {
        return new Launcher(new MemoryStore(), calls, secrets, Clock.systemUTC(),
                new SchedulerMetrics(new SimpleMeterRegistry()), e -> { });
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
        return launcher.launchQueued(l -> true, tasks, project -> 1);
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
        assertThat(first.launched()).hasSizeGreaterThanOrEqualTo(100).hasSizeLessThan(400);
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
