package io.mesoscompose.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Reads a Server-Sent-Events stream one event at a time ({@code id:}, {@code event:}, {@code data:} lines ended by a
 * blank line; {@code :} comments skipped), per the HTML living standard's event-stream format.
 */
public final class SseReader implements AutoCloseable {

    /** One event: {@code name} is "message" when the stream gave none; multi-line data is joined with newlines. */
    public record Event(String id, String name, String data) {}

    private final BufferedReader lines;
    private boolean sawComment;

    public SseReader(InputStream in) {
        this.lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    /** The next event, or empty when the stream ended. Blocks until one arrives. */
    public Optional<Event> next() throws IOException {
        String id = "";
        String name = "";
        StringBuilder data = null;
        String line;
        while ((line = lines.readLine()) != null) {
            if (line.isEmpty()) {
                if (data != null) {
                    return Optional.of(new Event(id, name.isEmpty() ? "message" : name, data.toString()));
                }
                id = "";
                name = "";
                continue;
            }
            if (line.startsWith(":")) {
                sawComment = true;
                continue;
            }
            int colon = line.indexOf(':');
            String field = colon < 0 ? line : line.substring(0, colon);
            String value = colon < 0 ? "" : line.substring(colon + 1);
            if (value.startsWith(" ")) {
                value = value.substring(1);
            }
            switch (field) {
                case "id" -> id = value;
                case "event" -> name = value;
                case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
                default -> { } // retry and unknown fields: ignored, as the standard says
            }
        }
        return Optional.empty();
    }

    /**
     * Blocks until the first comment line (the server's {@code : connected}) has been read: from then on the server
     * has registered this client and no event published afterwards is missed.
     */
    public void awaitConnected() throws IOException {
        String line;
        while (!sawComment && (line = lines.readLine()) != null) {
            if (line.startsWith(":")) {
                sawComment = true;
            }
        }
        if (!sawComment) {
            throw new IOException("the event stream ended before it was connected");
        }
    }

    @Override
    public void close() throws IOException {
        lines.close();
    }
}
