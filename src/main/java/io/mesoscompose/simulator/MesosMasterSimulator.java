package io.mesoscompose.simulator;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.MasterInfo;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Mesos master speaking the v1 scheduler HTTP API on loopback, for tests and {@code mesos-compose simulate}.
 * Several instances may share one {@link ClusterState}: {@link #failoverTo} makes this one a non-leader that
 * redirects (307) to the new leader, as a real master does.
 */
public final class MesosMasterSimulator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MesosMasterSimulator.class);
    private static final String PATH = "/api/v1/scheduler";

    private final ClusterState cluster;
    private final boolean ownsCluster;
    private final HttpServer server;
    private final MasterCalls calls;
    private final HttpContext scheduler;
    private volatile String leaderUrl;

    private MesosMasterSimulator(ClusterState cluster, boolean ownsCluster, int port) throws IOException {
        this.cluster = cluster;
        this.ownsCluster = ownsCluster;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        MasterInfo info = MasterInfo.newBuilder().setId(UUID.randomUUID().toString()).setIp(0x0100007f)
                .setPort(server.getAddress().getPort()).setHostname("localhost").setVersion("1.11.0").build();
        this.calls = new MasterCalls(cluster, info);
        this.scheduler = server.createContext(PATH, this::handle);
        server.createContext("/state", ex -> respond(ex, 200, "application/json", OperatorView.state(cluster)));
        server.createContext("/master/state", ex -> respond(ex, 200, "application/json", OperatorView.state(cluster)));
        server.createContext("/master/frameworks",
                ex -> respond(ex, 200, "application/json", OperatorView.frameworks(cluster)));
        server.start();
        log.info("Simulated Mesos master listening on {}", url());
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
    public java.util.List<TaskView> tasks() {
        synchronized (cluster) {
            return cluster.tasks.values().stream()
                    .map(t -> new TaskView(t.id(), t.info.getName(), t.frameworkId, t.agentId, t.state)).toList();
        }
    }

    public java.util.List<TaskView> runningTasks() {
        return tasks().stream().filter(t -> t.state() == org.apache.mesos.v1.Protos.TaskState.TASK_RUNNING).toList();
    }

    public java.util.List<SimAgent> agents() {
        return java.util.List.copyOf(cluster.config.agents());
    }

    /** Resources of the agent neither offered nor used by a task: cpus. */
    public double freeCpus(String agentId) {
        synchronized (cluster) {
            return cluster.free.get(agentId).cpus();
        }
    }

    /** Calls of this type the master handled (SUBSCRIBE excluded), e.g. ACCEPT for launch batching figures. */
    public long calls(org.apache.mesos.v1.scheduler.Protos.Call.Type type) {
        return calls.count(type);
    }

    /**
     * Puts {@code filter} in front of the scheduler API: it sees every call and answer, e.g. to check from outside
     * how the frameworks behave (the crash harness's ACCEPT terms). Filters run before the master's checks.
     */
    public void filterSchedulerCalls(Filter filter) {
        scheduler.getFilters().add(filter);
    }

    public Faults faults() {
        return new Faults(this, cluster);
    }

    /** Makes {@code leader} the leading master: this one drops its streams and redirects every call there. */
    public void failoverTo(MesosMasterSimulator leader) {
        leaderUrl = leader.url();
        synchronized (cluster) {
            cluster.frameworks.values().forEach(f -> {
                if (f.stream != null) {
                    f.stream.close();
                }
            });
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            sleep(cluster.faults.callLatency.toMillis());
            if (leaderUrl != null) {
                // The real master answers with a scheme-relative Location ("//host:port/path"); clients must resolve it.
                ex.getResponseHeaders().add("Location", leaderUrl.substring("http:".length()) + PATH);
                respond(ex, 307, "text/plain", "");
                return;
            }
            if (!ex.getRequestMethod().equals("POST")) {
                respond(ex, 405, "text/plain", "Expecting 'POST'");
                return;
            }
            if (!authorized(ex)) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"mesos\"");
                respond(ex, 401, "text/plain", "");
                return;
            }
            String contentType = String.valueOf(ex.getRequestHeaders().getFirst("Content-Type"));
            boolean json = contentType.startsWith("application/json");
            if (!json && !contentType.startsWith("application/x-protobuf")) {
                respond(ex, 415, "text/plain", "Expecting 'Content-Type' of application/json or application/x-protobuf");
                return;
            }
            byte[] body = ex.getRequestBody().readAllBytes();
            Call call;
            try {
                call = parse(body, json);
            } catch (InvalidProtocolBufferException e) {
                respond(ex, 400, "text/plain", "Failed to parse body into Call protobuf: " + e.getMessage());
                return;
            }
            if (call.getType() == Call.Type.SUBSCRIBE) {
                subscribe(ex, call, json);
                return;
            }
            if (!call.hasFrameworkId()) {
                respond(ex, 400, "text/plain", "Expecting 'framework_id' to be present");
                return;
            }
            SimFramework f;
            synchronized (cluster) {
                f = cluster.frameworks.get(call.getFrameworkId().getValue());
            }
            if (f == null || f.removed) {
                respond(ex, 403, "text/plain", "Framework cannot be found");
                return;
            }
            if (!f.connected()) {
                respond(ex, 403, "text/plain", "Framework is not subscribed");
                return;
            }
            String streamId = ex.getRequestHeaders().getFirst("Mesos-Stream-Id");
            if (streamId == null || !streamId.equals(f.stream.streamId)) {
                respond(ex, 400, "text/plain", "The stream ID '" + streamId + "' included in this request "
                        + "didn't match the stream ID currently associated with framework ID " + f.id);
                return;
            }
            calls.handle(f, call);
            respond(ex, 202, "text/plain", "");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void subscribe(HttpExchange ex, Call call, boolean json) throws IOException, InterruptedException {
        EventStream stream = calls.subscribe(call, json);
        ex.getResponseHeaders().add("Content-Type", json ? "application/json" : "application/x-protobuf");
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
            String id = call.getSubscribe().getFrameworkInfo().hasId()
                    ? call.getSubscribe().getFrameworkInfo().getId().getValue() : null;
            synchronized (cluster) {
                for (SimFramework f : cluster.frameworks.values()) {
                    if (f.stream == stream) {
                        id = f.id;
                    }
                }
            }
            if (id != null) {
                calls.disconnected(id, stream);
            }
        }
    }

    private boolean authorized(HttpExchange ex) {
        if (cluster.config.principal().isEmpty()) {
            return true;
        }
        String expected = "Basic " + Base64.getEncoder().encodeToString((cluster.config.principal().get() + ":"
                + cluster.config.secret().orElse("")).getBytes(StandardCharsets.UTF_8));
        return expected.equals(ex.getRequestHeaders().getFirst("Authorization"));
    }

    private static Call parse(byte[] body, boolean json) throws InvalidProtocolBufferException {
        if (!json) {
            return Call.parseFrom(body);
        }
        Call.Builder b = Call.newBuilder();
        JsonFormat.parser().ignoringUnknownFields().merge(new String(body, StandardCharsets.UTF_8), b);
        return b.build();
    }

    static void respond(HttpExchange ex, int code, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
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
