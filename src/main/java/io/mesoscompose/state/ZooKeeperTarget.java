package io.mesoscompose.state;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.curator.RetryPolicy;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;

/**
 * A ZooKeeper ensemble and a path in it, from {@code zk://[user:password@]host:port[,host:port…][/path]}: where a
 * {@link ZooKeeperStateStore} keeps the state, and where highly available instances elect their leader.
 * {@link #toString()} and {@link #describe()} never show the password.
 *
 * @param connectString ZooKeeper's {@code host:port,host:port}
 * @param path          an absolute path without a trailing slash; empty when the URL names none
 * @param auth          {@code user:password} for ZooKeeper's digest authentication; nodes created are then readable
 *                      and writable by that user only
 */
public record ZooKeeperTarget(String connectString, String path, Optional<String> auth) {

    public static final String SCHEME = "zk://";

    public ZooKeeperTarget {
        if (connectString.isBlank()) {
            throw new IllegalArgumentException("no ZooKeeper host given");
        }
        if (!path.isEmpty() && (!path.startsWith("/") || path.endsWith("/") || path.contains("//"))) {
            throw new IllegalArgumentException("the ZooKeeper path \"" + path + "\" is not an absolute path such as "
                    + "/mesos-compose/state");
        }
    }

    /** Parses {@code zk://…}; the message of a malformed URL never shows the password. */
    public static ZooKeeperTarget parse(String url) {
        if (!url.startsWith(SCHEME)) {
            throw new IllegalArgumentException("not a zk:// URL: " + masked(url));
        }
        String rest = url.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash).replaceAll("/+$", "");
        int at = authority.lastIndexOf('@');
        Optional<String> auth = at < 0 ? Optional.empty() : Optional.of(authority.substring(0, at));
        String hosts = authority.substring(at + 1);
        if (hosts.isEmpty() || hosts.startsWith(",") || hosts.endsWith(",") || hosts.contains(",,")) {
            throw new IllegalArgumentException("the ZooKeeper URL " + masked(url)
                    + " names no host list; expected zk://host:port[,host:port…]/path");
        }
        if (auth.isPresent() && !auth.get().contains(":")) {
            throw new IllegalArgumentException("the ZooKeeper URL " + masked(url)
                    + " has credentials without a password; expected zk://user:password@host:port/path");
        }
        try {
            return new ZooKeeperTarget(hosts, path, auth);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the ZooKeeper URL " + masked(url) + ": " + e.getMessage(), e);
        }
    }

    /** This target with {@code path} when the URL named none. */
    public ZooKeeperTarget withDefaultPath(String defaultPath) {
        return path.isEmpty() ? new ZooKeeperTarget(connectString, defaultPath, auth) : this;
    }

    /** The same ensemble and credentials, another path. */
    public ZooKeeperTarget at(String otherPath) {
        return new ZooKeeperTarget(connectString, otherPath, auth);
    }

    /**
     * A Curator client for this ensemble (not started yet): the given session timeout, connection timeout and
     * retries; with credentials, digest authentication and nodes created for that user only.
     */
    public CuratorFramework newClient(Duration sessionTimeout, Duration connectionTimeout, RetryPolicy retry) {
        CuratorFrameworkFactory.Builder builder = CuratorFrameworkFactory.builder()
                .connectString(connectString)
                .sessionTimeoutMs((int) sessionTimeout.toMillis())
                .connectionTimeoutMs((int) connectionTimeout.toMillis())
                .retryPolicy(retry)
                // The servers given are the ones to use: Curator's ensemble tracker would replace them with the
                // addresses in the ensemble's /zookeeper/config after a reconfiguration or a server's restart,
                // bypassing a load balancer, virtual IP or proxy the operator put in between.
                .ensembleTracker(false);
        auth.ifPresent(a -> builder.authorization("digest", a.getBytes(StandardCharsets.UTF_8))
                .aclProvider(new CreatorOnly()));
        return builder.build();
    }

    /** With credentials, the nodes we create are for that user only. */
    private static final class CreatorOnly implements ACLProvider {
        @Override
        public List<ACL> getDefaultAcl() {
            return ZooDefs.Ids.CREATOR_ALL_ACL;
        }

        @Override
        public List<ACL> getAclForPath(String path) {
            return ZooDefs.Ids.CREATOR_ALL_ACL;
        }
    }

    /** {@code zk://host:port,…/path}, with the user but never the password. */
    public String describe() {
        return SCHEME + auth.map(a -> a.substring(0, a.indexOf(':')) + ":****@").orElse("") + connectString + path;
    }

    @Override
    public String toString() {
        return describe();
    }

    private static String masked(String url) {
        return url.replaceFirst("^(zk://)([^:@/]*:)?.*@", "$1$2****@");
    }
}
