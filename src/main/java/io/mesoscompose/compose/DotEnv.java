package io.mesoscompose.compose;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Compose {@code .env} / env_file text with the rules of compose-go's dotenv parser. Pure; a bad line throws
 * {@link IllegalArgumentException} naming its line number.
 *
 * <ul>
 *   <li>{@code KEY=value} or {@code KEY: value}, with an optional {@code export }; spaces around the separator are
 *       dropped; {@code #} lines are comments; a bare {@code KEY} takes the value of the given environment (else it
 *       is left out); a name may hold letters, digits and {@code _ . - [ ]}, but no space;</li>
 *   <li>unquoted values end at the line's end, before {@code " #"}, trailing spaces dropped;</li>
 *   <li>single quotes are literal ({@code \'} is a quote); double quotes understand {@code \n \t \r \a \b \f \v
 *       \\ \" \$ \0NNN}; both may span lines;</li>
 *   <li>{@code ${X}} in unquoted and double-quoted values is interpolated, the given environment first (the process
 *       environment wins), then the values read so far; {@code \$} and {@code $$} are a literal dollar.</li>
 * </ul>
 *
 * <p>The {@code raw} format of env_file ({@code format: raw}) is docker's own {@code --env-file} syntax: one
 * {@code KEY=VALUE} per line taken as written, a pair of enclosing quotes removed, no interpolation.
 */
public final class DotEnv {

    private static final Pattern EXPORT = Pattern.compile("^export[ \\t]+");
    private static final Pattern ESCAPE = Pattern.compile("\\\\(?:[abcfnrtv$\"\\\\]|0[0-7]{0,3})");

    private final String src;
    private final Map<String, String> environment;
    private final Map<String, String> earlier;
    private final Map<String, String> out = new LinkedHashMap<>();
    private int pos;

    private DotEnv(String text, Map<String, String> environment, Map<String, String> earlier) {
        this.src = text.startsWith("\uFEFF") ? text.substring(1) : text;
        this.environment = environment;
        this.earlier = earlier;
    }

    /** The variables of {@code text}; {@code ${X}} and bare names look in {@code environment} first. */
    public static Map<String, String> parse(String text, Map<String, String> environment) {
        return parse(text, environment, Map.of());
    }

    /** As {@link #parse(String, Map)}, with the values of files read before this one as a last resort. */
    public static Map<String, String> parse(String text, Map<String, String> environment, Map<String, String> earlier) {
        DotEnv p = new DotEnv(text, environment, earlier);
        p.statements();
        return p.out;
    }

    private void statements() {
        while (skipBlankAndComments()) {
            int line = line();
            String rest = src.substring(pos);
            Matcher export = EXPORT.matcher(rest);
            if (export.find()) {
                pos += export.end();
            }
            int start = pos;
            while (pos < src.length() && "=:\n".indexOf(src.charAt(pos)) < 0) {
                char c = src.charAt(pos);
                if (!isSpace(c) && !Character.isLetterOrDigit(c) && "_.-[]".indexOf(c) < 0) {
                    throw new IllegalArgumentException("line " + line + ": unexpected character \"" + c
                            + "\" in variable name \"" + firstLine(src.substring(start)) + "\"");
                }
                pos++;
            }
            String key = src.substring(start, pos).stripTrailing();
            boolean inherited = pos >= src.length() || src.charAt(pos) == '\n';
            pos = Math.min(pos + 1, src.length());
            if (key.contains(" ") || key.contains("\t")) {
                throw new IllegalArgumentException("line " + line + ": key cannot contain a space");
            }
            if (key.isEmpty()) {
                throw new IllegalArgumentException("line " + line + ": a variable needs a name");
            }
            if (inherited) {
                String value = environment.get(key);
                if (value != null) {
                    out.put(key, value);
                }
                continue;
            }
            while (pos < src.length() && isSpace(src.charAt(pos))) {
                pos++;
            }
            out.put(key, value(line));
        }
    }

    /** Moves past white space and comment lines; false at the end of the text. */
    private boolean skipBlankAndComments() {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (Character.isWhitespace(c)) {
                pos++;
            } else if (c == '#') {
                int nl = src.indexOf('\n', pos);
                pos = nl < 0 ? src.length() : nl;
            } else {
                return true;
            }
        }
        return false;
    }

    private String value(int line) {
        char quote = pos < src.length() ? src.charAt(pos) : 0;
        if (quote != '\'' && quote != '"') {
            int nl = src.indexOf('\n', pos);
            String raw = src.substring(pos, nl < 0 ? src.length() : nl);
            pos = nl < 0 ? src.length() : nl + 1;
            int comment = raw.indexOf(" #");
            return interpolate((comment < 0 ? raw : raw.substring(0, comment)).stripTrailing(), line);
        }
        StringBuilder chars = new StringBuilder();
        boolean escape = false;
        for (int i = pos + 1; i < src.length(); i++) {
            char c = src.charAt(i);
            if (c == quote && !escape) {
                pos = i + 1;
                return quote == '"' ? interpolate(unescape(chars.toString()), line) : chars.toString();
            }
            if (c == '\\' && !escape) {
                escape = true;
                continue;
            }
            if (escape && c != quote) {
                chars.append('\\');
            }
            escape = false;
            chars.append(c);
        }
        throw new IllegalArgumentException("line " + line + ": unterminated quoted value " + firstLine(src.substring(pos)));
    }

    /** The escapes a double-quoted value understands; {@code \$} becomes {@code $$}, which interpolation keeps. */
    private static String unescape(String value) {
        Matcher m = ESCAPE.matcher(value);
        StringBuilder s = new StringBuilder();
        while (m.find()) {
            String e = m.group();
            String r = switch (e.charAt(1)) {
                case 'a' -> "\u0007";
                case 'b' -> "\b";
                case 'f' -> "\f";
                case 'n' -> "\n";
                case 'r' -> "\r";
                case 't' -> "\t";
                case 'v' -> "\u000B";
                case '$' -> "$$";
                case '"' -> "\"";
                case '\\' -> "\\";
                case '0' -> e.length() > 2 ? String.valueOf((char) Integer.parseInt(e.substring(2), 8)) : "\0";
                default -> e; // \c: not an escape Go's UnquoteChar knows, kept as written
            };
            m.appendReplacement(s, Matcher.quoteReplacement(r));
        }
        m.appendTail(s);
        return s.toString();
    }

    private String interpolate(String value, int line) {
        Map<String, String> scope = new HashMap<>(earlier);
        scope.putAll(out);
        scope.putAll(environment);
        Interpolation.Result r = Interpolation.apply(value, scope);
        if (r.error().isPresent()) {
            throw new IllegalArgumentException("line " + line + ": " + r.error().get());
        }
        return r.value();
    }

    private int line() {
        int n = 1;
        for (int i = 0; i < pos; i++) {
            if (src.charAt(i) == '\n') {
                n++;
            }
        }
        return n;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\u000B' || c == '\f' || c == '\u0085' || c == '\u00A0';
    }

    private static String firstLine(String s) {
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** docker's {@code --env-file} syntax ({@code format: raw}): values as written, no quotes processing. */
    public static Map<String, String> parseRaw(String text, Map<String, String> environment) {
        Map<String, String> vars = new LinkedHashMap<>();
        String[] lines = (text.startsWith("\uFEFF") ? text.substring(1) : text).split("\r?\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].stripLeading();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            String key = eq < 0 ? line : line.substring(0, eq);
            if (key.isEmpty()) {
                throw new IllegalArgumentException("line " + (n + 1) + ": no variable name");
            }
            if (key.contains(" ") || key.contains("\t")) {
                throw new IllegalArgumentException("line " + (n + 1) + ": variable '" + key + "' contains whitespaces");
            }
            String value = eq < 0 ? environment.get(key) : line.substring(eq + 1);
            if (value != null) {
                vars.put(key, trimQuotes(value));
            }
        }
        return vars;
    }

    private static String trimQuotes(String value) {
        if (value.length() >= 2) {
            char first = value.charAt(0);
            if ((first == '\'' || first == '"') && value.charAt(value.length() - 1) == first) {
                return value.substring(1, value.length() - 1);
            }
        }
        return value;
    }
}
