package io.mesoscompose.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads typed settings from environment variables (the Go mesos-compose's names), collecting every malformed value
 * instead of stopping at the first, so an operator fixes them all in one go.
 */
public final class EnvReader {

    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    public EnvReader(Map<String, String> env) {
        this.env = env;
    }

    public Optional<String> optional(String name) {
        String value = env.get(name);
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    public String string(String name, String fallback) {
        return optional(name).orElse(fallback);
    }

    public boolean bool(String name, boolean fallback) {
        return optional(name).map(v -> switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> {
                problems.add(name + "=" + v + ": expected true or false");
                yield fallback;
            }
        }).orElse(fallback);
    }

    public int integer(String name, int fallback, int min, int max) {
        return optional(name).map(v -> {
            try {
                int n = Integer.parseInt(v);
                if (n < min || n > max) {
                    problems.add(name + "=" + v + ": expected a whole number from " + min + " to " + max);
                    return fallback;
                }
                return n;
            } catch (NumberFormatException e) {
                problems.add(name + "=" + v + ": expected a whole number");
                return fallback;
            }
        }).orElse(fallback);
    }

    double decimal(String name, double fallback) {
        return optional(name).map(v -> {
            try {
                double d = Double.parseDouble(v);
                if (!(d > 0) || Double.isInfinite(d)) {
                    problems.add(name + "=" + v + ": expected a positive number");
                    return fallback;
                }
                return d;
            } catch (NumberFormatException e) {
                problems.add(name + "=" + v + ": expected a number");
                return fallback;
            }
        }).orElse(fallback);
    }

    /** Go-style durations as the Go project takes them: {@code 15s}, {@code 30m}, {@code 1h30m}, {@code 500ms}. */
    public Duration duration(String name, Duration fallback) {
        return optional(name).map(v -> {
            try {
                return Durations.parse(v);
            } catch (IllegalArgumentException e) {
                problems.add(name + "=" + v + ": " + e.getMessage());
                return fallback;
            }
        }).orElse(fallback);
    }

    /** A problem that is about how settings fit together rather than one value. */
    public void problem(String text) {
        problems.add(text);
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }
}
