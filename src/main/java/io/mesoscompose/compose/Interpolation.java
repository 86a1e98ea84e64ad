package io.mesoscompose.compose;

import java.util.Map;
import java.util.Optional;

/**
 * Compose variable interpolation in scalar values, as compose-go's template package: {@code $VAR}, {@code ${VAR}},
 * {@code ${VAR:-d}}, {@code ${VAR-d}}, {@code ${VAR:+r}}, {@code ${VAR+r}}, {@code ${VAR:?e}}, {@code ${VAR?e}},
 * nesting inside the default/replacement (braces inside count, so {@code ${X:-{"a":1}}} works), and {@code $$} for a
 * literal dollar. A {@code $} that starts none of these stays as written ({@code "a $ string"}, {@code "^REGEX$"}).
 * Pure: problems come back in {@link Result}.
 */
public final class Interpolation {

    /** The interpolated text, or an error; {@code unset} names a variable used without value nor default. */
    public record Result(String value, Optional<String> error, Optional<String> unset) {}

    private final Map<String, String> env;
    private String unset;

    private Interpolation(Map<String, String> env) {
        this.env = env;
    }

    public static Result apply(String text, Map<String, String> env) {
        Interpolation i = new Interpolation(env);
        try {
            String out = i.expand(text);
            return new Result(out, Optional.empty(), Optional.ofNullable(i.unset));
        } catch (IllegalArgumentException e) {
            return new Result(text, Optional.of(e.getMessage()), Optional.empty());
        }
    }

    private String expand(String s) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c != '$') {
                out.append(c);
                i++;
            } else if (i + 1 < s.length() && s.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
            } else if (i + 1 < s.length() && s.charAt(i + 1) == '{') {
                int end = closingBrace(s, i + 2);
                out.append(braced(s.substring(i + 2, end)));
                i = end + 1;
            } else {
                int j = i + 1;
                while (j < s.length() && isNameChar(s.charAt(j), j == i + 1)) {
                    j++;
                }
                out.append(j == i + 1 ? "$" : lookup(s.substring(i + 1, j)));
                i = j;
            }
        }
        return out.toString();
    }

    /** The brace closing {@code ${…}}: every brace inside counts, as compose-go's getFirstBraceClosingIndex. */
    private static int closingBrace(String s, int from) {
        int depth = 1;
        for (int j = from; j < s.length(); j++) {
            char c = s.charAt(j);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return j;
            }
        }
        throw new IllegalArgumentException("invalid interpolation format for \"" + s + "\": missing }");
    }

    private String braced(String expr) {
        int n = 0;
        while (n < expr.length() && isNameChar(expr.charAt(n), n == 0)) {
            n++;
        }
        String name = expr.substring(0, n);
        if (name.isEmpty()) {
            throw new IllegalArgumentException("invalid interpolation format for \"${" + expr + "}\"");
        }
        String rest = expr.substring(n);
        if (rest.isEmpty()) {
            return lookup(name);
        }
        String value = env.get(name);
        boolean colon = rest.startsWith(":");
        String op = colon ? rest.substring(0, Math.min(2, rest.length())) : rest.substring(0, 1);
        String arg = rest.substring(op.length());
        boolean present = colon ? value != null && !value.isEmpty() : value != null;
        return switch (op) {
            case ":-", "-" -> present ? value : expand(arg);
            case ":+", "+" -> present ? expand(arg) : "";
            case ":?", "?" -> {
                if (!present) {
                    String reason = expand(arg);
                    throw new IllegalArgumentException("required variable " + name + " is missing a value"
                            + (reason.isEmpty() ? "" : ": " + reason));
                }
                yield value;
            }
            default -> throw new IllegalArgumentException("invalid interpolation format for \"${" + expr + "}\"");
        };
    }

    private String lookup(String name) {
        String value = env.get(name);
        if (value == null) {
            if (unset == null) {
                unset = name;
            }
            return "";
        }
        return value;
    }

    private static boolean isNameChar(char c, boolean first) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
    }
}
