package io.mesoscompose.mesos;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesoscompose.json.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.CuratorWatcher;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leading master as the masters publish it in ZooKeeper: under the path of {@code zk://hosts/path}, every
 * master holds an ephemeral sequential znode {@code json.info_<sequence>} whose data is its MasterInfo as JSON;
 * the lowest sequence leads (Mesos' docs/high-availability.md). The children are watched, so a new leader is
 * known (and reported to the listeners) as soon as ZooKeeper tells.
 */
public final class ZooKeeperMasters implements MasterDetector {

    private static final Logger log = LoggerFactory.getLogger(ZooKeeperMasters.class);
    static final String PREFIX = "json.info_";

    private final String path;
    private final boolean tls;
    private final CuratorFramework zk;
    private final List<Consumer<URI>> listeners = new CopyOnWriteArrayList<>();
    /** Watch callbacks run here, one at a time, never on ZooKeeper's own event thread. */
    private final ExecutorService refresher = Executors.newSingleThreadExecutor(
            Thread.ofVirtual().name("zk-master-detector").factory());
    private final Object lock = new Object();
    private URI leader; // guarded by lock

    /**
     * @param connectString ZooKeeper's {@code host:port,host:port}
     * @param auth          {@code user:password} for ZooKeeper digest authentication
     * @param tls           the leader is reached with https
     */
    public ZooKeeperMasters(String connectString, String path, Optional<String> auth, boolean tls) {
        String trimmed = path.replaceAll("/+$", "");
        this.path = trimmed.isEmpty() ? "/" : trimmed;
        this.tls = tls;
        CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder()
                .connectString(connectString)
                .retryPolicy(new ExponentialBackoffRetry(1000, 10, 30_000))
                // the servers given, never the ones the ensemble's /zookeeper/config names (see ZooKeeperTarget)
                .ensembleTracker(false);
        auth.ifPresent(a -> builder.authorization("digest", a.getBytes(StandardCharsets.UTF_8)));
        this.zk = builder.build();
        zk.getConnectionStateListenable().addListener((client, state) -> {
            if (state == ConnectionState.CONNECTED || state == ConnectionState.RECONNECTED) {
                refreshLater();
            }
        });
        log.info("looking for the leading Mesos master in ZooKeeper {} at {}", connectString, this.path);
        zk.start();
    }

    /** {@code zk://[user:password@]host:port[,host:port…]/path}. */
    static ZooKeeperMasters parse(String spec, boolean tls) {
        String rest = spec.substring("zk://".length());
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "/" : rest.substring(slash);
        int at = authority.lastIndexOf('@');
        Optional<String> auth = at < 0 ? Optional.empty() : Optional.of(authority.substring(0, at));
        String hosts = authority.substring(at + 1);
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("no ZooKeeper host in " + spec.replaceFirst("//[^@/]*@", "//****@"));
        }
        return new ZooKeeperMasters(hosts, path, auth, tls);
    }

    @Override
    public List<URI> masters(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        synchronized (lock) {
            while (leader == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return List.of();
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return List.of(leader);
        }
    }

    @Override
    public void onLeaderChange(Consumer<URI> listener) {
        listeners.add(listener);
    }

    private void refreshLater() {
        if (!refresher.isShutdown()) {
            refresher.execute(this::refresh);
        }
    }

    /** Reads the children (re-arming the watch) and the leader's MasterInfo. */
    private void refresh() {
        CuratorWatcher again = event -> refreshLater();
        URI found = null;
        try {
            List<String> children = zk.getChildren().usingWatcher(again).forPath(path);
            Optional<String> node = leaderNode(children);
            if (node.isPresent()) {
                found = masterUrl(zk.getData().forPath(path + (path.endsWith("/") ? "" : "/") + node.get()), tls);
            } else {
                log.warn("no Mesos master has registered in ZooKeeper at {}", path);
            }
        } catch (KeeperException.NoNodeException e) {
            // the path (or the leader's node, just gone) is missing: wait for it to appear
            try {
                zk.checkExists().usingWatcher(again).forPath(path);
            } catch (Exception ignored) {
                // the connection listener refreshes after reconnecting
            }
            log.warn("no Mesos master in ZooKeeper at {} ({})", path, e.getMessage());
        } catch (Exception e) {
            log.warn("reading the leading Mesos master from ZooKeeper failed: {}", e.toString());
            return; // keep the last known leader; the connection listener refreshes after reconnecting
        }
        URI previous;
        synchronized (lock) {
            previous = leader;
            leader = found;
            lock.notifyAll();
        }
        if (found != null && !found.equals(previous)) {
            URI now = found;
            log.info("leading Mesos master is {}", now);
            listeners.forEach(l -> l.accept(now));
        }
    }

    /** The leader's znode: the {@code json.info_} child with the lowest sequence number. */
    static Optional<String> leaderNode(List<String> children) {
        return children.stream()
                .filter(c -> c.startsWith(PREFIX) && c.length() > PREFIX.length()
                        && c.substring(PREFIX.length()).chars().allMatch(Character::isDigit))
                .min(Comparator.comparingLong(c -> Long.parseLong(c.substring(PREFIX.length()))));
    }

    /**
     * The master's URL from its MasterInfo JSON: {@code address.hostname} (what a TLS certificate names), else
     * {@code address.ip}, else the deprecated top-level {@code hostname}; the port from {@code address.port}.
     */
    static URI masterUrl(byte[] masterInfoJson, boolean tls) throws IOException {
        JsonNode info = Json.MAPPER.readTree(masterInfoJson);
        JsonNode address = info.path("address");
        String host = firstText(address.path("hostname"), address.path("ip"), info.path("hostname"));
        int port = address.path("port").asInt(info.path("port").asInt(0));
        if (host == null || port <= 0) {
            throw new IOException("MasterInfo in ZooKeeper has no usable address: "
                    + new String(masterInfoJson, StandardCharsets.UTF_8));
        }
        return StaticMasters.baseUrl(host + ":" + port, tls);
    }

    private static String firstText(JsonNode... nodes) {
        for (JsonNode n : nodes) {
            if (n.isTextual() && !n.asText().isBlank()) {
                return n.asText();
            }
        }
        return null;
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        zk.close();
    }
}
