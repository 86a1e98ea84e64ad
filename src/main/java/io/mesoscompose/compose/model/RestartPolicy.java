package io.mesoscompose.compose.model;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code restart:} and {@code deploy.restart_policy}, merged (deploy wins, as in swarm).
 *
 * @param maxAttempts {@code on-failure:N} or {@code max_attempts}; empty means no limit
 * @param delay       the first back-off delay (the scheduler grows it exponentially, with a cap)
 * @param window      {@code restart_policy.window}
 */
public record RestartPolicy(Condition condition, OptionalInt maxAttempts, Optional<Duration> delay, Optional<Duration> window) {

    public enum Condition { NO, ALWAYS, ON_FAILURE, UNLESS_STOPPED }

    public static RestartPolicy of(Condition condition) {
        return new RestartPolicy(condition, OptionalInt.empty(), Optional.empty(), Optional.empty());
    }
}
