package io.mesoscompose.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesoscompose.simulator.validation.MesosResources;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;

/**
 * What the simulated agents serve, as a real agent does (src/slave/http.cpp, src/files/files.cpp): its state
 * ({@code /slave(N)/state}, with each executor's sandbox {@code directory}) and {@code /files/read} of the files
 * in the sandboxes. The agents share the simulator's HTTP server, as agents started in one libprocess do; each is
 * process {@code slave(N)}, the prefix of its {@code pid} in {@code /master/slaves}.
 */
final class AgentEndpoints {

    /** {@code os::pagesize() * 16}: the most {@code /files/read} returns at once. */
    static final int MAX_READ = 4096 * 16;

    private AgentEndpoints() {}

    /** An HTTP answer: its body as the bytes sent. */
    record Answer(int status, String contentType, byte[] body) {
        static Answer json(byte[] body) {
            return new Answer(200, "application/json", body);
        }

        static Answer text(int status, String body) {
            return new Answer(status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** {@code /slave(N)/state}: the agent, its frameworks and their executors (running and completed). */
    static Answer state(ClusterState c, OperatorView.Address at, int process) {
        synchronized (c) {
            Optional<SimAgentState> found = c.agents().stream().filter(a -> a.process == process).findFirst();
            if (found.isEmpty() || found.get().health() == SimAgentState.Health.GONE) {
                return Answer.text(404, "");
            }
            SimAgentState a = found.get();
            MesosJson.Printed printed = new MesosJson.Printed();
            ObjectNode out = MesosJson.object();
            out.put("version", OperatorView.VERSION);
            out.put("build_user", "simulator");
            out.put("start_time", MesosJson.secs(a.registered));
            out.put("id", a.id());
            out.put("pid", at.pid(a.processId()));
            out.put("hostname", a.agent.hostname());
            ArrayNode capabilities = out.putArray("capabilities");
            OperatorView.AGENT_CAPABILITIES.forEach(capabilities::add);
            MesosResources total = a.agent.resources();
            out.set("resources", MesosJson.resources(total.toList()));
            out.set("unreserved_resources", MesosJson.resources(
                    total.filter(r -> r.getReservationsCount() == 0).toList()));
            ObjectNode attributes = out.putObject("attributes");
            a.agent.attributes().forEach(attributes::put);
            out.put("master_hostname", at.host());
            ObjectNode flags = out.putObject("flags");
            flags.put("work_dir", a.agent.host().workDir());
            flags.put("containerizers", "mesos,docker");
            flags.put("switch_user", "true");
            flags.put("isolation", "filesystem/linux,network/cni,docker/runtime");
            ArrayNode frameworks = out.putArray("frameworks");
            ArrayNode completed = out.putArray("completed_frameworks");
            for (String frameworkId : a.frameworkIds()) {
                Optional<SimFramework> f = c.framework(frameworkId);
                ObjectNode fw = (f.isPresent() && !f.get().removed() ? frameworks : completed).addObject();
                fw.put("id", frameworkId);
                f.ifPresent(known -> {
                    fw.put("name", known.info().getName());
                    fw.put("user", known.info().getUser());
                    fw.put("failover_timeout", known.info().getFailoverTimeout());
                    fw.put("checkpoint", known.info().getCheckpoint());
                    fw.put("hostname", known.info().getHostname());
                    if (known.info().hasPrincipal()) {
                        fw.put("principal", known.info().getPrincipal());
                    }
                    ArrayNode roles = fw.putArray("roles");
                    known.roles().forEach(roles::add);
                });
                ArrayNode executors = fw.putArray("executors");
                a.executorsOf(frameworkId).forEach(e -> executors.add(executor(e, printed)));
                ArrayNode done = fw.putArray("completed_executors");
                a.completedExecutorsOf(frameworkId).forEach(e -> done.add(executor(e, printed)));
            }
            return Answer.json(MesosJson.write(out));
        }
    }

    /** {@code ExecutorWriter}: where its sandbox is, and its tasks. */
    private static ObjectNode executor(SimExecutor e, MesosJson.Printed printed) {
        ObjectNode x = MesosJson.object();
        x.put("id", e.id());
        x.put("name", e.info.getName());
        x.put("source", e.info.getSource());
        x.put("container", e.containerId);
        x.put("directory", e.sandbox.directory);
        MesosResources allocated = e.tasks().stream().filter(t -> !t.terminal()).map(t -> t.resources)
                .reduce(e.resources, MesosResources::plus);
        x.set("resources", MesosJson.resources(allocated.toList()));
        if (!e.info.getResourcesList().isEmpty()) {
            x.put("role", e.info.getResources(0).getAllocationInfo().getRole());
        }
        if (e.info.hasLabels()) {
            x.set("labels", MesosJson.labels(e.info.getLabels(), printed));
        }
        if (e.info.hasType()) {
            x.put("type", e.info.getType().name());
        }
        ArrayNode tasks = x.putArray("tasks");
        x.putArray("queued_tasks");
        ArrayNode completed = x.putArray("completed_tasks");
        for (SimTask t : e.tasks()) {
            (t.terminal() ? completed : tasks).add(MesosJson.task(t, printed));
        }
        return x;
    }

    /**
     * {@code /files/read?path=...&offset=...&length=...} ({@code FilesProcess::__read}): {@code {"data", "offset"}}
     * of at most 64 KiB from {@code offset}; {@code offset} -1 (or none) answers the file's size as "offset" with no
     * data; {@code length} -1 or none reads to the end.
     */
    static Answer read(ClusterState c, Map<String, String> query) {
        String path = query.get("path");
        if (path == null || path.isEmpty()) {
            return Answer.text(400, "Expecting 'path=value' in query.\n");
        }
        long offset = -1;
        if (query.containsKey("offset")) {
            Optional<Long> n = integer(query.get("offset"));
            if (n.isEmpty()) {
                return Answer.text(400, "Failed to parse offset: Failed to convert '" + query.get("offset")
                        + "' to number.\n");
            }
            if (n.get() < -1) {
                return Answer.text(400, "Negative offset provided: " + n.get() + ".\n");
            }
            offset = n.get();
        }
        Optional<Long> length = Optional.empty();
        if (query.containsKey("length")) {
            Optional<Long> n = integer(query.get("length"));
            if (n.isEmpty()) {
                return Answer.text(400, "Failed to parse length: Failed to convert '" + query.get("length")
                        + "' to number.\n");
            }
            if (n.get() < -1) {
                return Answer.text(400, "Negative length provided: " + n.get() + ".\n");
            }
            if (n.get() > -1) {
                length = n;
            }
        }
        long from = offset;
        if (offset == -1) {
            from = 0;
            length = Optional.of(0L);
        }
        Optional<Map.Entry<Sandbox, String>> file = c.sandboxOf(path);
        if (file.isEmpty()) {
            return Answer.text(404, "");
        }
        if (file.get().getValue().isEmpty()) {
            return Answer.text(400, "Cannot read a directory.\n");
        }
        Optional<byte[]> bytes = file.get().getKey().read(file.get().getValue());
        if (bytes.isEmpty()) {
            return Answer.text(404, "");
        }
        byte[] data = bytes.get();
        byte[] chunk = new byte[0];
        if (from < data.length) {
            long n = Math.min(length.orElse(data.length - from), MAX_READ);
            chunk = Arrays.copyOfRange(data, (int) from, (int) Math.min(data.length, from + n));
        }
        return Answer.json(readJson(chunk, offset == -1 ? data.length : offset));
    }

    /**
     * The body of a {@code /files/read} answer as the agent writes it: a {@code JSON::Object} (keys in order) whose
     * "data" string is the file's bytes as they are. stout writes strings with rapidjson, which escapes {@code "},
     * {@code \} and control characters ({@code \b \t \n \f \r}, the others as six-character escapes of their
     * code) and copies every other byte without checking its encoding: a chunk that ends inside a multi-byte
     * character, or a file that is not UTF-8 at all, gives a body that is not valid UTF-8, which a reader must cope
     * with.
     */
    static byte[] readJson(byte[] data, long offset) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 32);
        out.writeBytes("{\"data\":\"".getBytes(StandardCharsets.US_ASCII));
        for (byte b : data) {
            int c = b & 0xFF;
            String escape = switch (c) {
                case '"' -> "\\\"";
                case '\\' -> "\\\\";
                case '\b' -> "\\b";
                case '\t' -> "\\t";
                case '\n' -> "\\n";
                case '\f' -> "\\f";
                case '\r' -> "\\r";
                default -> c < 0x20 ? String.format("\\u%04X", c) : null;
            };
            if (escape == null) {
                out.write(c);
            } else {
                out.writeBytes(escape.getBytes(StandardCharsets.US_ASCII));
            }
        }
        out.writeBytes(("\",\"offset\":" + offset + "}").getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static Optional<Long> integer(String text) {
        try {
            return Optional.of(Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
