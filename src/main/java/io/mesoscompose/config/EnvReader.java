package io.mesoscompose.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads typed values of {@link Settings} from environment variables, collecting every malformed value instead of
 * stopping at the first, so an operator fixes them all in one go. It reads only declared {@link Setting}s, and
 * an unset or blank variable takes the setting's declared default.
 */
public final class EnvReader {

    private final Map<String, String> env;
    private final List<String> problems = new ArrayList<>();

    public EnvReader(Map<String, String> env) {
        this.env = env;
    }

    public Optional<String> optional(Setting setting) {
        String value = env.get(setting.name());
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    /** The value, or the setting's literal default. */
    public String string(Setting setting) {
        return optional(setting).orElseGet(setting::literalDefault);
    }

    /** A comma-separated list, blanks dropped; empty when unset. */
    public List<String> list(Setting setting) {
        return optional(setting).map(v -> Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .toList()).orElse(List.of());
    }

    public boolean bool(Setting setting) {
        return parseBool(setting, string(setting)).orElseGet(() -> parseBool(setting, setting.literalDefault())
                .orElseThrow());
    }

    private Optional<Boolean> parseBool(Setting setting, String v) {
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> Optional.of(true);
            case "false", "0", "no", "off" -> Optional.of(false);
            default -> {
                problems.add(setting.name() + "=" + v + ": expected true or false");
                yield Optional.empty();
            }
        };
    }

    public int integer(Setting setting, int min, int max) {
        int fallback = Integer.parseInt(setting.literalDefault());
        return optional(setting).map(v -> {
            try {
                int n = Integer.parseInt(v);
                if (n < min || n > max) {
                    problems.add(setting.name() + "=" + v + ": expected a whole number from " + min + " to " + max);
                    return fallback;
                }
                return n;
            } catch (NumberFormatException e) {
                problems.add(setting.name() + "=" + v + ": expected a whole number");
                return fallback;
            }
        }).orElse(fallback);
    }

    /** A positive number. */
    public double decimal(Setting setting) {
        double fallback = Double.parseDouble(setting.literalDefault());
        return optional(setting).map(v -> {
            try {
                double d = Double.parseDouble(v);
                if (!(d > 0) || Double.isInfinite(d)) {
                    problems.add(setting.name() + "=" + v + ": expected a positive number");
                    return fallback;
                }
                return d;
            } catch (NumberFormatException e) {
                problems.add(setting.name() + "=" + v + ": expected a number");
                return fallback;
            }
        }).orElse(fallback);
    }

    /** Go-style durations as the Go project takes them: {@code 15s}, {@code 30m}, {@code 1h30m}, {@code 500ms}. */
    public Duration duration(Setting setting) {
        Duration fallback = Durations.parse(setting.literalDefault());
        return optional(setting).map(v -> {
            try {
                return Durations.parse(v);
            } catch (IllegalArgumentException e) {
                problems.add(setting.name() + "=" + v + ": " + e.getMessage());
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
