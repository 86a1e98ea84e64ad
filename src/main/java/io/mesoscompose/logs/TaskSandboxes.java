package io.mesoscompose.logs;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesoscompose.api.model.LogRead;
import io.mesoscompose.api.model.LogStream;
import io.mesoscompose.json.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a task's {@code stdout} or {@code stderr} from its sandbox: master → agent address → agent state → sandbox
 * directory → {@code /files/read}. A sandbox, once found, is remembered (it does not move while it exists); when
 * the agent answers 404 it is looked up once more, in case the agent came back elsewhere.
 */
public final class TaskSandboxes {

    private static final Logger LOG = LoggerFactory.getLogger(TaskSandboxes.class);
    /** Enough for every task of a large cluster; past it the memory starts again (lookups are cheap). */
    private static final int REMEMBERED = 10_000;

    /** The task to read: its framework, the agent it was placed on, its ID. */
    public record TaskRef(String frameworkId, String agentId, String taskId) {}

    private record Sandbox(URI agent, String directory) {}

    private final AgentHttp http;
    private final Supplier<Optional<URI>> master;
    private final Map<String, Sandbox> sandboxes = new ConcurrentHashMap<>();

    /** @param master the leading master's base URL (that of the current subscription), empty when there is none */
    public TaskSandboxes(AgentHttp http, Supplier<Optional<URI>> master) {
        this.http = http;
        this.master = master;
    }

    /**
     * Reads {@code length} bytes (at most; the agent caps one read at 16 pages) from {@code offset}, or the file's
     * size when {@code offset} is -1, as {@code /files/read} does.
     */
    public LogRead read(TaskRef task, LogStream stream, long offset, long length) {
        try {
            Optional<Sandbox> known = Optional.ofNullable(sandboxes.get(task.taskId()));
            if (known.isPresent()) {
                LogRead read = read(known.get(), stream, offset, length);
                if (!(read instanceof LogRead.Missing)) {
                    return read;
                }
                sandboxes.remove(task.taskId());
            }
            return switch (locate(task)) {
                case Located.NotFound missing -> missing.why();
                case Located.Found found -> {
                    remember(task.taskId(), found.sandbox());
                    yield read(found.sandbox(), stream, offset, length);
                }
            };
        } catch (IOException e) {
            return new LogRead.Unavailable("cannot read the " + stream.fileName() + " of task " + task.taskId()
                    + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new LogRead.Unavailable("interrupted");
        }
    }

    private void remember(String taskId, Sandbox sandbox) {
        if (sandboxes.size() >= REMEMBERED) {
            sandboxes.clear();
        }
        sandboxes.put(taskId, sandbox);
    }

    private sealed interface Located {
        record Found(Sandbox sandbox) implements Located {}

        record NotFound(LogRead why) implements Located {}
    }

    private Located locate(TaskRef task) throws IOException, InterruptedException {
        Optional<URI> leader = master.get();
        if (leader.isEmpty()) {
            return new Located.NotFound(new LogRead.Unavailable(
                    "not connected to a Mesos master: the agent of task " + task.taskId() + " cannot be looked up"));
        }
        URI slaves = leader.get().resolve("/master/slaves?slave_id=" + encode(task.agentId()));
        AgentHttp.Answer agents = http.get(slaves);
        if (agents.status() != 200) {
            return new Located.NotFound(new LogRead.Unavailable(
                    "the master answered HTTP " + agents.status() + " to GET " + slaves + ": " + agents.text()));
        }
        Optional<SandboxJson.AgentEndpoint> agent = SandboxJson.agent(json(agents, slaves),
                task.agentId(), leader.get().getScheme());
        if (agent.isEmpty()) {
            return new Located.NotFound(new LogRead.Missing("agent " + task.agentId() + " of task " + task.taskId()
                    + " is not registered with the master (removed, or unreachable for a while)"));
        }
        URI stateUri = agent.get().state();
        AgentHttp.Answer state = http.get(stateUri);
        if (state.status() != 200) {
            return new Located.NotFound(new LogRead.Unavailable(
                    "agent " + task.agentId() + " answered HTTP " + state.status() + " to GET " + stateUri));
        }
        Optional<String> directory = SandboxJson.sandbox(json(state, stateUri), task.frameworkId(), task.taskId());
        if (directory.isEmpty()) {
            return new Located.NotFound(new LogRead.Missing("agent " + task.agentId() + " has no sandbox of task "
                    + task.taskId() + " (not started there yet, or removed by the agent's garbage collection)"));
        }
        LOG.debug("sandbox of task {}: {} on {}", task.taskId(), directory.get(), agent.get().base());
        return new Located.Found(new Sandbox(agent.get().base(), directory.get()));
    }

    private LogRead read(Sandbox sandbox, LogStream stream, long offset, long length)
            throws IOException, InterruptedException {
        String path = sandbox.directory() + "/" + stream.fileName();
        URI uri = sandbox.agent().resolve("/files/read?path=" + encode(path) + "&offset=" + offset
                + "&length=" + length);
        AgentHttp.Answer answer = http.get(uri);
        return switch (answer.status()) {
            case 200 -> {
                SandboxJson.Read read = SandboxJson.read(answer.body());
                yield new LogRead.Chunk(read.offset(), read.data());
            }
            case 404 -> new LogRead.Missing("no " + path + " on the agent (the task has not started writing it,"
                    + " or its sandbox was removed)");
            default -> new LogRead.Unavailable("the agent answered HTTP " + answer.status() + " to GET " + uri
                    + (answer.text().isEmpty() ? "" : ": " + answer.text()));
        };
    }

    private static JsonNode json(AgentHttp.Answer answer, URI from) throws IOException {
        try {
            return Json.MAPPER.readTree(answer.body());
        } catch (IOException e) {
            throw new IOException("GET " + from + " did not answer JSON: " + e.getMessage(), e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
