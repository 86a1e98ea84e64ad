package io.mesoscompose.secrets;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Masks secret values in text bound for a log line, an API answer or an error message: every value resolved from
 * Vault is remembered here (in memory, the most recent {@value #CAPACITY}) and replaced by {@value #MASK} wherever
 * it occurs. A last line of defence: code should not print values in the first place.
 *
 * <p>Values shorter than {@value #MIN_LENGTH} characters are not masked: "1" or "on" would turn every log line into
 * asterisks while hiding nothing worth hiding.
 */
public final class Redaction {

    public static final String MASK = "****";
    static final int MIN_LENGTH = 4;
    static final int CAPACITY = 1024;

    private static final Redaction GLOBAL = new Redaction();

    /** Most recently resolved last; the eldest is forgotten when full. */
    private final Map<String, Boolean> values = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > CAPACITY;
        }
    };
    /** The values longest first, so a value containing another is masked whole; rebuilt on change. */
    private volatile List<String> longestFirst = List.of();

    /** The one instance the log converter and the resolver share by default. */
    public static Redaction global() {
        return GLOBAL;
    }

    public void remember(String value) {
        if (value == null || value.length() < MIN_LENGTH) {
            return;
        }
        synchronized (values) {
            if (values.put(value, Boolean.TRUE) == null) {
                List<String> sorted = new ArrayList<>(values.keySet());
                sorted.sort(Comparator.comparingInt(String::length).reversed());
                longestFirst = List.copyOf(sorted);
            }
        }
    }

    public void rememberAll(Collection<String> resolved) {
        resolved.forEach(this::remember);
    }

    /** {@code text} with every remembered value replaced by {@value #MASK}; null stays null. */
    public String mask(String text) {
        return replace(text, longestFirst);
    }

    /** {@code text} with each of {@code secrets} (longest first) replaced by {@value #MASK}. Pure. */
    public static String maskValues(String text, Collection<String> secrets) {
        List<String> ordered = new ArrayList<>(secrets);
        ordered.sort(Comparator.comparingInt(String::length).reversed());
        return replace(text, ordered);
    }

    private static String replace(String text, List<String> longestFirst) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = text;
        for (String secret : longestFirst) {
            if (secret.length() >= MIN_LENGTH && out.contains(secret)) {
                out = out.replace(secret, MASK);
            }
        }
        return out;
    }
}
