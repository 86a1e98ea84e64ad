package io.mesoscompose.compose.model;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A health check: compose's {@code healthcheck: {test, interval, timeout, retries, start_period}} or the Go
 * mesos-compose's Mesos-style {@code healthcheck: {command: {value: ...}}} (and http/tcp forms). A disabled check
 * ({@code disable: true}, {@code test: ["NONE"]}) is no HealthCheck at all.
 */
public record HealthCheck(
        Check check,
        Optional<Duration> interval,
        Optional<Duration> timeout,
        Optional<Integer> retries,
        Optional<Duration> startPeriod,
        SourcePosition position) {

    public sealed interface Check {
        /** {@code CMD} (shell=false, argv as written) or {@code CMD-SHELL}/string (shell=true, one element). */
        record Command(List<String> argv, boolean shell) implements Check {
            public Command {
                argv = List.copyOf(argv);
            }
        }

        record Http(int port, String path, String scheme) implements Check {}

        record Tcp(int port) implements Check {}
    }
}
