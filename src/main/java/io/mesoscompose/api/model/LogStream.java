package io.mesoscompose.api.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * A task's output file in its Mesos sandbox. Only these two names are ever read: a request names a stream, never a
 * path, so no other file of the sandbox (or of the agent) can be asked for.
 */
public enum LogStream {
    STDOUT, STDERR;

    /** The file's name in the sandbox, also the stream's name in the API. */
    @JsonValue
    public String fileName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<LogStream> named(String name) {
        return Arrays.stream(values()).filter(s -> s.fileName().equals(name)).findFirst();
    }
}
