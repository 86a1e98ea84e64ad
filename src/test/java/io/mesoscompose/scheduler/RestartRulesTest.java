package io.mesoscompose.scheduler;

import static io.mesoscompose.scheduler.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.compose.model.RestartPolicy;
import io.mesoscompose.plan.ServicePlan;
import io.mesoscompose.state.TaskRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.apache.mesos.v1.Protos.TaskState;
import org.junit.jupiter.api.Test;

class RestartRulesTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private static final RestartRules.Backoff BACKOFF = new RestartRules.Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60));

    private static ServicePlan svc(ServicePlan.Lifecycle lifecycle, RestartPolicy policy) {
        return plan("web", "api", 1, lifecycle, policy, 1, 64, List.of(), List.of(), List.of(), "fp");
    }

    private static RestartRules.Next next(ServicePlan plan, String state, TaskRecord.Desired desired, int attempt) {
        return RestartRules.next(plan, Optional.of(task("t", 0, "fp", state, desired, attempt, T)), BACKOFF);
    }

    @Test
    void emptySlotLaunchesAtOnceAndLiveTaskOccupies() {
        ServicePlan s = svc(ServicePlan.Lifecycle.SERVICE, RestartPolicy.of(RestartPolicy.Condition.ALWAYS));
        assertThat(RestartRules.next(s, Optional.empty(), BACKOFF)).isEqualTo(new RestartRules.Next.Launch(Instant.EPOCH, 0));
        assertThat(next(s, "TASK_UNREACHABLE", TaskRecord.Desired.RUN, 0)).isInstanceOf(RestartRules.Next.Occupied.class);
        assertThat(next(s, "TASK_STAGING", TaskRecord.Desired.RUN, 0)).isInstanceOf(RestartRules.Next.Occupied.class);
    }

    @Test
    void failedServiceBacksOffExponentially() {
        ServicePlan s = svc(ServicePlan.Lifecycle.SERVICE, RestartPolicy.of(RestartPolicy.Condition.ALWAYS));
        assertThat(next(s, "TASK_FAILED", TaskRecord.Desired.RUN, 0)).isEqualTo(new RestartRules.Next.Launch(T.plusSeconds(1), 1));
        assertThat(next(s, "TASK_FAILED", TaskRecord.Desired.RUN, 3)).isEqualTo(new RestartRules.Next.Launch(T.plusSeconds(8), 4));
        assertThat(next(s, "TASK_FAILED", TaskRecord.Desired.RUN, 20)).isEqualTo(new RestartRules.Next.Launch(T.plusSeconds(60), 21));
    }

    @Test
    void killedOnPurposeRelaunchesWithoutBackoff() {
        ServicePlan s = svc(ServicePlan.Lifecycle.SERVICE, RestartPolicy.of(RestartPolicy.Condition.ALWAYS));
        assertThat(next(s, "TASK_KILLED", TaskRecord.Desired.KILL, 4)).isEqualTo(new RestartRules.Next.Launch(Instant.EPOCH, 0));
    }

    // A master drops every task of an ACCEPT it finds invalid (Mesos master.cpp, TASK_DROPPED with
    // REASON_INVALID_OFFERS), an agent drops a task whose CommandInfo.user it does not have: the same task ends the
    // same way at every launch, so dropped, lost, gone and unknown tasks wait and count like failed ones.
    @Test
    void droppedLostGoneAndUnknownTasksWaitTheirBackOffAndCountAsAttempts() {
        ServicePlan s = svc(ServicePlan.Lifecycle.SERVICE, RestartPolicy.of(RestartPolicy.Condition.ALWAYS));
        for (String state : List.of("TASK_DROPPED", "TASK_LOST", "TASK_GONE", "TASK_GONE_BY_OPERATOR", "TASK_UNKNOWN",
                "TASK_ERROR")) {
            assertThat(next(s, state, TaskRecord.Desired.RUN, 2)).as(state)
                    .isEqualTo(new RestartRules.Next.Launch(T.plusSeconds(4), 3));
        }
        ServicePlan limited = svc(ServicePlan.Lifecycle.SERVICE,
                new RestartPolicy(RestartPolicy.Condition.ALWAYS, OptionalInt.of(3), Optional.empty(), Optional.empty()));
        assertThat(next(limited, "TASK_DROPPED", TaskRecord.Desired.RUN, 3)).isInstanceOf(RestartRules.Next.Done.class);
    }

    /** No terminal state of a task that was meant to run relaunches at once: a relaunch loop cannot spin. */
    @Property
    void noTerminalStateRelaunchesAtOnce(@ForAll TaskState state, @ForAll @IntRange(min = 0, max = 50) int attempt,
                                         @ForAll RestartPolicy.Condition condition) {
        if (!TaskStates.terminal(state.name())) {
            return;
        }
        ServicePlan s = svc(ServicePlan.Lifecycle.SERVICE,
                new RestartPolicy(condition, OptionalInt.of(10), Optional.empty(), Optional.empty()));
        RestartRules.Next n = next(s, state.name(), TaskRecord.Desired.RUN, attempt);
        if (n instanceof RestartRules.Next.Launch l) {
            assertThat(l.notBefore()).isAfter(T);
            assertThat(l.attempt()).isEqualTo(attempt + 1).isLessThanOrEqualTo(10);
        } else {
            assertThat(n).isInstanceOf(RestartRules.Next.Done.class);
        }
    }

    @Test
    void jobsFinishAndOnFailureHonoursMaxAttempts() {
        ServicePlan job = svc(ServicePlan.Lifecycle.JOB,
                new RestartPolicy(RestartPolicy.Condition.ON_FAILURE, OptionalInt.of(2), Optional.empty(), Optional.empty()));
        assertThat(next(job, "TASK_FINISHED", TaskRecord.Desired.RUN, 0)).isInstanceOf(RestartRules.Next.Done.class);
        assertThat(next(job, "TASK_FAILED", TaskRecord.Desired.RUN, 1)).isInstanceOf(RestartRules.Next.Launch.class);
        assertThat(next(job, "TASK_FAILED", TaskRecord.Desired.RUN, 2)).isInstanceOf(RestartRules.Next.Done.class);
        ServicePlan never = svc(ServicePlan.Lifecycle.SERVICE, RestartPolicy.of(RestartPolicy.Condition.NO));
        assertThat(next(never, "TASK_FAILED", TaskRecord.Desired.RUN, 0)).isInstanceOf(RestartRules.Next.Done.class);
    }

    /**
     * The loop as it ran before: every launch answered with TASK_DROPPED and offers arriving all the time. In a
     * simulated hour the slot is launched only as often as the back-off allows (1, 2, 4, … s, capped at 5 min).
     */
    @Test
    void aTaskDroppedAtEveryLaunchIsRelaunchedOnlyAsTheBackOffAllows() {
        try (var h = new SchedulerHarness()) {
            h.launchOne(service("web", "api", 1, 1, 128), offer("a1", 4, 1024));
            for (int second = 0; second < 3600; second++) {
                for (TaskRecord t : h.live()) {
                    h.status(t.taskId(), TaskState.TASK_DROPPED, "Task launched with invalid offers: ...");
                }
                h.offers(offer("a1", 4, 1024));
                h.clock.advance(Duration.ofSeconds(1));
            }
            // 1+2+4+...+256 s = 511 s for the first 9 relaunches, then one per 300 s: about 20 in the hour
            assertThat(h.calls.launched()).hasSizeBetween(15, 25);
            assertThat(h.tasks()).allSatisfy(t -> assertThat(t.attempt()).isLessThan(25));
        }
    }

    @Property
    void backoffNeverExceedsCapAndNeverShrinks(@ForAll @IntRange(min = 0, max = 200) int attempt) {
        Duration d = BACKOFF.delay(Optional.empty(), attempt);
        assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(60)).isPositive();
        assertThat(BACKOFF.delay(Optional.empty(), attempt + 1)).isGreaterThanOrEqualTo(d);
    }
}
