package io.mesoscompose.logs;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A master and one agent on one loopback port, answering as Apache Mesos 1.11 does (the shapes of
 * src/master/readonly_handler.cpp SlaveWriter, src/slave/http.cpp ExecutorWriter, src/files/files.cpp __read):
 * {@code /master/slaves} with the agent's {@code pid}, {@code /slave(1)/state} with the sandbox {@code directory}
 * of each executor, and {@code /files/read} writing the file's bytes raw into the JSON string (rapidjson does not
 * re-encode), capped per read like the 16 pages of a real agent.
 */
final class FakeAgent implements AutoCloseable {
    static final String AGENT_ID = "a1b2c3-S0";
    static final String FRAMEWORK_ID = "fw-0001";

    final Map<String, byte[]> files = new ConcurrentHashMap<>();
    final List<String> requests = new CopyOnWriteArrayList<>();
    final List<Optional<String>> authorizations = new CopyOnWriteArrayList<>();
    volatile int readCap = 4096 * 16;
    volatile String state = "{}";
    private final HttpServer server;

    FakeAgent() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::answer);
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The agent's state with one executor per task (the command executor's ID is the task's). */
    void executors(String list, String taskId, String directory) {
        state = """
                {"id": "%s", "pid": "slave(1)@127.0.0.1:%d", "hostname": "agent1.example",
                 "frameworks": [{"id": "%s", "name": "mesos-compose",
                   "%s": [{"id": "%s", "name": "Command Executor (Task: %s)", "source": "%s",
                           "container": "6f5e2c2d", "directory": "%s",
                           "tasks": [], "queued_tasks": [], "completed_tasks": [{"id": "%s", "state": "TASK_FINISHED"}]}]}],
                 "completed_frameworks": []}
                """.formatted(AGENT_ID, server.getAddress().getPort(), FRAMEWORK_ID, list, taskId, taskId, taskId,
                directory, taskId);
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            requests.add(exchange.getRequestURI().getPath());
            authorizations.add(Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")));
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            switch (exchange.getRequestURI().getPath()) {
                case "/master/slaves" -> send(exchange, 200, (AGENT_ID.equals(query.get("slave_id"))
                        ? "{\"slaves\": [{\"id\": \"" + AGENT_ID + "\", \"hostname\": \"agent1.example\","
                        + " \"pid\": \"slave(1)@127.0.0.1:" + server.getAddress().getPort() + "\"}],"
                        + " \"recovered_slaves\": []}"
                        : "{\"slaves\": [], \"recovered_slaves\": []}").getBytes(StandardCharsets.UTF_8));
                case "/slave(1)/state" -> send(exchange, 200, state.getBytes(StandardCharsets.UTF_8));
                case "/files/read" -> read(exchange, query);
                default -> send(exchange, 404, new byte[0]);
            }
        }
    }

    private void read(HttpExchange exchange, Map<String, String> query) throws IOException {
        byte[] file = files.get(query.get("path"));
        if (file == null) {
            send(exchange, 404, new byte[0]);
            return;
        }
        long offset = Long.parseLong(query.getOrDefault("offset", "-1"));
        long length = Long.parseLong(query.getOrDefault("length", "-1"));
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        byte[] data = new byte[0];
        if (offset >= 0 && offset < file.length && length != 0) {
            long n = Math.min(length < 0 ? file.length - offset : length, readCap);
            data = Arrays.copyOfRange(file, (int) offset, (int) Math.min(file.length, offset + n));
        }
        json.writeBytes(("{\"offset\":" + (offset == -1 ? file.length : offset) + ",\"data\":\"")
                .getBytes(StandardCharsets.UTF_8));
        for (byte b : data) {
            if (b == '"' || b == '\\') {
                json.write('\\');
                json.write(b);
            } else if (b == '\n') {
                json.writeBytes("\\n".getBytes(StandardCharsets.US_ASCII));
            } else {
                json.write(b); // raw, as rapidjson writes a std::string without validation
            }
        }
        json.writeBytes("\"}".getBytes(StandardCharsets.UTF_8));
        send(exchange, 200, json.toByteArray());
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            exchange.getResponseBody().write(body);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new ConcurrentHashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                query.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
