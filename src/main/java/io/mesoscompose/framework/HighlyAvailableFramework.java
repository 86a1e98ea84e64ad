package io.mesoscompose.framework;

import io.mesoscompose.api.ComposeApi;
import io.mesoscompose.config.FrameworkConfig;
import io.mesoscompose.ha.LeaderTerm;
import io.mesoscompose.ha.Leadership;
import io.mesoscompose.ha.LeadershipEvent;
import io.mesoscompose.logs.AgentHttp;
import io.mesoscompose.logs.TaskSandboxes;
import io.mesoscompose.mesos.MasterDetector;
import io.mesoscompose.plan.PlanSettings;
import io.mesoscompose.scheduler.SchedulerSnapshot;
import io.mesoscompose.secrets.SecretResolver;
import io.mesoscompose.state.SharedStateStore;
import io.mesoscompose.state.StateStores;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of several instances ({@code serve --ha zk://…}), one of which leads. Every instance keeps, for as long as it
 * runs: the shared state (Redis or ZooKeeper, opened without writing), the {@link HotStandby} view of it with the
 * plans built, the HTTP API (over a {@link RoleBackend}) and its place in the election ({@link Leadership}).
 *
 * <p>Elected as epoch N, an instance claims the state for N, starts the scheduling part ({@link Framework#lead}:
 * subscription with the stored framework ID, reconciliation, then scheduling) and serves the API from its
 * scheduler. When leadership ends it first stops writing (the state refuses its commits from then on), then stops
 * the scheduler and the subscription and serves as a standby again; if these cannot be confirmed stopped, the
 * process exits.
 */
public final class HighlyAvailableFramework implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HighlyAvailableFramework.class);
    /** How often a standby reads the projects again. */
    private static final Duration STANDBY_REFRESH = Duration.ofSeconds(5);
    /** How long a standby's log read waits for the masters to be known. */
    private static final Duration MASTER_WAIT = Duration.ofSeconds(2);

    private final Deque<AutoCloseable> parts = new ArrayDeque<>();
    private final FrameworkConfig config;
    private final SecretResolver secrets;
    private final Clock clock;
    private final Runnable exit;
    private SharedStateStore store;
    private PrometheusMeterRegistry registry;
    private HotStandby standby;
    private RoleBackend backend;
    private ComposeApi api;
    private Leadership leadership;
    /** The scheduling part while this instance leads (leadership thread only). */
    private volatile Optional<Framework> term = Optional.empty();

    private HighlyAvailableFramework(FrameworkConfig config, SecretResolver secrets, Clock clock, Runnable exit) {
        this.config = config;
        this.secrets = secrets;
        this.clock = clock;
        this.exit = exit;
    }

    /**
     * Starts a standby and joins the election; on failure, whatever had started is stopped again and the cause is
     * thrown.
     *
     * @param exit ends the process (status 70): a term that cannot be confirmed stopped, or a fatal scheduler error
     */
    public static HighlyAvailableFramework start(FrameworkConfig config, SecretResolver secrets, Clock clock,
                                                 Runnable exit) {
        FrameworkConfig.HighAvailability ha = config.ha().orElseThrow(() -> new IllegalArgumentException(
                "no leader election configured (MESOS_COMPOSE_HA or --ha)"));
        HighlyAvailableFramework f;
        try {
            f = new HighlyAvailableFramework(Framework.withBoundPort(config), secrets, clock, exit);
        } catch (IOException e) {
            throw new UncheckedIOException("the HTTP API cannot start: " + e.getMessage(), e);
        }
        try {
            f.startStandby(ha);
            return f;
        } catch (RuntimeException | IOException e) {
            f.close();
            throw e instanceof IOException io ? new UncheckedIOException("the HTTP API cannot start: " + io.getMessage(), io)
                    : (RuntimeException) e;
        }
    }

    private void startStandby(FrameworkConfig.HighAvailability ha) throws IOException {
        Framework.logStart(config);
        store = StateStores.openShared(config.state().spec(), config.mesos().frameworkName(),
                config.state().redisPoolSize());
        parts.push(store);
        LOG.info("state store (shared by the instances): {}", store.describe());
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        standby = new HotStandby(store, PlanSettings.fromConfig(config), STANDBY_REFRESH).start();
        parts.push(standby);
        AgentHttp agents = AgentHttp.from(config.mesos());
        parts.push(agents);
        MasterDetector masters = MasterDetector.fromSpec(config.mesos().master(), config.mesos().ssl());
        parts.push(masters);
        TaskSandboxes sandboxes = new TaskSandboxes(agents, () -> likelyLeader(masters));
        backend = new RoleBackend(new StandbyBackend(standby, store, this::leader, config.http().webuiUrl(),
                new LeaderForwarding(config.http()), PlanSettings.fromConfig(config), sandboxes), this::leader);
        api = Framework.startApi(config, backend, registry);
        parts.push(api);
        leadership = Leadership.join(ha, config.http().webuiUrl(), this::lead, exit, clock);
        parts.push(leadership);
        LOG.info("standing by: the elected instance leads; this one takes over when it goes away");
    }

    /**
     * The master a standby reads tasks' output through: the leading one when the masters are found in ZooKeeper,
     * else the first configured one (a master that does not lead answers with a redirect, shown as such).
     */
    private static Optional<URI> likelyLeader(MasterDetector masters) {
        try {
            return masters.masters(MASTER_WAIT).stream().findFirst();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private Optional<String> leader() {
        return leadership == null ? Optional.empty() : leadership.leader();
    }

    /** Leads as {@code epoch} (called by {@link Leadership} on its thread). */
    private LeaderTerm lead(long epoch) {
        store.claim(epoch);
        standby.pause();
        Framework scheduling;
        try {
            scheduling = Framework.lead(config, store, standby.plansFor(store.projects()), registry, secrets, clock);
        } catch (RuntimeException e) {
            store.standDown();
            standby.resume();
            throw e;
        }
        scheduling.scheduler().onFatal(e -> exit.run());
        term = Optional.of(scheduling);
        backend.lead(scheduling.backend());
        return () -> stopLeading(scheduling);
    }

    /** Stops writing first (whatever is in flight is refused by the state), then everything else. */
    private boolean stopLeading(Framework scheduling) {
        store.standDown();
        backend.standBy();
        boolean stopped = scheduling.stopConfirmed();
        term = Optional.empty(); // its scheduler removed its own gauges as it stopped
        standby.resume();
        return stopped;
    }

    /** Calls {@code listener} with each change of this instance's role (tests, benchmarks). */
    public void onLeadership(Consumer<LeadershipEvent> listener) {
        leadership.addListener(listener);
    }

    /** Whether this instance leads now. */
    public boolean leading() {
        return leadership.epoch().isPresent();
    }

    /** Whether this instance leads and its scheduler is subscribed to a master. */
    public boolean subscribed() {
        return term.map(Framework::subscribed).orElse(false);
    }

    /** The scheduler's view while this instance leads (benchmarks: has it reconciled?). */
    public Optional<SchedulerSnapshot> leaderSnapshot() {
        return term.map(f -> f.scheduler().snapshot());
    }

    public URI apiUri() {
        return api.baseUri();
    }

    /** Stops leading (if it leads), leaves the election, stops the API and closes the state. */
    @Override
    public void close() {
        Framework.closeAll(parts);
    }
}
