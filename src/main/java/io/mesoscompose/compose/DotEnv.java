package io.mesoscompose.compose;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Parses a Compose {@code .env} / env_file text: {@code #} comments, an optional {@code export } prefix, single
 * quotes (literal), double quotes (with {@code \n \t \" \\} escapes), {@code VAR} alone (value from the given
 * environment, else left out), and interpolation of earlier variables in unquoted and double-quoted values.
 * Pure; a bad line throws {@link IllegalArgumentException} naming its line number.
 */
public final class DotEnv {

    private DotEnv() {}

    public static Map<String, String> parse(String text, Map<String, String> environment) {
        Map<String, String> out = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int eq = line.indexOf('=');
            String name = (eq < 0 ? line : line.substring(0, eq)).strip();
            if (!name.matches("[A-Za-z_][A-Za-z0-9_.\\-]*")) {
                throw new IllegalArgumentException("line " + (n + 1) + ": \"" + name + "\" is not a variable name");
            }
            if (eq < 0) {
                String inherited = environment.get(name);
                if (inherited != null) {
                    out.put(name, inherited);
                }
                continue;
            }
            Map<String, String> scope = new HashMap<>(environment);
            scope.putAll(out);
            out.put(name, value(line.substring(eq + 1).strip(), scope, n + 1));
        }
        return out;
    }

    private static String value(String raw, Map<String, String> scope, int line) {
        if (raw.startsWith("'")) {
            int end = raw.indexOf('\'', 1);
            if (end < 0) {
                throw new IllegalArgumentException("line " + line + ": unterminated single quote");
            }
            return raw.substring(1, end);
        }
        if (raw.startsWith("\"")) {
            StringBuilder s = new StringBuilder();
            for (int i = 1; i < raw.length(); i++) {
                char c = raw.charAt(i);
                if (c == '"') {
                    return interpolate(s.toString(), scope, line);
                }
                if (c == '\\' && i + 1 < raw.length()) {
                    char e = raw.charAt(++i);
                    s.append(switch (e) {
                        case 'n' -> '\n';
                        case 't' -> '\t';
                        case 'r' -> '\r';
                        default -> e;
                    });
                } else {
                    s.append(c);
                }
            }
            throw new IllegalArgumentException("line " + line + ": unterminated double quote");
        }
        int comment = raw.indexOf(" #");
        return interpolate((comment < 0 ? raw : raw.substring(0, comment)).strip(), scope, line);
    }

    private static String interpolate(String value, Map<String, String> scope, int line) {
        Interpolation.Result r = Interpolation.apply(value, scope);
        if (r.error().isPresent()) {
            throw new IllegalArgumentException("line " + line + ": " + r.error().get());
        }
        return r.value();
    }
}
