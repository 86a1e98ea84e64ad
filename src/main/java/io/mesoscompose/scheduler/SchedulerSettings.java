package io.mesoscompose.scheduler;

import java.time.Duration;

/**
 * Tuning of the loop.
 *
 * @param refuseSeconds      refuse filter on declined offers, so the master does not offer them back at once
 * @param reconcileTimeout   how long launches wait after SUBSCRIBED for the explicit reconciliation answers
 * @param tick               how often timers (back-off, update delay, reconciliation timeout) are checked
 */
public record SchedulerSettings(double refuseSeconds, Duration reconcileTimeout, Duration tick, RestartRules.Backoff backoff) {
    public static final SchedulerSettings DEFAULT =
            new SchedulerSettings(5, Duration.ofSeconds(30), Duration.ofSeconds(1), RestartRules.Backoff.DEFAULT);
}
