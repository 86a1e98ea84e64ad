package io.mesoscompose.ha;

import io.mesoscompose.config.FrameworkConfig;
import io.mesoscompose.state.StateStoreException;
import io.mesoscompose.state.ZooKeeperTarget;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.LongFunction;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.framework.recipes.leader.Participant;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This instance's part in the election (see the package comment): joins Curator's {@code LeaderLatch} under
 * {@code <path>/leader} with its API's URL as participant ID, starts a {@link LeaderTerm} when elected and stops it
 * when leadership ends or the ZooKeeper connection is SUSPENDED or LOST.
 *
 * <p>Each term gets the next epoch from {@code <path>/epoch} (a counter raised with a versioned write, so epochs
 * only grow); the term claims the shared state with it. A term that cannot start (the state is unreachable, or a
 * later epoch claimed it) makes this instance leave the election for {@link #REJOIN_AFTER}, so another instance
 * takes over. A term that cannot be confirmed stopped ends the process.
 */
public final class Leadership implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(15);
    /** After a term failed to start, how long this instance stays out of the election. */
    static final Duration REJOIN_AFTER = Duration.ofSeconds(5);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(60);
    private static final int EPOCH_ATTEMPTS = 20;
    private static final String SUSPENDED = "the connection to ZooKeeper is suspended (no answer within two thirds "
            + "of the session timeout, or the server went away)";

    private final String latchPath;
    private final String epochPath;
    private final String id;
    private final LongFunction<LeaderTerm> starter;
    private final Runnable exit;
    private final Clock clock;
    private final CuratorFramework zk;
    /** Curator's callbacks, and everything that changes the role, run here one at a time. */
    private final ExecutorService callbacks = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("leadership").factory());
    private final List<Consumer<LeadershipEvent>> listeners = new CopyOnWriteArrayList<>();
    private final LeaderLatchListener onLatch = new LeaderLatchListener() {
        @Override
        public void isLeader() {
            elected();
        }

        @Override
        public void notLeader() {
            stepDown(zk.getZookeeperClient().isConnected() ? "the election revoked this instance's leadership"
                    : SUSPENDED);
        }
    };
    private volatile LeaderLatch latch;
    /** The running term (callbacks thread only). */
    private Optional<Running> term = Optional.empty();
    /** The epoch this instance leads as, 0 while it does not (for readers on other threads). */
    private volatile long leading;
    private volatile boolean closed;
    /** Set once this process decided to exit: it must not lead again meanwhile. */
    private volatile boolean exiting;

    private record Running(long epoch, LeaderTerm term) {}

    private Leadership(ZooKeeperTarget election, Duration sessionTimeout, String id, LongFunction<LeaderTerm> starter,
                       Runnable exit, Clock clock) {
        this.latchPath = election.path() + "/leader";
        this.epochPath = election.path() + "/epoch";
        this.id = id;
        this.starter = starter;
        this.exit = exit;
        this.clock = clock;
        this.zk = election.newClient(sessionTimeout, CONNECT_TIMEOUT.compareTo(sessionTimeout) < 0 ? CONNECT_TIMEOUT
                : sessionTimeout, new ExponentialBackoffRetry(200, 10, 2_000));
    }

    /**
     * Connects to ZooKeeper (waiting up to 15 s, else refuses with a message naming it) and joins the election.
     *
     * @param id      how the other instances reach this one: its API's base URL (the web UI URL it registers)
     * @param starter starts leading as the given epoch; throws when it cannot
     * @param exit    ends the process (status 70) when a term cannot be confirmed stopped
     */
    public static Leadership join(FrameworkConfig.HighAvailability settings, String id, LongFunction<LeaderTerm> starter,
                                  Runnable exit, Clock clock) {
        Leadership leadership = new Leadership(settings.election(), settings.sessionTimeout(), id, starter, exit,
                clock);
        leadership.connect(settings.election());
        return leadership;
    }

    private void connect(ZooKeeperTarget election) {
        zk.getConnectionStateListenable().addListener((client, state) -> connectionChanged(state), callbacks);
        zk.start();
        try {
            if (!zk.blockUntilConnected((int) CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                close();
                throw new StateStoreException("ZooKeeper " + election + " (for the leader election) does not answer"
                        + " (waited " + CONNECT_TIMEOUT.toSeconds() + "s)");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while connecting to ZooKeeper " + election, e);
        }
        LOG.info("joining the leader election in ZooKeeper {} as {}", election, id);
        callbacks.execute(this::newLatch);
    }

    /** Listeners are called on the leadership thread, in order; they must not block. */
    public void addListener(Consumer<LeadershipEvent> listener) {
        listeners.add(listener);
    }

    /** The epoch this instance leads as, or empty while it is a standby. */
    public Optional<Long> epoch() {
        long e = leading;
        return e == 0 ? Optional.empty() : Optional.of(e);
    }

    /** The leader's ID (its API's URL) as ZooKeeper has it now; empty when none is elected or ZooKeeper is away. */
    public Optional<String> leader() {
        LeaderLatch current = latch;
        if (current == null || closed || !zk.getZookeeperClient().isConnected()) {
            return Optional.empty();  // not known now; asking would wait for the connection
        }
        try {
            Participant p = current.getLeader();
            return p.isLeader() && !p.getId().isEmpty() ? Optional.of(p.getId()) : Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    // ---- transitions (leadership thread) ----

    private void elected() {
        LeaderLatch current = latch;
        if (closed || current == null || !current.hasLeadership() || term.isPresent()) {
            return;
        }
        if (exiting) {
            LOG.warn("elected, but this process is exiting: leaving the election");
            rejoinLater();
            return;
        }
        long epoch;
        try {
            epoch = nextEpoch();
        } catch (Exception e) {
            LOG.error("elected, but the next epoch cannot be taken from ZooKeeper ({}); leaving the election for {}s",
                    e.toString(), REJOIN_AFTER.toSeconds());
            rejoinLater();
            return;
        }
        if (!current.hasLeadership()) {
            return;
        }
        LOG.info("elected leader as epoch {}: taking over (state, then the Mesos subscription with the stored "
                + "framework ID)", epoch);
        LeaderTerm started;
        try {
            started = starter.apply(epoch);
        } catch (RuntimeException e) {
            LOG.error("could not take over as epoch {} ({}); leaving the election for {}s so that another instance "
                    + "leads", epoch, e.getMessage(), REJOIN_AFTER.toSeconds(), e);
            rejoinLater();
            return;
        }
        term = Optional.of(new Running(epoch, started));
        leading = epoch;
        publish(new LeadershipEvent.Elected(epoch, clock.instant()));
        if (!current.hasLeadership()) {
            stepDown("leadership was lost while taking over");
        }
    }

    private void connectionChanged(ConnectionState state) {
        switch (state) {
            case SUSPENDED -> stepDown(SUSPENDED);
            case LOST -> stepDown("the ZooKeeper session is lost");
            case CONNECTED, RECONNECTED, READ_ONLY -> LOG.debug("ZooKeeper connection {}", state);
        }
    }

    /** Stops the term, if any; exits the process when it cannot be confirmed stopped. */
    private void stepDown(String reason) {
        if (term.isEmpty()) {
            return;
        }
        Running ending = term.get();
        term = Optional.empty();
        leading = 0;
        LOG.warn("stepping down as leader (epoch {}): {}; stopping the scheduler and the Mesos subscription",
                ending.epoch(), reason);
        boolean stopped;
        try {
            stopped = ending.term().stop();
        } catch (RuntimeException e) {
            LOG.error("stopping the term of epoch {} failed", ending.epoch(), e);
            stopped = false;
        }
        publish(new LeadershipEvent.SteppedDown(ending.epoch(), reason, clock.instant()));
        if (!stopped) {
            LOG.error("cannot confirm that the scheduler of epoch {} stopped: exiting, so that nothing acts beside "
                    + "the next leader", ending.epoch());
            exiting = true;
            exit.run();
        } else {
            LOG.info("standing by (epoch {} ended)", ending.epoch());
        }
    }

    /** The next epoch: the counter under {@code <path>/epoch}, raised by one with a versioned write. */
    private long nextEpoch() throws Exception {
        for (int attempt = 0; attempt < EPOCH_ATTEMPTS; attempt++) {
            Stat stat = new Stat();
            try {
                byte[] data = zk.getData().storingStatIn(stat).forPath(epochPath);
                long next = Long.parseLong(new String(data, StandardCharsets.UTF_8).strip()) + 1;
                zk.setData().withVersion(stat.getVersion()).forPath(epochPath, bytes(next));
                return next;
            } catch (KeeperException.NoNodeException absent) {
                try {
                    zk.create().creatingParentsIfNeeded().forPath(epochPath, bytes(1));
                    return 1;
                } catch (KeeperException.NodeExistsException raced) {
                    // another instance created it first: read it again
                }
            } catch (KeeperException.BadVersionException raced) {
                // another instance raised it meanwhile: read it again
            }
        }
        throw new IllegalStateException("the epoch counter at " + epochPath + " kept changing");
    }

    private static byte[] bytes(long n) {
        return Long.toString(n).getBytes(StandardCharsets.UTF_8);
    }

    private void newLatch() {
        if (closed || exiting) {
            return;
        }
        LeaderLatch fresh = new LeaderLatch(zk, latchPath, id);
        fresh.addListener(onLatch, callbacks);
        latch = fresh;
        try {
            fresh.start();
        } catch (Exception e) {
            LOG.error("cannot join the leader election at {}: {}; trying again in {}s", latchPath, e.toString(),
                    REJOIN_AFTER.toSeconds());
            rejoinLater();
        }
    }

    /** Leaves the election now and joins it again (at the end of the line) after {@link #REJOIN_AFTER}. */
    private void rejoinLater() {
        leaveElection();
        Thread.ofVirtual().name("leadership-rejoin").start(() -> {
            try {
                Thread.sleep(REJOIN_AFTER);
            } catch (InterruptedException e) {
                return;
            }
            if (!closed && !callbacks.isShutdown()) {
                callbacks.execute(this::newLatch);
            }
        });
    }

    /** Closes this instance's latch, if it has one, without telling its listener. */
    private void leaveElection() {
        LeaderLatch current = latch;
        latch = null;
        if (current != null) {
            try {
                current.close(LeaderLatch.CloseMode.SILENT);
            } catch (Exception e) {
                LOG.debug("leaving the election: {}", e.toString());
            }
        }
    }

    private void publish(LeadershipEvent event) {
        for (Consumer<LeadershipEvent> l : listeners) {
            try {
                l.accept(event);
            } catch (RuntimeException e) {
                LOG.warn("leadership listener failed", e);
            }
        }
    }

    /** Stops the term (if leading), leaves the election so that another instance takes over at once, disconnects. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            callbacks.submit(() -> {
                stepDown("this instance is shutting down");
                leaveElection();
            }).get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("leaving the election did not finish: {}", e.toString());
        }
        callbacks.shutdown();
        zk.close();
    }
}
