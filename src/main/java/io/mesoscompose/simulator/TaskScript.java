package io.mesoscompose.simulator;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a simulated task does once its agent launched it. Chosen per task by {@link SimulatorConfig#scriptFor};
 * by default from the task's labels ({@link TaskScripts}). The default script is a healthy long-running service:
 * it runs until killed and passes its health check (if the TaskInfo has one) at every check.
 *
 * @param failToStart a message to fail with instead of running (e.g. an image that cannot be pulled)
 * @param exit        when the command exits by itself, and with which code (0: TASK_FINISHED, else TASK_FAILED)
 * @param health      how its health checks go
 * @param stdout      lines the command writes to its sandbox's stdout when it starts
 * @param stderr      lines the command writes to its sandbox's stderr when it starts
 */
public record TaskScript(Optional<String> failToStart, Optional<Exit> exit, Health health, List<String> stdout,
        List<String> stderr) {

    public TaskScript {
        stdout = List.copyOf(stdout);
        stderr = List.copyOf(stderr);
    }

    /** The command exits after {@code after} with {@code code}. */
    public record Exit(Duration after, int code) {}

    /** How the task's health checks go. */
    public sealed interface Health {

        /**
         * As the TaskInfo's health check says (delay, interval, grace period, consecutive failures), each check
         * passing until {@code failAfter} (since TASK_RUNNING) and failing from then on. A Docker COMMAND check
         * whose command line repeats its program name ({@code docker exec <c> curl curl ...}) always fails.
         */
        record AsConfigured(Optional<Duration> failAfter) implements Health {}

        /** Exactly these results, {@code interval} apart, whatever the TaskInfo says (for tests). */
        record Results(List<Boolean> results, Duration interval) implements Health {
            public Results {
                results = List.copyOf(results);
            }
        }
    }

    static final Health HEALTHY = new Health.AsConfigured(Optional.empty());

    /** STARTING, RUNNING, then runs until killed or its agent goes away; healthy. */
    public static TaskScript runForever() {
        return new TaskScript(Optional.empty(), Optional.empty(), HEALTHY, List.of(), List.of());
    }

    /** STARTING, RUNNING, then after {@code runFor} ends: FINISHED for exit code 0, FAILED otherwise. */
    public static TaskScript exitAfter(Duration runFor, int exitCode) {
        return runForever().withExit(new Exit(runFor, exitCode));
    }

    /** STARTING, then FAILED with this message. */
    public static TaskScript failToStart(String message) {
        return new TaskScript(Optional.of(message), Optional.empty(), HEALTHY, List.of(), List.of());
    }

    /** STARTING, RUNNING, then health results {@code interval} apart, reported as an executor reports them. */
    public static TaskScript healthChecks(Duration interval, Boolean... results) {
        return runForever().withHealth(new Health.Results(List.of(results), interval));
    }

    public TaskScript withExit(Exit e) {
        return new TaskScript(failToStart, Optional.of(e), health, stdout, stderr);
    }

    public TaskScript withHealth(Health h) {
        return new TaskScript(failToStart, exit, h, stdout, stderr);
    }

    public TaskScript withOutput(List<String> out, List<String> err) {
        return new TaskScript(failToStart, exit, health, out, err);
    }
}
