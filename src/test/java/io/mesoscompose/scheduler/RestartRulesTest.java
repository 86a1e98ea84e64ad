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
    void killedOnPurposeOrLostRelaunchesWithoutBackoff() {
        ServicePlan s = svc(ServicePlan.Lifecycle.SERVICE, RestartPolicy.of(RestartPolicy.Condition.ALWAYS));
        assertThat(next(s, "TASK_KILLED", TaskRecord.Desired.KILL, 4)).isEqualTo(new RestartRules.Next.Launch(Instant.EPOCH, 0));
        assertThat(next(s, "TASK_GONE", TaskRecord.Desired.RUN, 2)).isEqualTo(new RestartRules.Next.Launch(Instant.EPOCH, 2));
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

    @Property
    void backoffNeverExceedsCapAndNeverShrinks(@ForAll @IntRange(min = 0, max = 200) int attempt) {
        Duration d = BACKOFF.delay(Optional.empty(), attempt);
        assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(60)).isPositive();
        assertThat(BACKOFF.delay(Optional.empty(), attempt + 1)).isGreaterThanOrEqualTo(d);
    }
}
