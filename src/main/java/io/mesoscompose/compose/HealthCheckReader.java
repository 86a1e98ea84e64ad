package io.mesoscompose.compose;

import io.mesoscompose.compose.model.HealthCheck;
import io.mesoscompose.compose.model.HealthCheck.Check;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

/**
 * {@code healthcheck:} in compose form ({@code test, interval, timeout, retries, start_period, disable}) or the Go
 * mesos-compose's Mesos form ({@code command: {value, shell, arguments}}, {@code http: {port, path, scheme,
 * statuses}}, {@code tcp: {port}}, with {@code delay_seconds, interval_seconds, timeout_seconds,
 * consecutive_failures, grace_period_seconds}). A disabled check is no check.
 *
 * <p>Mesos form, with the Go project's meaning (it decodes the block straight into Mesos' HealthCheck, api/compose.go
 * setHealthCheck): the check is {@code command} when it has a value, else {@code http} when it has a port, else
 * {@code tcp} when it has a port; entries left empty ({@code http: {port: }}, as in the Go examples) are no check.
 * Its decoder reads the timing fields under their lower-cased Go names ({@code intervalseconds}, …), so those
 * spellings are accepted too.
 *
 * <p>What a Mesos master refuses (common/validation.cpp validateHealthCheck) is refused here, at the field: an HTTP
 * scheme other than http/https, a COMMAND check without a value; timings are never negative. Unambiguous slips are
 * normalised instead: the scheme's case ({@code HTTP}), a path without its leading {@code /}.
 */
final class HealthCheckReader {

    private static final List<String> KEYS = List.of("test", "interval", "timeout", "retries", "start_period",
            "start_interval", "disable", "command", "http", "tcp", "interval_seconds", "timeout_seconds",
            "consecutive_failures", "grace_period_seconds", "delay_seconds", "intervalseconds", "timeoutseconds",
            "consecutivefailures", "graceperiodseconds", "delayseconds");
    private static final List<String> COMMAND_KEYS = List.of("value", "shell", "arguments");
    private static final List<String> HTTP_KEYS = List.of("port", "path", "scheme", "statuses");

    /** A check found in the block, with where it was written. */
    private record Found(String field, Node at, Check check) {}

    private final Values v;
    private Optional<Found> test = Optional.empty();
    private final List<Found> mesosForm = new ArrayList<>();
    private boolean disabled;
    private boolean checkGiven;
    private boolean testGiven;
    /** A Mesos-form entry had a command or a port (it may still have been refused). */
    private boolean entryFilled;
    private Optional<Duration> interval = Optional.empty();
    private Optional<Duration> timeout = Optional.empty();
    private Optional<Integer> retries = Optional.empty();
    private Optional<Duration> startPeriod = Optional.empty();
    private Optional<Duration> delay = Optional.empty();

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
        return r.chosen(node).map(f -> new HealthCheck(f.check(), r.interval, r.timeout, r.retries, r.startPeriod,
                r.delay, r.test.isPresent() ? HealthCheck.Form.COMPOSE : HealthCheck.Form.MESOS,
                Diagnostics.position(node)));
    }

    /** The one check of the block: the compose test, or the first of command, http, tcp (the Go project's order). */
    private Optional<Found> chosen(Node node) {
        if (test.isPresent() && !mesosForm.isEmpty()) {
            Found second = mesosForm.get(0);
            v.error(second.at(), "healthcheck", "a health check has one test; found a second one",
                    "keep either test: or " + shortName(second) + ":");
            return Optional.empty();
        }
        if (test.isPresent()) {
            return test;
        }
        List<String> order = List.of("healthcheck.command", "healthcheck.http", "healthcheck.tcp");
        Optional<Found> first = mesosForm.stream().min((a, b) -> order.indexOf(a.field()) - order.indexOf(b.field()));
        first.ifPresent(f -> mesosForm.stream().filter(o -> o != f).forEach(o -> v.warning(o.at(), o.field(),
                "ignored: the check is " + shortName(f) + ": (one check per task; command, then http, then tcp, as"
                        + " in the Go mesos-compose)", "remove " + shortName(o) + ":")));
        if (first.isEmpty() && !checkGiven) { // a check that was given but wrong has its own diagnostic
            v.error(node, "healthcheck", "a health check needs test: (or the Mesos form command:, http: or tcp:)",
                    "or set disable: true");
        } else if (first.isEmpty() && !testGiven && !entryFilled) {
            v.warning(node, "healthcheck", "no health check: command has no value, http and tcp no port",
                    "fill one of them in, or remove healthcheck:");
        }
        return first;
    }

    private static String shortName(Found f) {
        return f.field().substring("healthcheck.".length());
    }

    private void field(String key, Node value, String path) {
        checkGiven |= List.of("test", "command", "http", "tcp").contains(key);
        testGiven |= key.equals("test");
        switch (key) {
            case "test" -> test(value, path);
            case "disable" -> disabled |= v.bool(value, path).orElse(false);
            // compose (Docker's HealthConfig): zero means "inherit", i.e. the default
            case "interval" -> interval = v.duration(value, path).filter(d -> !d.isZero());
            case "timeout" -> timeout = v.duration(value, path).filter(d -> !d.isZero());
            case "retries" -> retries = v.integer(value, path, 0, 1000).map(Long::intValue).filter(n -> n > 0);
            case "start_period" -> startPeriod = v.duration(value, path);
            case "interval_seconds", "intervalseconds" -> interval = seconds(value, path);
            case "timeout_seconds", "timeoutseconds" -> timeout = seconds(value, path);
            case "grace_period_seconds", "graceperiodseconds" -> startPeriod = seconds(value, path);
            case "delay_seconds", "delayseconds" -> delay = seconds(value, path);
            case "consecutive_failures", "consecutivefailures" ->
                    retries = v.integer(value, path, 1, 1000).map(Long::intValue);
            case "start_interval" -> v.warning(value, path, "ignored: Mesos checks at one interval from the start",
                    null);
            case "command" -> command(value, path);
            case "http" -> http(value, path);
            case "tcp" -> tcp(value, path);
            default -> throw new IllegalStateException(key);
        }
    }

    /** {@code command: {value, shell, arguments}}: Mesos' CommandInfo (shell defaults to true); no value, no check. */
    private void command(Node value, String path) {
        v.mapping(value, path).ifPresent(m -> {
            String[] cmd = {""};
            boolean[] shell = {true};
            List<String> arguments = new ArrayList<>();
            v.each(m, path, COMMAND_KEYS, (k, val, p) -> {
                switch (k) {
                    case "value" -> {
                        cmd[0] = v.string(val, p).orElse("");
                        entryFilled |= !cmd[0].isBlank();
                    }
                    case "shell" -> shell[0] = v.bool(val, p).orElse(true);
                    default -> arguments.addAll(v.strings(val, p, false));
                }
            });
            if (!cmd[0].isBlank() && shell[0]) {
                if (!arguments.isEmpty()) {
                    v.warning(value, path + ".arguments", "ignored: Mesos runs value through the shell and drops"
                            + " arguments", "put them into value, or set shell: false");
                }
                mesosForm.add(new Found(path, value, new Check.Command(List.of(cmd[0]), true)));
            } else if (!cmd[0].isBlank()) {
                mesosForm.add(new Found(path, value, new Check.MesosCommand(cmd[0], arguments)));
            } else if (!arguments.isEmpty() || !shell[0]) {
                v.error(value, path, "a command check needs value: (Mesos: \"Command health check must contain"
                        + " 'shell command'\")", shell[0] ? "e.g. value: \"curl -f http://localhost/\""
                        : "e.g. value: /usr/bin/curl");
            }
        });
    }

    private void http(Node value, String path) {
        v.mapping(value, path).ifPresent(m -> {
            int[] port = {0};
            String[] pathAndScheme = {"/", "http"};
            boolean[] valid = {true};
            List<Integer> statuses = new ArrayList<>();
            v.each(m, path, HTTP_KEYS, (k, val, p) -> {
                switch (k) {
                    case "port" -> port[0] = port(val, p);
                    case "path" -> v.string(val, p).ifPresent(s -> pathAndScheme[0] = s.startsWith("/") ? s : "/" + s);
                    case "scheme" -> v.string(val, p).ifPresent(s -> {
                        String scheme = s.strip().toLowerCase(Locale.ROOT);
                        if (scheme.equals("http") || scheme.equals("https")) {
                            pathAndScheme[1] = scheme;
                        } else {
                            valid[0] = false;
                            v.error(val, p, "scheme \"" + s + "\" is not one Mesos probes; expected http or https",
                                    scheme.equals("h2c") ? "for an h2c (HTTP/2 cleartext) service use a tcp: check, or"
                                            + " a command: check such as curl --http2-prior-knowledge" : null);
                        }
                    });
                    default -> statuses.addAll(statuses(val, p));
                }
            });
            if (port[0] > 0 && valid[0]) {
                if (!statuses.isEmpty()) {
                    v.warning(value, path + ".statuses", "passed on, but Mesos' own executors do not read it: they"
                            + " count any status from 200 to 399 as healthy", null);
                }
                mesosForm.add(new Found(path, value, new Check.Http(port[0], pathAndScheme[0], pathAndScheme[1],
                        statuses)));
            } else if (port[0] == 0 && hasAnyValue(m, "path", "scheme")) {
                v.warning(value, path, "ignored: an http check needs port:", "set port: to the container port to"
                        + " probe");
            }
        });
    }

    private void tcp(Node value, String path) {
        v.mapping(value, path).ifPresent(m -> v.each(m, path, List.of("port"), (k, val, p) -> {
            int port = port(val, p);
            if (port > 0) {
                mesosForm.add(new Found(path, value, new Check.Tcp(port)));
            }
        }));
    }

    /** A port 1–65535; empty (YAML null) is 0, "no port", as the Go project reads it. */
    private int port(Node val, String path) {
        entryFilled |= !Values.isNull(val);
        return Values.isNull(val) ? 0 : v.integer(val, path, 1, 65535).map(Long::intValue).orElse(-1);
    }

    private List<Integer> statuses(Node val, String path) {
        List<Integer> out = new ArrayList<>();
        for (String s : v.strings(val, path, true)) {
            try {
                int status = Integer.parseInt(s.strip());
                if (status < 100 || status > 599) {
                    throw new NumberFormatException();
                }
                out.add(status);
            } catch (NumberFormatException e) {
                v.error(val, path, "\"" + s + "\" is not an HTTP status code; expected 100 to 599");
            }
        }
        return out;
    }

    private static boolean hasAnyValue(MappingNode m, String... keys) {
        for (String k : keys) {
            if (TreeMerge.get(m, k).filter(n -> !Values.isNull(n)).isPresent()) {
                return true;
            }
        }
        return false;
    }

    /** {@code "curl -f x"} (shell), {@code ["CMD", ...]}, {@code ["CMD-SHELL", "..."]}, {@code ["NONE"]}. */
    private void test(Node value, String path) {
        if (value instanceof ScalarNode) {
            v.string(value, path).ifPresent(s -> shellTest(value, path, s));
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
                if (argv.size() < 2 || argv.get(1).isBlank()) {
                    v.error(value, path, "[\"CMD\"] needs the command after it");
                } else {
                    setTest(value, path, new Check.Command(argv.subList(1, argv.size()), false));
                }
            }
            case "CMD-SHELL" -> {
                if (argv.size() != 2) {
                    v.error(value, path, "[\"CMD-SHELL\", \"...\"] takes exactly one command string");
                } else {
                    shellTest(value, path, argv.get(1));
                }
            }
            default -> v.error(value, path, "a test list starts with CMD, CMD-SHELL or NONE, not \"" + argv.get(0) + "\"");
        }
    }

    private void shellTest(Node value, String path, String line) {
        if (line.isBlank()) {
            v.error(value, path, "an empty test command; Mesos refuses a command check without a command",
                    "write the command, e.g. test: curl -f http://localhost/, or set disable: true");
        } else {
            setTest(value, path, new Check.Command(List.of(line), true));
        }
    }

    private void setTest(Node at, String path, Check c) {
        test = Optional.of(new Found(path, at, c));
    }

    private Optional<Duration> seconds(Node value, String path) {
        return v.number(value, path, 0).map(s -> Duration.ofMillis(Math.round(s * 1000)));
    }
}
