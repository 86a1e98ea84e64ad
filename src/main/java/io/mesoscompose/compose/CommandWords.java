package io.mesoscompose.compose;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a {@code command:} or {@code entrypoint:} string into words as docker compose does: compose-go reads these
 * strings with go-shellwords, with neither variable nor backtick expansion, and no shell ever sees them. Pure.
 *
 * <ul>
 *   <li>spaces, tabs and line breaks separate words;</li>
 *   <li>single quotes keep everything literally; double quotes keep spaces; {@code ""} is an empty word;</li>
 *   <li>a backslash outside single quotes (inside double quotes too) takes the next character literally, except
 *       that {@code \t} and {@code \n} become a tab and a line break;</li>
 *   <li>{@code $VAR}, {@code $(cmd)} and {@code `cmd`} stay as written: there is no shell to expand them.</li>
 * </ul>
 *
 * <p>Where go-shellwords fails (an open quote, a trailing backslash, a bare parenthesis) compose refuses the file;
 * so does this. Where go-shellwords stops at a shell operator ({@code ; & | < >}) docker compose silently runs only
 * the words before it; this refuses the command instead, saying what would have been dropped.
 */
public final class CommandWords {

    /** The words, or why the string cannot be a command without a shell. */
    public sealed interface Result {
        record Words(List<String> words) implements Result {
            public Words {
                words = List.copyOf(words);
            }
        }

        record Refused(String reason, String hint) implements Result {}
    }

    private static final String OPERATORS = ";&|<>";
    private static final String SHELL_HINT = "set shell: true to run it through /bin/sh -c, or write it as a list,"
            + " e.g. [\"sh\", \"-c\", \"...\"]";

    private final String line;
    private final List<String> words = new ArrayList<>();
    private final StringBuilder word = new StringBuilder();
    private boolean inWord;
    private boolean escaped;
    private boolean single;
    private boolean dbl;
    private boolean backQuote;
    private boolean dollarParen;

    private CommandWords(String line) {
        this.line = line;
    }

    public static Result split(String line) {
        return new CommandWords(line).run();
    }

    private Result run() {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (escaped) {
                word.append(c == 't' ? '\t' : c == 'n' ? '\n' : c);
                escaped = false;
                inWord = true;
            } else if (c == '\\') {
                if (single) {
                    word.append(c);
                } else {
                    escaped = true;
                }
            } else if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                if (quoted()) {
                    word.append(c);
                } else {
                    endWord();
                }
            } else {
                Result refused = other(c, i);
                if (refused != null) {
                    return refused;
                }
            }
        }
        if (escaped || quoted()) {
            return new Result.Refused("\"" + line + "\" is not a valid command line: a quote, backslash or $( is not"
                    + " closed", "docker compose splits a command string into words as a shell would; close it,"
                    + " or write the command as a list");
        }
        endWord();
        return new Result.Words(words);
    }

    /** Quotes, parentheses and operators; null when the character was taken. */
    private Result other(char c, int at) {
        boolean plain = !single && !dbl && !backQuote && !dollarParen;
        if (c == '`' && !single && !dbl && !dollarParen) {
            backQuote = !backQuote;
        } else if (c == ')' && !single && !dbl && !backQuote) {
            if (!dollarParen) {
                return parenthesis();
            }
            dollarParen = false;
        } else if (c == '(' && !single && !dbl && !backQuote) {
            if (dollarParen || word.isEmpty() || word.charAt(word.length() - 1) != '$') {
                return parenthesis();
            }
            dollarParen = true;
        } else if (c == '"' && !single && !dollarParen) {
            inWord |= dbl;
            dbl = !dbl;
            return null;
        } else if (c == '\'' && !dbl && !dollarParen) {
            inWord |= single;
            single = !single;
            return null;
        } else if (plain && OPERATORS.indexOf(c) >= 0) {
            return operator(at);
        }
        word.append(c);
        inWord = true;
        return null;
    }

    private Result parenthesis() {
        return new Result.Refused("\"" + line + "\" has a parenthesis outside quotes, which only a shell"
                + " understands", SHELL_HINT);
    }

    private Result operator(int at) {
        int end = at;
        while (end < line.length() && OPERATORS.indexOf(line.charAt(end)) >= 0) {
            end++;
        }
        endWord();
        String before = String.join(" ", words);
        return new Result.Refused("\"" + line.substring(at, end) + "\" in \"" + line + "\" is a shell operator, and"
                + " no shell runs this command: docker compose would run only \"" + before + "\"", SHELL_HINT);
    }

    private boolean quoted() {
        return single || dbl || backQuote || dollarParen;
    }

    private void endWord() {
        if (inWord) {
            words.add(word.toString());
        }
        word.setLength(0);
        inWord = false;
    }
}
