package io.mesoscompose.logs;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesoscompose.json.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Reads the answers of a real master and agent, in the field names of Apache Mesos' JSON writers. Pure.
 *
 * <ul>
 *   <li>{@code /master/slaves}: {@code slaves[].id}, {@code slaves[].pid} = {@code slave(N)@ip:port}
 *       (src/master/readonly_handler.cpp, SlaveWriter);</li>
 *   <li>{@code /slave(N)/state}: {@code frameworks[]} and {@code completed_frameworks[]}, each with
 *       {@code executors[]} and {@code completed_executors[]}, each with its sandbox {@code directory} and its
 *       {@code tasks}, {@code queued_tasks}, {@code completed_tasks} (src/slave/http.cpp, ExecutorWriter);</li>
 *   <li>{@code /files/read}: {@code {"offset": N, "data": "..."}} (src/files/files.cpp, FilesProcess::__read).</li>
 * </ul>
 */
final class SandboxJson {

    private SandboxJson() {}

    /** Where an agent serves HTTP, and the name of its process there ({@code slave(1)}). */
    record AgentEndpoint(URI base, String process) {
        URI state() {
            return base.resolve("/" + process + "/state");
        }
    }

    /**
     * The endpoint of agent {@code agentId} in a {@code /master/slaves} answer: the address of its libprocess
     * {@code pid}, as the Mesos CLI takes it ({@code agent["pid"].split("@")[1]}), with the master's scheme (SSL is
     * cluster-wide in libprocess).
     */
    static Optional<AgentEndpoint> agent(JsonNode slaves, String agentId, String scheme) {
        for (JsonNode agent : slaves.path("slaves")) {
            if (!agentId.equals(agent.path("id").asText())) {
                continue;
            }
            String pid = agent.path("pid").asText();
            int at = pid.indexOf('@');
            if (at <= 0 || at == pid.length() - 1) {
                return Optional.empty();
            }
            return Optional.of(new AgentEndpoint(URI.create(scheme + "://" + pid.substring(at + 1)),
                    pid.substring(0, at)));
        }
        return Optional.empty();
    }

    /**
     * The sandbox directory of task {@code taskId} of framework {@code frameworkId} in an agent's state: the
     * {@code directory} of the executor whose ID is the task's (the command executor, and our custom executors, are
     * one per task) or that lists the task, running or completed.
     */
    static Optional<String> sandbox(JsonNode state, String frameworkId, String taskId) {
        for (String frameworks : List.of("frameworks", "completed_frameworks")) {
            for (JsonNode framework : state.path(frameworks)) {
                if (!frameworkId.equals(framework.path("id").asText())) {
                    continue;
                }
                for (String executors : List.of("executors", "completed_executors")) {
                    for (JsonNode executor : framework.path(executors)) {
                        if (runs(executor, taskId) && !executor.path("directory").asText().isEmpty()) {
                            return Optional.of(executor.path("directory").asText());
                        }
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static boolean runs(JsonNode executor, String taskId) {
        if (taskId.equals(executor.path("id").asText())) {
            return true;
        }
        for (String list : List.of("tasks", "queued_tasks", "completed_tasks")) {
            for (JsonNode task : executor.path(list)) {
                if (taskId.equals(task.path("id").asText())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A {@code /files/read} answer: the offset (or size) and the bytes read. */
    record Read(long offset, byte[] data) {}

    /**
     * Decodes a {@code /files/read} answer byte for byte. The agent writes the file's bytes into the JSON string as
     * they are (rapidjson, no validation), so a read that ends inside a UTF-8 character, or a file that is not UTF-8
     * at all, gives JSON that is not valid UTF-8: the body is read as ISO-8859-1, one char per byte, and the data
     * turned back into exactly those bytes. A server that escapes characters above U+00FF ({@code \\u20ac}) sent
     * text, which is encoded as UTF-8 again.
     */
    static Read read(byte[] body) throws IOException {
        JsonNode answer = Json.MAPPER.readTree(new String(body, StandardCharsets.ISO_8859_1));
        if (!answer.path("offset").canConvertToLong() || !answer.path("data").isTextual()) {
            throw new IOException("not a /files/read answer (no offset and data)");
        }
        String data = answer.path("data").asText();
        boolean bytes = data.chars().allMatch(c -> c <= 0xFF);
        return new Read(answer.path("offset").asLong(),
                data.getBytes(bytes ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8));
    }
}
