package io.mesoscompose.mesos;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Waits between reconnection attempts: doubling from {@code min} up to {@code max}, each wait drawn between half
 * and all of that ("equal jitter"), so many schedulers cut off by the same master do not return in lock-step.
 * Not thread-safe; one per connection loop.
 */
final class Backoff {

    private final Duration min;
    private final Duration max;
    private final RandomGenerator random;
    private int failures;

    Backoff(Duration min, Duration max, RandomGenerator random) {
        if (min.isNegative() || min.isZero() || max.compareTo(min) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < min <= max, got " + min + " and " + max);
        }
        this.min = min;
        this.max = max;
        this.random = random;
    }

    /** The wait before the next attempt; each call counts one more failure. */
    Duration next() {
        long ceiling = min.toMillis() << Math.min(failures, 20);
        ceiling = Math.min(ceiling, max.toMillis());
        failures++;
        long half = ceiling / 2;
        return Duration.ofMillis(half + random.nextLong(ceiling - half + 1));
    }

    /** A connection worked: the next failure waits {@code min} again. */
    void reset() {
        failures = 0;
    }
}
