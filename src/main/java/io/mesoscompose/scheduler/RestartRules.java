package io.mesoscompose.scheduler;

import io.mesoscompose.compose.model.RestartPolicy;
import io.mesoscompose.plan.ServicePlan;
import io.mesoscompose.state.TaskRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What a replica slot needs next, from its plan and its latest task. Pure: the clock is a parameter.
 *
 * <p>A slot relaunches without waiting only when nothing went wrong: it is empty, or its task was replaced by a new
 * version or stopped on purpose. Every other terminal state — failed, finished, killed, and also lost, dropped, gone
 * or unknown — goes through the restart policy, its limit ({@code max_attempts}) and the exponential back-off.
 */
public final class RestartRules {

    private RestartRules() {}

    sealed interface Next {
        /** A task occupies the slot (running, launching, or unreachable and maybe coming back). */
        record Occupied(TaskRecord task) implements Next {}

        /** Launch when {@code notBefore} has come, as attempt {@code attempt}. */
        record Launch(Instant notBefore, int attempt) implements Next {}

        /** Nothing more to do: a job that finished, or a policy that says no more restarts. */
        record Done(String why) implements Next {}
    }

    /**
     * What a task lost with its agent (TASK_LOST, TASK_GONE, TASK_GONE_BY_OPERATOR, TASK_UNKNOWN) means for its slot:
     * the Go project's {@code TASK_LOST_REMOVE_TASK}.
     */
    public enum LostTasks {
        /**
         * {@code true}, the default: the task is forgotten and the replica launched anew, whatever the restart
         * policy, without counting against {@code max_attempts} (the agent failed, not the service); it still waits
         * the first back-off step, so a cluster losing agents in a row does not make a launch storm.
         */
        REPLACED,
        /** {@code false}: like any other end, under the restart policy, its limit and its growing back-off. */
        RESTART_POLICY
    }

    static Next next(ServicePlan plan, Optional<TaskRecord> latest, Backoff backoff) {
        return next(plan, latest, backoff, LostTasks.RESTART_POLICY);
    }

    static Next next(ServicePlan plan, Optional<TaskRecord> latest, Backoff backoff, LostTasks lostTasks) {
        if (latest.isEmpty()) {
            return new Next.Launch(Instant.EPOCH, 0);
        }
        TaskRecord t = latest.get();
        if (!TaskStates.terminal(t.state())) {
            return new Next.Occupied(t);
        }
        // Replaced by a new version, or stopped on purpose (restart, rolling update): start fresh, no back-off.
        if (!t.fingerprint().equals(plan.fingerprint()) || t.desired() == TaskRecord.Desired.KILL) {
            return new Next.Launch(Instant.EPOCH, 0);
        }
        if (lostTasks == LostTasks.REPLACED && TaskStates.agentLost(t.state())) {
            return new Next.Launch(t.updatedAt().plus(backoff.delay(plan.restart().delay(), 0)), t.attempt());
        }
        // Every other end counts as an attempt and waits its back-off, whoever is to blame: a task the master drops or
        // an agent refuses (an unknown user, a fetch that cannot work) ends the same way at every launch, so an
        // immediate, uncounted relaunch would loop for ever.
        boolean success = TaskStates.succeeded(t.state(), t.exitCode());
        if (plan.lifecycle() == ServicePlan.Lifecycle.JOB && success) {
            return new Next.Done("completed");
        }
        RestartPolicy policy = plan.restart();
        boolean again = switch (policy.condition()) {
            case NO -> false;
            case ALWAYS, UNLESS_STOPPED -> true;
            case ON_FAILURE -> !success;
        };
        if (!again) {
            return new Next.Done(success ? "exited" : "failed, restart policy " + policy.condition().name().toLowerCase());
        }
        int attempt = t.attempt() + 1;
        if (policy.maxAttempts().isPresent() && attempt > policy.maxAttempts().getAsInt()) {
            return new Next.Done("gave up after " + policy.maxAttempts().getAsInt() + " restarts");
        }
        Duration wait = backoff.delay(policy.delay(), t.attempt());
        return new Next.Launch(t.updatedAt().plus(wait), attempt);
    }

    /** Exponential back-off: first delay (the policy's, or the default) doubled per attempt, capped. */
    public record Backoff(Duration initial, Duration cap) {
        static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(5));

        Duration delay(Optional<Duration> first, int attempt) {
            Duration base = first.orElse(initial);
            if (base.isZero() || base.isNegative()) {
                return Duration.ZERO;
            }
            int shift = Math.min(attempt, 30);
            long millis = base.toMillis() << shift;
            return millis <= 0 || millis > cap.toMillis() ? cap : Duration.ofMillis(millis);
        }
    }
}
