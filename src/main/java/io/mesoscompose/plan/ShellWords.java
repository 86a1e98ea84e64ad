package io.mesoscompose.plan;

import java.util.List;
import java.util.regex.Pattern;

/**
 * POSIX-shell quoting: turns list elements and arguments back into one {@code /bin/sh -c} line that the shell splits
 * into the same words. Splitting goes the other way in {@link io.mesoscompose.compose.CommandWords}.
 */
final class ShellWords {
    private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private ShellWords() {}

    /** One word, quoted only when the shell would otherwise change it. */
    static String quote(String word) {
        if (!word.isEmpty() && SAFE.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\"'\"'") + "'";
    }

    static String join(List<String> words) {
        return String.join(" ", words.stream().map(ShellWords::quote).toList());
    }
}
