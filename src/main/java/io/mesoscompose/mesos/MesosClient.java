package io.mesoscompose.mesos;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.ByteString;
import io.mesoscompose.config.FrameworkConfig;
import io.mesoscompose.json.Json;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The v1 Scheduler HTTP API client. One thread ("mesos-connection") subscribes to the leading master, reads
 * the event stream and hands every event, in order, to the consumer given at construction; when the stream ends
 * or goes silent for {@code missedHeartbeats} heartbeat intervals it delivers {@link MesosEvent.Disconnected} and
 * subscribes again (with the framework ID the supplier then gives, i.e. as a failover) after an exponential backoff.
 * After an ERROR event (delivered) the loop waits: the scheduler decides, and calls {@link #reconnect()} to go on.
 *
 * <p>The {@link SchedulerCalls} may be made from any thread; they are sent on the current subscription with its
 * framework ID and {@code Mesos-Stream-Id}.
 */
public final class MesosClient implements SchedulerCalls, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MesosClient.class);
    /** The master's default, assumed until SUBSCRIBED says otherwise. */
    private static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);

    private final ClientConfig config;
    private final MasterDetector detector;
    private final Supplier<Optional<FrameworkID>> frameworkId;
    private final Consumer<MesosEvent> events;
    private final MasterHttp http;
    private final Backoff backoff;
    /** Wakes the connection loop from its backoff wait (reconnect asked, leader moved, closing). */
    private final BlockingQueue<Boolean> wake = new LinkedBlockingQueue<>();
    private final Object lifecycle = new Object();
    private Thread loop; // guarded by lifecycle
    private volatile boolean closed;
    private volatile Subscription current;
    private volatile URI lastLeader;
    /** SUBSCRIBE attempts that failed since the last subscription (only the connection loop writes it). */
    private int failedAttempts;

    /**
     * @param frameworkId asked at each SUBSCRIBE: empty registers a new framework, present fails over to it
     * @param events      receives every event on the client's connection thread; should hand them on quickly
     */
    public MesosClient(ClientConfig config, MasterDetector detector, Supplier<Optional<FrameworkID>> frameworkId,
                       Consumer<MesosEvent> events) {
        this.config = config;
        this.detector = detector;
        this.frameworkId = frameworkId;
        this.events = events;
        this.http = new MasterHttp(config);
        this.backoff = new Backoff(config.timing().backoffMin(), config.timing().backoffMax(), new Random());
        detector.onLeaderChange(this::leaderChanged);
    }

    /**
     * The client as the framework runs it: the masters of {@code MESOS_MASTER}, FrameworkInfo, credentials and TLS
     * from the configuration, the framework's web UI URL registered for the Mesos CLI.
     */
    public static MesosClient forFramework(FrameworkConfig framework, Supplier<Optional<FrameworkID>> frameworkId,
                                           Consumer<MesosEvent> events) {
        FrameworkConfig.Mesos mesos = framework.mesos();
        return new MesosClient(ClientConfig.from(mesos, framework.http().webuiUrl(), framework.tasks().gpuAllocation()),
                MasterDetector.fromSpec(mesos.master(), mesos.ssl()), frameworkId, events);
    }

    /** Starts subscribing; does nothing while the connection loop runs. */
    public void start() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("Mesos client is closed");
            }
            if (loop == null || !loop.isAlive()) {
                // A platform thread: it reads the event stream's socket itself (see Subscription).
                loop = Thread.ofPlatform().daemon().name("mesos-connection").start(this::run);
            }
        }
    }

    /**
     * Drops the current subscription and subscribes again at once, with the framework ID the supplier gives now;
     * also the way on after an ERROR.
     */
    public void reconnect() {
        if (closed) {
            return;
        }
        Subscription s = current;
        if (s != null) {
            s.abort("re-registration requested");
        }
        wake.offer(Boolean.TRUE);
        start();
    }

    /** True once closed and the connection loop has ended. */
    public boolean hasStopped() {
        synchronized (lifecycle) {
            return closed && (loop == null || !loop.isAlive());
        }
    }

    /** True between SUBSCRIBED and the end of that subscription: calls can be made. */
    public boolean isSubscribed() {
        Subscription s = current;
        return s != null && s.subscribed();
    }

    /** The master of the current subscription. */
    public Optional<URI> master() {
        Subscription s = current;
        return s == null ? Optional.empty() : Optional.of(s.stream.master());
    }

    /**
     * Asks the master whether it knows {@code frameworkId}: the master of the current subscription, else the
     * masters the detector names, in turn. Blocks for at most a request timeout per master; never throws.
     */
    public FrameworkStatus frameworkStatus(String frameworkId) {
        List<URI> masters;
        try {
            Optional<URI> subscribedTo = master();  // the detector is asked only when there is none
            masters = subscribedTo.isPresent() ? List.of(subscribedTo.get()) : candidates();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new FrameworkStatus.Unreachable("interrupted while looking for the leading master");
        }
        String failure = "no leading master known";
        String path = "/master/frameworks?framework_id=" + URLEncoder.encode(frameworkId, StandardCharsets.UTF_8);
        for (URI master : masters) {
            try {
                return frameworkStatus(frameworkId, Json.MAPPER.readTree(http.get(master, path)));
            } catch (IOException | MesosCallException e) {
                failure = master + ": " + describe(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new FrameworkStatus.Unreachable("interrupted while asking " + master);
            }
        }
        return new FrameworkStatus.Unreachable(failure);
    }

    /** Where {@code id} appears in a {@code /master/frameworks} answer. */
    static FrameworkStatus frameworkStatus(String id, JsonNode answer) {
        if (!answer.path("frameworks").isArray()) {
            return new FrameworkStatus.Unreachable("the master's answer has no frameworks list");
        }
        for (JsonNode f : answer.path("frameworks")) {
            if (id.equals(f.path("id").asText())) {
                return new FrameworkStatus.Registered(f.path("active").asBoolean(), f.path("connected").asBoolean());
            }
        }
        for (JsonNode f : answer.path("completed_frameworks")) {
            if (id.equals(f.path("id").asText())) {
                return new FrameworkStatus.Completed();
            }
        }
        return new FrameworkStatus.Unknown();
    }

    private void leaderChanged(URI leader) {
        Subscription s = current;
        if (s != null && !s.stream.master().equals(leader)) {
            log.info("master moved to {}", leader);
            s.abort("master moved to " + leader);
        }
        wake.offer(Boolean.TRUE);
    }

    // ---- the connection loop ----

    /** How a subscription ended. {@code immediate}: reconnect without backoff (asked for, or the leader moved). */
    private record Ending(String reason, boolean wasSubscribed, boolean fatal, boolean immediate) {}

    private void run() {
        try {
            while (!closed) {
                wake.clear();
                Ending end = subscribeAndStream();
                if (closed) {
                    return;
                }
                if (end.fatal()) {
                    log.error("master refused the framework: {}; not reconnecting until asked to", end.reason());
                    wake.take();
                    continue;
                }
                if (end.wasSubscribed()) {
                    deliver(new MesosEvent.Disconnected(end.reason()));
                }
                Duration wait = end.immediate() ? Duration.ZERO : backoff.next();
                log.warn("{}: {}, reconnecting {}", end.wasSubscribed() ? "connection lost" : "could not subscribe",
                        end.reason(), wait.isZero() ? "now" : "in " + seconds(wait));
                if (!wait.isZero()) {
                    wake.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        } catch (InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            if (!closed) {  // closing interrupts whatever the loop was doing, e.g. reading the framework ID
                log.error("Mesos connection loop failed; call reconnect() to start it again", e);
            }
        }
    }

    private Ending subscribeAndStream() throws InterruptedException {
        List<URI> masters = candidates();
        if (masters.isEmpty()) {
            return new Ending("no leading master known", false, false, false);
        }
        String failure = "";
        for (URI master : masters) {
            Optional<FrameworkID> id = frameworkId.get();
            // Once per outage at INFO; the retries are in the WARN line of the connection loop.
            boolean first = failedAttempts == 0;
            if (first) {
                log.info("subscribing to {} as framework {} ({})", master, config.frameworkName(),
                        id.map(i -> "id " + i.getValue()).orElse("new"));
            } else {
                log.debug("subscribing to {} as framework {} ({})", master, config.frameworkName(),
                        id.map(i -> "id " + i.getValue()).orElse("new"));
            }
            MasterHttp.Stream stream;
            try {
                stream = http.subscribe(master, Calls.subscribe(config.frameworkInfo(id), config.offerConstraints()));
            } catch (IOException | MesosCallException e) {
                failure = master + ": " + describe(e);
                log.debug("SUBSCRIBE to {} failed: {}", master, describe(e));
                continue;
            }
            Subscription subscription = new Subscription(stream, config.wireFormat());
            if (closed) {
                subscription.close();
                return new Ending("client closed", false, false, true);
            }
            return stream(subscription);
        }
        failedAttempts++;
        return new Ending("no master accepted SUBSCRIBE (last: " + failure + ")", false, false, false);
    }

    /**
     * The masters to try now. From a fixed list, the one that last accepted us (perhaps reached by redirect) goes
     * first: it most likely still leads, and a dead first entry would otherwise cost a connect timeout each time.
     * ZooKeeper knows better than our memory.
     */
    private List<URI> candidates() throws InterruptedException {
        List<URI> masters = detector.masters(config.timing().detectTimeout());
        URI last = lastLeader;
        return switch (detector) {
            case StaticMasters fixed when last != null ->
                    Stream.concat(Stream.of(last), masters.stream().filter(m -> !m.equals(last))).toList();
            case StaticMasters fixed -> masters;
            case ZooKeeperMasters zk -> masters;
        };
    }

    /** Hands the subscription's events on until it ends. */
    private Ending stream(Subscription subscription) throws InterruptedException {
        current = subscription;
        Duration silence = DEFAULT_HEARTBEAT.multipliedBy(config.timing().missedHeartbeats());
        try {
            while (true) {
                Subscription.Item item = subscription.next(silence);
                boolean subscribed = subscription.subscribed();
                if (item instanceof Subscription.Ended end) {
                    return new Ending(end.reason(), subscribed, false, end.asked());
                }
                Event event = ((Subscription.Received) item).event();
                if (event.getType() == Event.Type.SUBSCRIBED) {
                    silence = subscribed(subscription, event.getSubscribed());
                }
                EventDecoder.decode(event, subscription.stream.master().toString()).ifPresent(this::deliver);
                if (event.getType() == Event.Type.ERROR) {
                    return new Ending(event.getError().getMessage(), subscribed, true, false);
                }
            }
        } finally {
            current = null;
            subscription.close();
        }
    }

    /** Records the subscription and returns the silence after which the connection counts as dead. */
    private Duration subscribed(Subscription subscription, Event.Subscribed info) {
        subscription.frameworkId = info.getFrameworkId();
        lastLeader = subscription.stream.master();
        backoff.reset();
        failedAttempts = 0;
        Duration heartbeat = info.hasHeartbeatIntervalSeconds() && info.getHeartbeatIntervalSeconds() > 0
                ? Duration.ofMillis(Math.round(info.getHeartbeatIntervalSeconds() * 1000)) : DEFAULT_HEARTBEAT;
        log.info("subscribed to {} as framework {} (id {}), heartbeat {}", subscription.stream.master(),
                config.frameworkName(), info.getFrameworkId().getValue(), seconds(heartbeat));
        return heartbeat.multipliedBy(config.timing().missedHeartbeats());
    }

    private void deliver(MesosEvent event) {
        try {
            events.accept(event);
        } catch (RuntimeException e) {
            log.error("event consumer failed on {}", event.getClass().getSimpleName(), e);
        }
    }

    // ---- calls ----

    private void send(Call call) {
        Subscription s = current;
        FrameworkID id = s == null ? null : s.frameworkId;
        if (id == null) {
            throw new MesosCallException(call.getType() + " not sent: not subscribed to a master", 0, null);
        }
        try {
            http.call(s.stream.master(), s.stream.streamId(), withFrameworkId(call, id));
        } catch (MesosCallException e) {
            if (e.httpStatus() == 307) {
                s.abort(e.getMessage());
            }
            throw e;
        }
    }

    /** {@code call} from framework {@code id}: as it is when made with that ID already (acknowledgements are). */
    private static Call withFrameworkId(Call call, FrameworkID id) {
        return call.hasFrameworkId() && call.getFrameworkId().equals(id) ? call
                : call.toBuilder().setFrameworkId(id).build();
    }

    /** The same as {@link #send}, queued on the call connection and answered later. */
    private CompletableFuture<Void> sendAsync(Call call) {
        Subscription s = current;
        FrameworkID id = s == null ? null : s.frameworkId;
        if (id == null) {
            return CompletableFuture.failedFuture(new MesosCallException(call.getType()
                    + " not sent: not subscribed to a master", 0, null));
        }
        return http.callAsync(s.stream.master(), s.stream.streamId(), withFrameworkId(call, id))
                .whenComplete((ok, failure) -> {
                    if (failure instanceof MesosCallException e && e.httpStatus() == 307) {
                        s.abort(e.getMessage());
                    }
                });
    }

    @Override
    public void accept(Collection<OfferID> offerIds, List<Offer.Operation> operations, Filters filters) {
        send(Calls.accept(offerIds, operations, filters));
    }

    @Override
    public CompletableFuture<Void> acceptAsync(Collection<OfferID> offerIds, List<Offer.Operation> operations,
                                               Filters filters) {
        return sendAsync(Calls.accept(offerIds, operations, filters));
    }

    @Override
    public void decline(Collection<OfferID> offerIds, Filters filters) {
        send(Calls.decline(offerIds, filters));
    }

    @Override
    public CompletableFuture<Void> declineAsync(Collection<OfferID> offerIds, Filters filters) {
        return sendAsync(Calls.decline(offerIds, filters));
    }

    @Override
    public void revive(Collection<String> roles) {
        send(Calls.revive(roles));
    }

    @Override
    public CompletableFuture<Void> reviveAsync(Collection<String> roles) {
        return sendAsync(Calls.revive(roles));
    }

    @Override
    public void suppress(Collection<String> roles) {
        send(Calls.suppress(roles));
    }

    @Override
    public CompletableFuture<Void> suppressAsync(Collection<String> roles) {
        return sendAsync(Calls.suppress(roles));
    }

    @Override
    public void kill(TaskID taskId, Optional<AgentID> agentId) {
        send(Calls.kill(taskId, agentId));
    }

    @Override
    public CompletableFuture<Void> killAsync(TaskID taskId, Optional<AgentID> agentId) {
        return sendAsync(Calls.kill(taskId, agentId));
    }

    @Override
    public void acknowledge(TaskStatus status) {
        Calls.acknowledge(status, subscribedAs()).ifPresent(this::send);
    }

    @Override
    public CompletableFuture<Void> acknowledgeAsync(TaskStatus status) {
        return Calls.acknowledge(status, subscribedAs()).map(this::sendAsync)
                .orElse(CompletableFuture.completedFuture(null));
    }

    /** The framework ID of the current subscription, if any (a call is sent only while there is one). */
    private Optional<FrameworkID> subscribedAs() {
        Subscription s = current;
        return Optional.ofNullable(s == null ? null : s.frameworkId);
    }

    @Override
    public void reconcile(List<Call.Reconcile.Task> tasks) {
        send(Calls.reconcile(tasks));
    }

    @Override
    public CompletableFuture<Void> reconcileAsync(List<Call.Reconcile.Task> tasks) {
        return sendAsync(Calls.reconcile(tasks));
    }

    @Override
    public void message(AgentID agentId, ExecutorID executorId, ByteString data) {
        send(Calls.message(agentId, executorId, data));
    }

    @Override
    public void teardown() {
        send(Calls.teardown());
    }

    // ---- helpers ----

    /** Stops the connection loop, closes the subscription (the master starts the failover timeout) and the detector. */
    @Override
    public void close() {
        Thread running;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            running = loop;
        }
        Subscription s = current;
        if (s != null) {
            s.abort("client closed");
        }
        wake.offer(Boolean.TRUE);
        if (running != null) {
            running.interrupt();
            try {
                running.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        http.close();
        detector.close();
    }

    private static String describe(Exception e) {
        if (e instanceof ConnectException) {
            return "connection refused (nothing listens there)";  // says more than the bare "Connection refused"
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1fs", d.toMillis() / 1000.0);
    }
}
