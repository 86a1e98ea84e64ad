package io.mesoscompose.simulator;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.mesoscompose.tls.MesosHttpClients;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Mesos master speaking the v1 scheduler HTTP API on loopback, for tests and {@code mesos-compose simulate}, with
 * the master's operator endpoints and its agents' endpoints on the same port (as in one libprocess):
 *
 * <pre>
 * POST /api/v1/scheduler                    the scheduler API (status codes and texts of Master::Http::scheduler)
 * GET  /master/state, /state                the cluster
 * GET  /master/frameworks, /frameworks      frameworks (id, name, hostname, webui_url, active, tasks, ...)
 * GET  /master/slaves, /slaves              agents (id, hostname, pid slave(N)@host:port, active, resources)
 * GET  /master/tasks, /tasks                tasks (order, limit, offset, framework_id, task_id)
 * GET  /slave(N)/state                      agent N: frameworks → executors → directory (the sandbox)
 * GET  /files/read?path=&amp;offset=&amp;length= a file of a sandbox (stdout, stderr)
 * </pre>
 *
 * Several instances may share one {@link ClusterState}: {@link #failoverTo} makes this one a non-leader that
 * redirects (307) to the new leader, as a real master does; with no leader at all it answers 503.
 */
public final class MesosMasterSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MesosMasterSimulator.class);
    private static final String PATH = "/api/v1/scheduler";
    private static final Pattern AGENT_STATE = Pattern.compile("/slave\\((\\d+)\\)/state(?:\\.json)?/?");

    private final ClusterState cluster;
    private final boolean ownsCluster;
    private final HttpServer server;
    private final MasterCalls calls;
    private final HttpContext schedulerApi;
    /** The operator endpoints of the master and its agents. */
    private final List<HttpContext> operatorApi = new ArrayList<>();
    private final OperatorView.Address address;
    private volatile Optional<String> leaderUrl = Optional.empty();
    private volatile boolean leaderless;

    private MesosMasterSimulator(ClusterState cluster, boolean ownsCluster, int port) throws IOException {
        this.cluster = cluster;
        this.ownsCluster = ownsCluster;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        String id = UUID.randomUUID().toString();
        int bound = server.getAddress().getPort();
        MasterInfo info = MasterInfo.newBuilder().setId(id).setIp(0x0100007f)
                .setPort(bound).setHostname("localhost").setVersion(OperatorView.VERSION)
                .setPid("master@127.0.0.1:" + bound).build();
        this.address = new OperatorView.Address(id, "127.0.0.1", bound);
        this.calls = new MasterCalls(cluster, info);
        this.schedulerApi = server.createContext(PATH, this::scheduler);
        for (String prefix : List.of("", "/master")) {
            operatorApi.add(server.createContext(prefix + "/state",
                    ex -> get(ex, () -> json(OperatorView.state(cluster, address)))));
            operatorApi.add(server.createContext(prefix + "/frameworks",
                    ex -> get(ex, () -> json(OperatorView.frameworks(cluster, query(ex))))));
            operatorApi.add(server.createContext(prefix + "/slaves",
                    ex -> get(ex, () -> json(OperatorView.slaves(cluster, address, query(ex))))));
            operatorApi.add(server.createContext(prefix + "/tasks",
                    ex -> get(ex, () -> json(OperatorView.tasks(cluster, query(ex))))));
        }
        operatorApi.add(server.createContext("/slave(", ex -> get(ex, () -> {
            Matcher m = AGENT_STATE.matcher(ex.getRequestURI().getPath());
            return m.matches() ? AgentEndpoints.state(cluster, address, Integer.parseInt(m.group(1)))
                    : AgentEndpoints.Answer.text(404, "");
        })));
        operatorApi.add(server.createContext("/files/read",
                ex -> get(ex, () -> AgentEndpoints.read(cluster, query(ex)))));
        server.start();
        LOG.info("Simulated Mesos master listening on {}", url());
    }

    public static MesosMasterSimulator start(SimulatorConfig config) throws IOException {
        return new MesosMasterSimulator(new ClusterState(config), true, config.port());
    }

    /** A second master over the same cluster, for master failover. */
    public static MesosMasterSimulator standby(ClusterState cluster) throws IOException {
        return new MesosMasterSimulator(cluster, false, 0);
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public ClusterState cluster() {
        return cluster;
    }

    /** Every task the master knows, in launch order. */
    public List<TaskView> tasks() {
        synchronized (cluster) {
            return cluster.allTasks().stream()
                    .map(t -> new TaskView(t.id(), t.info.getName(), t.frameworkId, t.agentId, t.state())).toList();
        }
    }

    /** How many tasks the master knows in each state (cheap: no list is built, for polling a large cluster). */
    public Map<TaskState, Long> taskCounts() {
        synchronized (cluster) {
            return cluster.taskCounts();
        }
    }

    /** Status updates the agents sent again because the framework had not acknowledged them in time. */
    public long statusUpdatesResent() {
        return cluster.resent();
    }

    public List<TaskView> runningTasks() {
        return tasks().stream().filter(t -> t.state() == TaskState.TASK_RUNNING).toList();
    }

    public List<SimAgent> agents() {
        return cluster.config.agents();
    }

    /** Resources of the agent neither offered nor used by a task: cpus. */
    public double freeCpus(String agentId) {
        synchronized (cluster) {
            return cluster.agent(agentId).orElseThrow().free().scalar("cpus").orElse(0.0);
        }
    }

    /** Calls of this type the master handled (SUBSCRIBE excluded), e.g. ACCEPT for launch batching figures. */
    public long calls(Call.Type type) {
        return calls.count(type);
    }

    /**
     * Puts {@code filter} in front of the scheduler API: it sees every call and answer, e.g. to check from outside
     * how the frameworks behave (the crash harness's ACCEPT terms). Filters run before the master's checks.
     */
    public void filterSchedulerCalls(Filter filter) {
        schedulerApi.getFilters().add(filter);
    }

    public Faults faults() {
        return new Faults(this, cluster);
    }

    /**
     * Puts {@code filter} in front of the master's and the agents' read-only endpoints (state, frameworks, slaves,
     * tasks, {@code /slave(N)/state}, {@code /files/read}): it sees what a reader asks and with which credentials.
     */
    public void filterOperatorCalls(Filter filter) {
        operatorApi.forEach(c -> c.getFilters().add(filter));
    }

    /** Makes {@code leader} the leading master: this one drops its streams and redirects every call there. */
    public void failoverTo(MesosMasterSimulator leader) {
        leaderUrl = Optional.of(leader.url());
        synchronized (cluster) {
            cluster.frameworks().forEach(f -> f.stream().ifPresent(EventStream::close));
        }
    }

    void leaderless(boolean on) {
        leaderless = on;
    }

    /** {@code Master::Http::scheduler}: leader, authentication, request, framework and stream, then the call. */
    private void scheduler(HttpExchange ex) throws IOException {
        try (ex) {
            sleep(cluster.faults.callLatency.toMillis());
            if (leaderless) {
                respond(ex, 503, "text/plain", "No leader elected");
                return;
            }
            if (leaderUrl.isPresent()) {
                // The real master answers with a scheme-relative Location ("//host:port/path"); clients must resolve it.
                ex.getResponseHeaders().add("Location", leaderUrl.get().substring("http:".length()) + PATH);
                respond(ex, 307, "text/plain", "");
                return;
            }
            if (!authorized(ex)) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"mesos\"");
                respond(ex, 401, "text/plain", "");
                return;
            }
            Optional<String> principal = cluster.config.principal();
            SchedulerHttp.Read read = SchedulerHttp.read(ex.getRequestMethod(), header(ex, "Content-Type"),
                    header(ex, "Accept"), header(ex, "Mesos-Stream-Id").isPresent(),
                    ex.getRequestBody().readAllBytes(), principal);
            switch (read) {
                case SchedulerHttp.Read.Refused r -> {
                    if (r.status() == 405) {
                        ex.getResponseHeaders().add("Allow", "POST");
                    }
                    respond(ex, r.status(), "text/plain; charset=utf-8", r.body());
                }
                case SchedulerHttp.Read.Valid v when v.call().getType() == Call.Type.SUBSCRIBE ->
                        subscribe(ex, v.call(), v.jsonOut());
                case SchedulerHttp.Read.Valid v -> call(ex, v.call(), principal);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A non-SUBSCRIBE call: its framework must exist, be subscribed over this stream; then 202 (501 UNKNOWN). */
    private void call(HttpExchange ex, Call call, Optional<String> principal) throws IOException {
        Optional<SimFramework> found;
        synchronized (cluster) {
            found = cluster.framework(call.getFrameworkId().getValue()).filter(f -> !f.removed());
        }
        if (found.isEmpty()) {
            respond(ex, 400, "text/plain; charset=utf-8", "Framework cannot be found");
            return;
        }
        SimFramework f = found.get();
        if (principal.isPresent() && !principal.get().equals(f.info().getPrincipal())) {
            respond(ex, 400, "text/plain; charset=utf-8", "Authenticated principal '" + principal.get()
                    + "' does not match principal '" + f.info().getPrincipal() + "' set in `FrameworkInfo`");
            return;
        }
        if (!f.connected()) {
            respond(ex, 403, "text/plain; charset=utf-8", "Framework is not subscribed");
            return;
        }
        Optional<String> streamId = header(ex, "Mesos-Stream-Id");
        if (streamId.isEmpty()) {
            respond(ex, 400, "text/plain; charset=utf-8",
                    "All non-subscribe calls should include the 'Mesos-Stream-Id' header");
            return;
        }
        String current = f.stream().map(s -> s.streamId).orElse("");
        if (!streamId.get().equals(current)) {
            respond(ex, 400, "text/plain; charset=utf-8", "The stream ID '" + streamId.get() + "' included in this "
                    + "request didn't match the stream ID currently associated with framework ID " + f.id);
            return;
        }
        if (call.getType() == Call.Type.UNKNOWN) {
            respond(ex, 501, "text/plain", "");
            return;
        }
        calls.handle(f, call);
        respond(ex, 202, "text/plain", "");
    }

    private void subscribe(HttpExchange ex, Call call, boolean json) throws IOException, InterruptedException {
        EventStream stream = calls.subscribe(call, json);
        ex.getResponseHeaders().add("Content-Type", json ? SchedulerHttp.JSON : SchedulerHttp.PROTOBUF);
        ex.getResponseHeaders().add("Mesos-Stream-Id", stream.streamId);
        ex.sendResponseHeaders(200, 0);
        long beat = cluster.config.heartbeatInterval().toMillis();
        // Like the master's heartbeater: a first HEARTBEAT right after SUBSCRIBED, then one per interval.
        ScheduledFuture<?> heartbeat = cluster.timers.scheduleAtFixedRate(
                () -> stream.send(Event.newBuilder().setType(Event.Type.HEARTBEAT).build()),
                0, beat, TimeUnit.MILLISECONDS);
        try {
            stream.pump(ex.getResponseBody());
        } finally {
            heartbeat.cancel(false);
            Optional<String> id;
            synchronized (cluster) {
                id = cluster.frameworks().stream().filter(f -> f.stream().filter(s -> s == stream).isPresent())
                        .map(f -> f.id).findFirst();
            }
            id.ifPresent(frameworkId -> calls.disconnected(frameworkId, stream));
        }
    }

    private boolean authorized(HttpExchange ex) {
        if (cluster.config.principal().isEmpty()) {
            return true;
        }
        String expected = MesosHttpClients.basic(cluster.config.principal().get(), cluster.config.secret().orElse(""));
        return header(ex, "Authorization").filter(expected::equals).isPresent();
    }

    private static Optional<String> header(HttpExchange ex, String name) {
        return Optional.ofNullable(ex.getRequestHeaders().getFirst(name));
    }

    /** The query string's parameters, decoded; the first value of each wins. */
    private static Map<String, String> query(HttpExchange ex) {
        Map<String, String> out = new LinkedHashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(key, value);
        }
        return out;
    }

    private interface Handler {
        AgentEndpoints.Answer answer() throws IOException;
    }

    private static AgentEndpoints.Answer json(byte[] body) {
        return AgentEndpoints.Answer.json(body);
    }

    /** An operator GET: 405 for other methods, as libprocess answers. */
    private void get(HttpExchange ex, Handler handler) throws IOException {
        try (ex) {
            if (!ex.getRequestMethod().equals("GET") && !ex.getRequestMethod().equals("HEAD")) {
                respond(ex, 405, "text/plain", "");
                return;
            }
            AgentEndpoints.Answer a = handler.answer();
            respond(ex, a.status(), a.contentType(), a.body());
        }
    }

    static void respond(HttpExchange ex, int code, String type, String body) throws IOException {
        respond(ex, code, type, body.getBytes(StandardCharsets.UTF_8));
    }

    static void respond(HttpExchange ex, int code, String type, byte[] bytes) throws IOException {
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(code, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            ex.getResponseBody().write(bytes);
        }
        ex.close();
    }

    private static void sleep(long ms) throws InterruptedException {
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        if (ownsCluster) {
            cluster.close();
        }
    }
}
