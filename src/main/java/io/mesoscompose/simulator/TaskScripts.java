package io.mesoscompose.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.mesos.v1.Protos.Label;
import org.apache.mesos.v1.Protos.TaskInfo;

/**
 * Reads a task's {@link TaskScript} from its labels, so a compose file can script what a service does on the
 * simulator (service {@code labels:} become TaskInfo labels). Pure. The labels, all optional:
 *
 * <pre>
 * mesos-compose.sim.exit:            "0 after 5s"      exit with code 0 (or any code) 5 s after TASK_RUNNING
 * mesos-compose.sim.fail-to-start:   "image not found" TASK_FAILED with this message instead of running
 * mesos-compose.sim.unhealthy-after: "30s"             health checks pass until then, fail from then on
 * mesos-compose.sim.stdout:          "line 1\nline 2"  written to the sandbox's stdout at start
 * mesos-compose.sim.stderr:          "warning: ..."    written to the sandbox's stderr at start
 * </pre>
 *
 * Durations are a number with {@code ms}, {@code s}, {@code m} or {@code h}. A label the simulator cannot read
 * makes the task fail to start with a message naming the label, so a typo is seen rather than ignored.
 */
public final class TaskScripts {

    public static final String PREFIX = "mesos-compose.sim.";
    public static final String EXIT = PREFIX + "exit";
    public static final String FAIL_TO_START = PREFIX + "fail-to-start";
    public static final String UNHEALTHY_AFTER = PREFIX + "unhealthy-after";
    public static final String STDOUT = PREFIX + "stdout";
    public static final String STDERR = PREFIX + "stderr";

    private static final Pattern EXIT_VALUE = Pattern.compile("\\s*(-?\\d+)\\s+after\\s+(\\S+)\\s*");
    private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

    private TaskScripts() {}

    /** The script the task's labels describe; a healthy service that runs until killed when there are none. */
    public static TaskScript fromLabels(TaskInfo task) {
        TaskScript script = TaskScript.runForever();
        List<String> out = new ArrayList<>();
        List<String> err = new ArrayList<>();
        for (Label label : task.getLabels().getLabelsList()) {
            if (!label.getKey().startsWith(PREFIX)) {
                continue;
            }
            String value = label.getValue();
            switch (label.getKey()) {
                case EXIT -> {
                    Matcher m = EXIT_VALUE.matcher(value);
                    Optional<Duration> after = m.matches() ? duration(m.group(2)) : Optional.empty();
                    if (after.isEmpty()) {
                        return unreadable(label, "expected '<exit code> after <duration>', e.g. '0 after 5s'");
                    }
                    script = script.withExit(new TaskScript.Exit(after.get(), Integer.parseInt(m.group(1))));
                }
                case FAIL_TO_START -> {
                    return TaskScript.failToStart(value.isBlank() ? "simulated start failure" : value);
                }
                case UNHEALTHY_AFTER -> {
                    Optional<Duration> after = duration(value.trim());
                    if (after.isEmpty()) {
                        return unreadable(label, "expected a duration, e.g. '30s'");
                    }
                    script = script.withHealth(new TaskScript.Health.AsConfigured(after));
                }
                case STDOUT -> out.addAll(value.lines().toList());
                case STDERR -> err.addAll(value.lines().toList());
                default -> {
                    return unreadable(label, "unknown simulator label; known: " + String.join(", ", EXIT,
                            FAIL_TO_START, UNHEALTHY_AFTER, STDOUT, STDERR));
                }
            }
        }
        return script.withOutput(out, err);
    }

    private static TaskScript unreadable(Label label, String why) {
        return TaskScript.failToStart("simulator: label " + label.getKey() + "='" + label.getValue() + "': " + why);
    }

    /** {@code 500ms}, {@code 5s}, {@code 1.5m}, {@code 2h}. */
    static Optional<Duration> duration(String text) {
        Matcher m = DURATION.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            return Optional.empty();
        }
        double n = Double.parseDouble(m.group(1));
        long unitMillis = switch (m.group(2)) {
            case "ms" -> 1;
            case "s" -> 1000;
            case "m" -> 60_000;
            default -> 3_600_000;
        };
        return Optional.of(Duration.ofMillis(Math.round(n * unitMillis)));
    }
}
