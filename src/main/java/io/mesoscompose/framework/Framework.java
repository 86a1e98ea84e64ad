package io.mesoscompose.framework;

import io.mesoscompose.api.ApiSettings;
import io.mesoscompose.api.ComposeApi;
import io.mesoscompose.api.ComposeBackend;
import io.mesoscompose.api.HttpApiServer;
import io.mesoscompose.config.FrameworkConfig;
import io.mesoscompose.logs.AgentHttp;
import io.mesoscompose.logs.TaskSandboxes;
import io.mesoscompose.mesos.MesosClient;
import io.mesoscompose.mesos.MesosEvent;
import io.mesoscompose.plan.PlanSettings;
import io.mesoscompose.scheduler.ResumedPlans;
import io.mesoscompose.scheduler.Scheduler;
import io.mesoscompose.scheduler.SchedulerSettings;
import io.mesoscompose.secrets.SecretResolver;
import io.mesoscompose.state.StateStore;
import io.mesoscompose.state.StateStores;
import io.mesoscompose.tls.TlsContexts;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running framework: the state store, the scheduler, the Mesos client and the HTTP API, wired together and
 * started in an order that never acts on half-loaded state: the stored state is loaded and the stored projects
 * are re-planned before the API accepts requests and before the first SUBSCRIBE.
 */
public final class Framework implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Framework.class);

    /** How long to wait before subscribing again after the master refused us. */
    private static final Duration ERROR_PAUSE = Duration.ofSeconds(5);
    /** How long a master may be unreachable at start before the hint on what to do is logged. */
    private static final Duration NO_MASTER_HINT_AFTER = Duration.ofSeconds(3);

    private final Deque<AutoCloseable> parts = new ArrayDeque<>();
    private StateStore store;
    private Scheduler scheduler;
    private MesosClient client;
    private ComposeApi api;
    private ProjectService projects;
    private volatile boolean closed;

    private SchedulerBackend backend;

    private Framework() {}

    /** Starts everything; on failure, whatever had started is stopped again and the cause is thrown. */
    public static Framework start(FrameworkConfig config, SecretResolver secrets, Clock clock) {
        Framework f = new Framework();
        try {
            FrameworkConfig bound = withBoundPort(config);
            logStart(bound);
            f.store = StateStores.open(bound.state().spec(), bound.mesos().frameworkName(),
                    bound.state().redisPoolSize());
            f.parts.push(f.store);
            LOG.info("state store: {}", f.store.describe());
            PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
            f.startScheduling(bound, f.store, registry, ProjectService::resumePlans, secrets, clock);
            f.api = startApi(bound, f.backend, registry);
            f.parts.push(f.api);
            f.client.start();
            f.warnIfNoMaster(bound.mesos().master());
            return f;
        } catch (RuntimeException | IOException e) {
            f.close();
            throw e instanceof IOException io ? new UncheckedIOException("the HTTP API cannot start: " + io.getMessage(), io)
                    : (RuntimeException) e;
        }
    }

    /**
     * The scheduling part alone, for the elected leader of highly available instances (see
     * {@link HighlyAvailableFramework}): scheduler, Mesos client (subscribing with the stored framework ID, i.e. as
     * a failover) and project service over a store and a registry that the caller owns, as does the API. The plans
     * are the ones the standby kept built.
     */
    static Framework lead(FrameworkConfig config, StateStore store, ResumedPlans plans,
                          PrometheusMeterRegistry registry, SecretResolver secrets, Clock clock) {
        Framework f = new Framework();
        try {
            f.store = store;
            f.startScheduling(config, store, registry, projects -> plans, secrets, clock);
            // The API switches to this scheduler next: it must answer from the loaded state, not an empty one.
            ProjectService.await(f.scheduler.barrier(), "load the state");
            f.client.start();
            f.warnIfNoMaster(config.mesos().master());
            return f;
        } catch (RuntimeException e) {
            f.close();
            throw e;
        }
    }

    static void logStart(FrameworkConfig config) {
        LOG.info("starting framework {} (role {}) for master {}", config.mesos().frameworkName(), config.mesos().role(),
                config.mesos().master());
        config.notices().forEach(notice -> LOG.warn("{}", notice));
    }

    private void startScheduling(FrameworkConfig config, StateStore store, PrometheusMeterRegistry registry,
                                 Function<ProjectService, ResumedPlans> plans, SecretResolver secrets,
                                 Clock clock) {
        AtomicReference<MasterErrors> errors = new AtomicReference<>();
        AtomicReference<Scheduler> events = new AtomicReference<>();
        // Read before the loop loads the state: the load holds the store for seconds at 100,000 tasks, and the first
        // SUBSCRIBE need not wait for it (only the loop changes the ID, and not before it has loaded).
        client = MesosClient.forFramework(config, frameworkIds(store.frameworkId(), store::frameworkId),
                (MesosEvent e) -> {
                    events.get().accept(e);
                    if (e instanceof MesosEvent.Error error) {
                        errors.get().onError(error);
                    }
                });
        parts.push(client);
        scheduler = new Scheduler(store, client, secrets, registry, clock, SchedulerSettings.from(config));
        events.set(scheduler);
        parts.push(scheduler);
        MasterErrors masterErrors = new MasterErrors(scheduler, client::reconnect, ERROR_PAUSE);
        errors.set(masterErrors);
        parts.push(masterErrors::close);
        projects = new ProjectService(store, scheduler, PlanSettings.fromConfig(config), clock);
        scheduler.start(plans.apply(projects));
        AgentHttp agents = AgentHttp.from(config.mesos());
        parts.push(agents);
        backend = new SchedulerBackend(projects, scheduler, store, client::isSubscribed, client::reconnect,
                client::frameworkStatus, new TaskSandboxes(agents, client::master));
    }

    /** The framework ID each SUBSCRIBE asks for: first the one read before the state was loaded, then the store's. */
    static Supplier<Optional<FrameworkID>> frameworkIds(Optional<String> beforeLoad, Supplier<Optional<String>> stored) {
        AtomicBoolean first = new AtomicBoolean(true);
        return () -> (first.getAndSet(false) ? beforeLoad : stored.get())
                .map(id -> FrameworkID.newBuilder().setValue(id).build());
    }

    /** The HTTP API over {@code backend}, on the configured address, registered as web UI. */
    static ComposeApi startApi(FrameworkConfig config, ComposeBackend backend, PrometheusMeterRegistry registry)
            throws IOException {
        HttpApiServer.Settings apiSettings = ApiSettings.from(config, config.http().tls().map(Framework::serverTls));
        ComposeApi api = ComposeApi.start(apiSettings, backend, registry, false);
        LOG.info("HTTP API on {} ({}), registered as web UI {}", api.baseUri(),
                apiSettings.auth().isPresent() ? "basic auth" : "NO authentication", config.http().webuiUrl());
        return api;
    }

    private static SSLContext serverTls(FrameworkConfig.ServerTls tls) {
        return switch (tls) {
            case FrameworkConfig.ServerTls.KeyStoreFile file -> TlsContexts.server(file.path(), file.password());
            case FrameworkConfig.ServerTls.Pem pem -> TlsContexts.serverFromPem(pem.certificatesBase64(),
                    pem.keyBase64());
        };
    }

    /**
     * A newcomer who starts {@code serve} without a master sees only retries; after a short wait, one line says
     * what is wrong and what to do. The client keeps retrying either way.
     */
    private void warnIfNoMaster(String master) {
        Thread.ofVirtual().name("no-master-hint").start(() -> {
            try {
                Thread.sleep(NO_MASTER_HINT_AFTER);
            } catch (InterruptedException e) {
                return;
            }
            if (!closed && !client.isSubscribed()) {
                LOG.warn("no Mesos master has accepted us at {} after {} s (the reason is logged above): set"
                        + " MESOS_MASTER (or --master) to your master's address, or try a simulated cluster with"
                        + " `mesos-compose serve --simulate`; still retrying", master, NO_MASTER_HINT_AFTER.toSeconds());
            }
        });
    }

    /** Port 0 asks for any free port; Mesos must be told the real one (webui_url), so it is chosen up front. */
    static FrameworkConfig withBoundPort(FrameworkConfig config) throws IOException {
        if (config.http().port() != 0) {
            return config;
        }
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(config.http().listenHost()))) {
            port = probe.getLocalPort();
        }
        return config.with(new FrameworkConfig.Overrides(Optional.empty(), Optional.empty(), Optional.of(port),
                Optional.empty(), Optional.empty(), false));
    }

    public URI apiUri() {
        return api.baseUri();
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public ProjectService projects() {
        return projects;
    }

    public boolean subscribed() {
        return client != null && client.isSubscribed();
    }

    /** The API's view of this framework's scheduler. */
    ComposeBackend backend() {
        return backend;
    }

    /**
     * Closes, then tells whether the scheduler loop and the Mesos connection loop have really ended (each is waited
     * for a few seconds): false when one of them hung in a call and might still act.
     */
    boolean stopConfirmed() {
        close();
        return (scheduler == null || scheduler.hasStopped()) && (client == null || client.hasStopped());
    }

    /** Stops the parts in reverse order of starting; the tasks keep running on Mesos (failover timeout). */
    @Override
    public void close() {
        closed = true;
        closeAll(parts);
    }

    /** Closes the parts, the last pushed first; one that fails is logged and the others are closed still. */
    static void closeAll(Deque<AutoCloseable> parts) {
        while (!parts.isEmpty()) {
            AutoCloseable part = parts.pop();
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("stopping {} failed: {}", part.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
