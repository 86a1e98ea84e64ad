package io.mesoscompose.compose.model;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A health check: compose's {@code healthcheck: {test, interval, timeout, retries, start_period}} or the Go
 * mesos-compose's Mesos-style {@code healthcheck: {command: {value: ...}}} (and http/tcp forms). A disabled check
 * ({@code disable: true}, {@code test: ["NONE"]}) is no HealthCheck at all.
 *
 * @param delay  Mesos' {@code delay_seconds} (the Mesos form only; compose has no such field)
 * @param form   which defaults apply to timings the file leaves out: compose's, or Mesos' own (the Go project
 *               passes its Mesos-form check on as written, so Mesos' protobuf defaults apply there)
 */
public record HealthCheck(
        Check check,
        Optional<Duration> interval,
        Optional<Duration> timeout,
        Optional<Integer> retries,
        Optional<Duration> startPeriod,
        Optional<Duration> delay,
        Form form,
        SourcePosition position) {

    /** A compose-form check (compose defaults, no delay). */
    public HealthCheck(Check check, Optional<Duration> interval, Optional<Duration> timeout, Optional<Integer> retries,
                       Optional<Duration> startPeriod, SourcePosition position) {
        this(check, interval, timeout, retries, startPeriod, Optional.empty(), Form.COMPOSE, position);
    }

    public enum Form { COMPOSE, MESOS }

    public sealed interface Check {
        /**
         * What the container runs, as compose means it: {@code CMD} (shell=false, argv as written) or
         * {@code CMD-SHELL}/string (shell=true, one element: the shell line).
         */
        record Command(List<String> argv, boolean shell) implements Check {
            public Command {
                argv = List.copyOf(argv);
            }
        }

        /**
         * The Mesos form's {@code command: {value, arguments, shell: false}}, passed on as written (as the Go project
         * does): its meaning is Mesos' exec CommandInfo's, which differs between the Docker containerizer and the
         * Mesos one. (With a shell, the Mesos form is a {@link Command} of one shell line.)
         */
        record MesosCommand(String value, List<String> arguments) implements Check {
            public MesosCommand {
                arguments = List.copyOf(arguments);
            }
        }

        /**
         * @param scheme   {@code http} or {@code https} (the only schemes Mesos probes)
         * @param statuses Mesos' {@code statuses}: interpreted by custom executors only
         */
        record Http(int port, String path, String scheme, List<Integer> statuses) implements Check {
            public Http {
                statuses = List.copyOf(statuses);
            }

            public Http(int port, String path, String scheme) {
                this(port, path, scheme, List.of());
            }
        }

        record Tcp(int port) implements Check {}
    }
}
