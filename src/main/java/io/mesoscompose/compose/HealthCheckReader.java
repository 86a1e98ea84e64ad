package io.mesoscompose.compose;

import io.mesoscompose.compose.model.HealthCheck;
import io.mesoscompose.compose.model.HealthCheck.Check;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * {@code healthcheck:} in compose form ({@code test, interval, timeout, retries, start_period, disable}) or the Go
 * mesos-compose's Mesos form ({@code command: {value}}, {@code http: {port, path, scheme}}, {@code tcp: {port}},
 * with {@code interval_seconds, timeout_seconds, consecutive_failures, grace_period_seconds}). A disabled check
 * is no check.
 */
final class HealthCheckReader {

    private static final List<String> KEYS = List.of("test", "interval", "timeout", "retries", "start_period",
            "start_interval", "disable", "command", "http", "tcp", "interval_seconds", "timeout_seconds",
            "consecutive_failures", "grace_period_seconds", "delay_seconds");

    private final Values v;
    private Optional<Check> check = Optional.empty();
    private boolean disabled;
    private boolean testGiven;
    private Optional<Duration> interval = Optional.empty();
    private Optional<Duration> timeout = Optional.empty();
    private Optional<Integer> retries = Optional.empty();
    private Optional<Duration> startPeriod = Optional.empty();

    private HealthCheckReader(Values v) {
        this.v = v;
    }

    static Optional<HealthCheck> read(Node node, Values v) {
        Optional<MappingNode> map = v.mapping(node, "healthcheck");
        if (map.isEmpty()) {
            return Optional.empty();
        }
        HealthCheckReader r = new HealthCheckReader(v);
        v.each(map.get(), "healthcheck", KEYS, r::field);
        if (r.disabled) {
            return Optional.empty();
        }
        if (r.check.isEmpty()) {
            if (!r.testGiven) { // a test that was given but wrong has its own error already
                v.error(node, "healthcheck", "a health check needs test: (or the Mesos form command:, http: or"
                        + " tcp:)", "or set disable: true");
            }
            return Optional.empty();
        }
        return Optional.of(new HealthCheck(r.check.get(), r.interval, r.timeout, r.retries, r.startPeriod,
                Diagnostics.position(node)));
    }

    private void field(String key, Node value, String path) {
        testGiven |= List.of("test", "command", "http", "tcp").contains(key);
        switch (key) {
            case "test" -> test(value, path);
            case "disable" -> disabled |= v.bool(value, path).orElse(false);
            case "interval" -> interval = v.duration(value, path);
            case "timeout" -> timeout = v.duration(value, path);
            case "start_period" -> startPeriod = v.duration(value, path);
            case "retries" -> retries = v.integer(value, path, 1, 1000).map(Long::intValue);
            case "interval_seconds" -> interval = seconds(value, path);
            case "timeout_seconds" -> timeout = seconds(value, path);
            case "grace_period_seconds" -> startPeriod = seconds(value, path);
            case "consecutive_failures" -> retries = v.integer(value, path, 1, 1000).map(Long::intValue);
            case "start_interval", "delay_seconds" -> v.warning(value, path,
                    "ignored: Mesos checks at one interval from the start", null);
            case "command" -> v.mapping(value, path).ifPresent(m -> v.each(m, path, List.of("value", "shell"),
                    (k, val, p) -> {
                        if (k.equals("value")) {
                            v.string(val, p).ifPresent(cmd -> setCheck(val, new Check.Command(List.of(cmd), true)));
                        }
                    }));
            case "http" -> v.mapping(value, path).ifPresent(m -> {
                int[] port = {0};
                String[] pathAndScheme = {"/", "http"};
                v.each(m, path, List.of("port", "path", "scheme"), (k, val, p) -> {
                    switch (k) {
                        case "port" -> v.integer(val, p, 1, 65535).ifPresent(n -> port[0] = n.intValue());
                        case "path" -> v.string(val, p).ifPresent(s -> pathAndScheme[0] = s);
                        default -> v.string(val, p).ifPresent(s -> pathAndScheme[1] = s);
                    }
                });
                if (port[0] == 0) {
                    v.error(value, path, "an http health check needs port:");
                } else {
                    setCheck(value, new Check.Http(port[0], pathAndScheme[0], pathAndScheme[1]));
                }
            });
            case "tcp" -> v.mapping(value, path).ifPresent(m -> TreeMerge.get(m, "port").ifPresentOrElse(
                    p -> v.integer(p, path + ".port", 1, 65535).ifPresent(n -> setCheck(value, new Check.Tcp(n.intValue()))),
                    () -> v.error(value, path, "a tcp health check needs port:")));
            default -> throw new IllegalStateException(key);
        }
    }

    private void setCheck(Node at, Check c) {
        if (check.isPresent()) {
            v.error(at, "healthcheck", "a health check has one test; found a second one");
        }
        check = Optional.of(c);
    }

    /** {@code "curl -f x"} (shell), {@code ["CMD", ...]}, {@code ["CMD-SHELL", "..."]}, {@code ["NONE"]}. */
    private void test(Node value, String path) {
        if (value instanceof ScalarNode) {
            v.string(value, path).ifPresent(s -> setCheck(value, new Check.Command(List.of(s), true)));
            return;
        }
        List<String> argv = v.strings(value, path, false);
        if (argv.isEmpty()) {
            v.error(value, path, "an empty test; expected [\"CMD\", ...], [\"CMD-SHELL\", \"...\"] or [\"NONE\"]");
            return;
        }
        switch (argv.get(0)) {
            case "NONE" -> disabled = true;
            case "CMD" -> {
                if (argv.size() < 2) {
                    v.error(value, path, "[\"CMD\"] needs the command after it");
                } else {
                    setCheck(value, new Check.Command(argv.subList(1, argv.size()), false));
                }
            }
            case "CMD-SHELL" -> {
                if (argv.size() != 2) {
                    v.error(value, path, "[\"CMD-SHELL\", \"...\"] takes exactly one command string");
                } else {
                    setCheck(value, new Check.Command(List.of(argv.get(1)), true));
                }
            }
            default -> v.error(value, path, "a test list starts with CMD, CMD-SHELL or NONE, not \"" + argv.get(0) + "\"");
        }
    }

    private Optional<Duration> seconds(Node value, String path) {
        return v.number(value, path, 0).map(s -> Duration.ofMillis(Math.round(s * 1000)));
    }
}
