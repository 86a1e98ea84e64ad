package io.mesoscompose.mesos;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;

/**
 * Where the Mesos masters are. Either a fixed list of URLs, tried in turn (a non-leader redirects to the leader),
 * or ZooKeeper, where the masters elect their leader and publish it.
 */
public sealed interface MasterDetector extends AutoCloseable permits StaticMasters, ZooKeeperMasters {

    /**
     * The masters to try, the likely leader first, as base URLs ({@code http://host:port}). Waits up to {@code wait}
     * while no master is known; empty if still none then.
     */
    List<URI> masters(Duration wait) throws InterruptedException;

    /** Called with the new leader whenever the detector learns that leadership moved (never, for a fixed list). */
    void onLeaderChange(Consumer<URI> listener);

    @Override
    void close();

    /**
     * The detector for a {@code MESOS_MASTER} value: {@code zk://[user:password@]host:port,…/path}, or one or more
     * comma-separated {@code host:port} or {@code http(s)://host:port}; a bare {@code host:port} (and the leader
     * found in ZooKeeper) get {@code https} when {@code tls} is set. The port defaults to 5050.
     */
    static MasterDetector fromSpec(String spec, boolean tls) {
        String trimmed = spec.strip();
        if (trimmed.isEmpty()) {
            throw new IllegalArgumentException("no Mesos master given");
        }
        return trimmed.startsWith("zk://") ? ZooKeeperMasters.parse(trimmed, tls) : StaticMasters.parse(trimmed, tls);
    }
}
