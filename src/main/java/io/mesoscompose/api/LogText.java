package io.mesoscompose.api;

import java.nio.charset.StandardCharsets;

/**
 * Bytes of a task's output as text. A read ends wherever the agent stops, possibly inside a UTF-8 character; the
 * cut character is left for the next read, so no character is split between two answers. Pure.
 */
final class LogText {

    private LogText() {}

    /**
     * How many of {@code data}'s bytes end with a whole UTF-8 character: all of them, or fewer when the last one to
     * three bytes start a character that goes on beyond {@code data}. Bytes that are not UTF-8 at all count as
     * whole (they decode to U+FFFD).
     */
    static int whole(byte[] data) {
        int n = data.length;
        for (int back = 1; back <= Math.min(3, n); back++) {
            int b = data[n - back] & 0xFF;
            if (b < 0x80) {
                return n; // ASCII: whatever precedes it is complete
            }
            if (b >= 0xC0) { // a lead byte: does its sequence fit in what follows?
                int needs = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : 2;
                return needs > back ? n - back : n;
            }
            // a continuation byte: look further back
        }
        return n;
    }

    static String decode(byte[] data, int length) {
        return new String(data, 0, length, StandardCharsets.UTF_8);
    }
}
