package io.mesoscompose.api;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/** What a handler answers; the server writes it. */
public sealed interface ApiResponse {
    int status();

    Map<String, String> headers();

    /** A JSON body, serialized with {@link Json#MAPPER}. */
    record JsonBody(int status, Object body, Map<String, String> headers) implements ApiResponse {}

    record Text(int status, String body, String contentType, Map<String, String> headers) implements ApiResponse {}

    /** A body of bytes as they are (the dashboard's files). */
    record Bytes(int status, byte[] body, String contentType, Map<String, String> headers) implements ApiResponse {
        public Bytes {
            body = body.clone();
        }

        @Override
        public byte[] body() {
            return body.clone();
        }
    }

    /** A body written as it is produced (Server-Sent Events); {@code writer} returns when the client is gone. */
    record Streaming(int status, String contentType, Map<String, String> headers, StreamWriter writer) implements ApiResponse {}

    @FunctionalInterface
    interface StreamWriter {
        void writeTo(OutputStream out) throws IOException, InterruptedException;
    }

    static ApiResponse json(int status, Object body) {
        return new JsonBody(status, body, Map.of());
    }

    static ApiResponse error(int status, String message) {
        return new JsonBody(status, Map.of("error", message), Map.of());
    }
}
