package io.mesoscompose.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.compose.model.RestartPolicy;
import io.mesoscompose.plan.ServicePlan;
import io.mesoscompose.state.TaskRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import org.apache.mesos.v1.Protos.TaskState;
import org.junit.jupiter.api.Test;

/** The Go project's HOST_CONSTRAINT_LIST, HEARTBEAT_INTERVAL and TASK_LOST_REMOVE_TASK, as the loop honours them. */
class GoSchedulingSettingsTest {

    static SchedulerSettings settings(Duration revive, Set<String> hosts, RestartRules.LostTasks lost) {
        return new SchedulerSettings(5, Duration.ofSeconds(30), Duration.ofHours(1), RestartRules.Backoff.DEFAULT,
                revive, hosts, lost, Duration.ofNanos(UpdateBatch.GATHER_NANOS), false);
    }

    @Test
    void offersOfHostsOutsideTheHostConstraintListAreDeclinedForADayAndNeverUsed() {
        try (SchedulerHarness h = new SchedulerHarness(settings(Duration.ofSeconds(15), Set.of("a1.example"),
                RestartRules.LostTasks.REPLACED))) {
            h.subscribe();
            h.apply(Fixtures.service("shop", "web", 1, 0.1, 32));
            h.offers(Fixtures.offer("a2", 4, 4096));
            assertThat(h.calls.launched()).isEmpty();
            assertThat(h.calls.of(RecordingCalls.Decline.class)).last()
                    .satisfies(d -> assertThat(d.refuseSeconds()).isEqualTo(86_400));
            h.offers(Fixtures.offer("a1", 4, 4096));
            assertThat(h.calls.launched()).hasSize(1);
            assertThat(h.live()).singleElement().satisfies(t -> assertThat(t.agentId()).hasValue("a1"));
        }
    }

    @Test
    void whileReplicasWaitOffersAreRevivedEveryHeartbeatIntervalAndNotMoreOften() {
        try (SchedulerHarness h = new SchedulerHarness(settings(Duration.ofSeconds(15), Set.of(),
                RestartRules.LostTasks.REPLACED))) {
            h.subscribe();
            h.apply(Fixtures.service("shop", "web", 1, 64, 32)); // no offer will ever fit
            int first = h.calls.of(RecordingCalls.Revive.class).size();
            assertThat(first).isPositive();
            h.clock.advance(Duration.ofSeconds(10));
            h.sync();
            assertThat(h.calls.of(RecordingCalls.Revive.class)).hasSize(first);
            h.clock.advance(Duration.ofSeconds(5));
            h.sync();
            assertThat(h.calls.of(RecordingCalls.Revive.class)).hasSize(first + 1);
        }
    }

    // TASK_LOST_REMOVE_TASK=true (the Go default) forgets a lost task; our slot is launched anew, not counted.
    @Test
    void aTaskLostWithItsAgentIsReplacedUncountedOrCountedUnderTheRestartPolicy() {
        Instant lostAt = Instant.parse("2026-01-01T00:00:00Z");
        ServicePlan plan = Fixtures.plan("shop", "web", 1, ServicePlan.Lifecycle.SERVICE,
                new RestartPolicy(RestartPolicy.Condition.ON_FAILURE, OptionalInt.of(2), Optional.empty(),
                        Optional.empty()), 0.1, 32, List.of(), List.of(), List.of(), "fp");
        TaskRecord lost = Fixtures.task("t", 0, plan.fingerprint(), TaskState.TASK_GONE.name(),
                TaskRecord.Desired.RUN, 2, lostAt);
        assertThat(RestartRules.next(plan, Optional.of(lost), RestartRules.Backoff.DEFAULT,
                RestartRules.LostTasks.REPLACED))
                .isEqualTo(new RestartRules.Next.Launch(lostAt.plusSeconds(1), 2));
        assertThat(RestartRules.next(plan, Optional.of(lost), RestartRules.Backoff.DEFAULT,
                RestartRules.LostTasks.RESTART_POLICY))
                .isEqualTo(new RestartRules.Next.Done("gave up after 2 restarts"));
        TaskRecord failed = Fixtures.task("t", 0, plan.fingerprint(), TaskState.TASK_FAILED.name(),
                TaskRecord.Desired.RUN, 2, lostAt);
        assertThat(RestartRules.next(plan, Optional.of(failed), RestartRules.Backoff.DEFAULT,
                RestartRules.LostTasks.REPLACED)).as("a failure is the service's own")
                .isEqualTo(new RestartRules.Next.Done("gave up after 2 restarts"));
    }
}
