package io.mesoscompose.client;

import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;

/**
 * Prints task output as {@code docker compose logs} does: each line prefixed with its source ({@code web#1 | }),
 * the prefixes padded to one width and, on a terminal, coloured per replica. Output arrives in pieces that may end
 * inside a line; each source's unfinished line waits for the rest. Thread-safe: several streams print at once.
 */
public final class LogPrinter {
    /** ANSI colours, one per source in turn: cyan, yellow, green, magenta, blue, then their bright forms. */
    private static final int[] COLOURS = {36, 33, 32, 35, 34, 96, 93, 92, 95, 94};

    private final PrintWriter out;
    private final boolean colour;
    private final int width;
    private final Map<String, Integer> colours = new HashMap<>();
    private final Map<String, StringBuilder> unfinished = new HashMap<>();

    /** @param width the widest prefix, so that every {@code |} lines up */
    public LogPrinter(PrintWriter out, boolean colour, int width) {
        this.out = out;
        this.colour = colour;
        this.width = width;
    }

    /**
     * Prints the whole lines of {@code text}, keeping an unfinished last line for the next call.
     *
     * @param source  the prefix ({@code web#1}); its colour is its replica's
     * @param stream  which of the source's streams ({@code stdout}, {@code stderr}): their lines wait separately
     */
    public synchronized void print(String source, String stream, String text) {
        StringBuilder pending = unfinished.computeIfAbsent(source + "\u0000" + stream, k -> new StringBuilder());
        pending.append(text);
        int newline;
        while ((newline = pending.indexOf("\n")) >= 0) {
            line(source, pending.substring(0, newline));
            pending.delete(0, newline + 1);
        }
        out.flush();
    }

    /** Prints a source's unfinished line, if any: its stream has ended. */
    public synchronized void finish(String source, String stream) {
        StringBuilder pending = unfinished.remove(source + "\u0000" + stream);
        if (pending != null && !pending.isEmpty()) {
            line(source, pending.toString());
            out.flush();
        }
    }

    private void line(String source, String text) {
        String prefix = String.format("%-" + width + "s | ", source);
        String stripped = text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        if (colour) {
            int code = colours.computeIfAbsent(source, s -> COLOURS[colours.size() % COLOURS.length]);
            out.println("\033[" + code + "m" + prefix + "\033[0m" + stripped);
        } else {
            out.println(prefix + stripped);
        }
    }
}
