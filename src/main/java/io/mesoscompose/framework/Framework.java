package io.mesoscompose.framework;

import io.mesoscompose.api.ApiSettings;
import io.mesoscompose.api.ComposeApi;
import io.mesoscompose.api.HttpApiServer;
import io.mesoscompose.config.FrameworkConfig;
import io.mesoscompose.mesos.MesosClient;
import io.mesoscompose.mesos.MesosEvent;
import io.mesoscompose.plan.PlanSettings;
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
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
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
    private static final java.time.Duration ERROR_PAUSE = java.time.Duration.ofSeconds(5);

    private final Deque<AutoCloseable> parts = new ArrayDeque<>();
    private StateStore store;
    private Scheduler scheduler;
    private MesosClient client;
    private ComposeApi api;
    private ProjectService projects;

    private Framework() {}

    /** Starts everything; on failure, whatever had started is stopped again and the cause is thrown. */
    public static Framework start(FrameworkConfig config, SecretResolver secrets, Clock clock) {
        Framework f = new Framework();
        try {
            f.startParts(withBoundPort(config), secrets, clock);
            return f;
        } catch (RuntimeException | IOException e) {
            f.close();
            throw e instanceof IOException io ? new UncheckedIOException("the HTTP API cannot start: " + io.getMessage(), io)
                    : (RuntimeException) e;
        }
    }

    private void startParts(FrameworkConfig config, SecretResolver secrets, Clock clock) throws IOException {
        LOG.info("starting framework {} (role {}) for master {}", config.mesos().frameworkName(), config.mesos().role(),
                config.mesos().master());
        store = StateStores.open(config.state().spec(), config.mesos().frameworkName());
        parts.push(store);
        LOG.info("state store: {}", store.describe());
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        AtomicReference<MasterErrors> errors = new AtomicReference<>();
        AtomicReference<Scheduler> events = new AtomicReference<>();
        client = MesosClient.forFramework(config,
                () -> store.frameworkId().map(id -> FrameworkID.newBuilder().setValue(id).build()),
                (MesosEvent e) -> {
                    events.get().accept(e);
                    if (e instanceof MesosEvent.Error error) {
                        errors.get().onError(error);
                    }
                });
        parts.push(client);
        scheduler = new Scheduler(store, client, secrets, registry, clock, SchedulerSettings.DEFAULT);
        events.set(scheduler);
        parts.push(scheduler);
        MasterErrors masterErrors = new MasterErrors(scheduler, client::reconnect, ERROR_PAUSE);
        errors.set(masterErrors);
        parts.push(masterErrors::close);
        projects = new ProjectService(store, scheduler, PlanSettings.fromConfig(config), clock);
        scheduler.start(projects.resumePlans());
        SchedulerBackend backend = new SchedulerBackend(projects, scheduler, store, client::isSubscribed,
                client::reconnect, client::frameworkStatus);
        FrameworkConfig.Http http = config.http();
        HttpApiServer.Settings apiSettings = ApiSettings.from(config, http.tlsKeyStore()
                .map(keyStore -> TlsContexts.server(keyStore, http.tlsKeyStorePassword().orElseThrow())));
        api = ComposeApi.start(apiSettings, backend, registry, false);
        parts.push(api);
        LOG.info("HTTP API on {} ({}), registered as web UI {}", api.baseUri(),
                apiSettings.auth().isPresent() ? "basic auth" : "NO authentication", config.http().webuiUrl());
        client.start();
    }

    /** Port 0 asks for any free port; Mesos must be told the real one (webui_url), so it is chosen up front. */
    private static FrameworkConfig withBoundPort(FrameworkConfig config) throws IOException {
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

    /** Stops the parts in reverse order of starting; the tasks keep running on Mesos (failover timeout). */
    @Override
    public void close() {
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
