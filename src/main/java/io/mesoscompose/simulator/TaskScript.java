package io.mesoscompose.simulator;

import java.time.Duration;

/** What a simulated task does once launched. Chosen per task by {@link SimulatorConfig#scriptFor}. */
public sealed interface TaskScript {

    /** STARTING, RUNNING, then runs until killed or its agent goes away. */
    record RunForever() implements TaskScript {}

    /** STARTING, RUNNING, then after {@code runFor} ends: FINISHED for exit code 0, FAILED otherwise. */
    record ExitAfter(Duration runFor, int exitCode) implements TaskScript {}

    /** STARTING, then FAILED with this message (e.g. the image could not be pulled). */
    record FailToStart(String message) implements TaskScript {}

    /** STARTING, RUNNING, then one RUNNING update per health check result, {@code interval} apart; runs on. */
    record HealthChecks(java.util.List<Boolean> results, Duration interval) implements TaskScript {
        public HealthChecks {
            results = java.util.List.copyOf(results);
        }
    }

    static TaskScript runForever() {
        return new RunForever();
    }

    static TaskScript exitAfter(Duration runFor, int exitCode) {
        return new ExitAfter(runFor, exitCode);
    }

    static TaskScript healthChecks(Duration interval, Boolean... results) {
        return new HealthChecks(java.util.List.of(results), interval);
    }

    static TaskScript failToStart(String message) {
        return new FailToStart(message);
    }
}
