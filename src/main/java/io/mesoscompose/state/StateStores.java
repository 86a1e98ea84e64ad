package io.mesoscompose.state;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Opens the store a setting names ({@code MESOS_COMPOSE_STATE} or {@code --state}):
 * <ul>
 *   <li>{@code embedded:/var/lib/mesos-compose} or a plain path: the {@link EmbeddedStateStore} in that directory;
 *   <li>{@code redis://[[user]:password@]host[:port][/db]}: {@link RedisStateStore} (port 6379, database 0 unless
 *       given; user and password URL-encoded);
 *   <li>{@code rediss://…}: the same over TLS;
 *   <li>{@code zk://[user:password@]host:port[,host:port…][/path]}: {@link ZooKeeperStateStore} under the path
 *       (default {@code /mesos-compose/<framework name>}).
 * </ul>
 * {@link #open} opens a state for this process alone; {@link #openShared} for highly available instances, which
 * share it (Redis and ZooKeeper only). Error messages show the spec with its password masked.
 */
public final class StateStores {

    /** The Go mesos-compose's default framework name, and so its Redis key prefix. */
    public static final String DEFAULT_PREFIX = "mc";

    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:");

    private StateStores() {}

    public static StateStore open(String spec) {
        return open(spec, DEFAULT_PREFIX);
    }

    /** @param frameworkName the Redis key prefix, as the Go project uses its framework name (ignored for embedded) */
    public static StateStore open(String spec, String frameworkName) {
        return open(spec, frameworkName, 0);
    }

    /** @param redisPoolSize most Redis connections at once, 0 for the default (ignored for embedded) */
    public static StateStore open(String spec, String frameworkName, int redisPoolSize) {
        String s = spec.strip();
        if (isRedis(s)) {
            return RedisStateStore.open(redisTarget(s), frameworkName, redisPoolSize);
        }
        if (s.startsWith(ZooKeeperTarget.SCHEME)) {
            return ZooKeeperStateStore.open(zooKeeperTarget(s, frameworkName));
        }
        return EmbeddedStateStore.open(embeddedPath(s));
    }

    /**
     * Opens a state that highly available instances share: it reads at once and writes only after the leader's
     * {@link SharedStateStore#claim}. The embedded store cannot be shared (it is a file on one machine) and is
     * refused with a message saying what to use instead.
     */
    public static SharedStateStore openShared(String spec, String frameworkName, int redisPoolSize) {
        String s = spec.strip();
        if (isRedis(s)) {
            return RedisStateStore.openShared(redisTarget(s), frameworkName, redisPoolSize);
        }
        if (s.startsWith(ZooKeeperTarget.SCHEME)) {
            return ZooKeeperStateStore.openShared(zooKeeperTarget(s, frameworkName));
        }
        embeddedPath(s);  // an unknown scheme is reported as such
        throw new IllegalArgumentException("high availability (--ha) needs a state every instance reaches, and the "
                + "embedded store \"" + s + "\" is a file on one machine: set MESOS_COMPOSE_STATE (or --state) to "
                + "zk://host:port,…/path or redis://host:port/db");
    }

    /** The embedded store's directory, or empty for Redis and ZooKeeper (where, e.g., generated API credentials cannot live). */
    public static Optional<Path> embeddedDirectory(String spec) {
        String s = spec.strip();
        return isRedis(s) || s.startsWith(ZooKeeperTarget.SCHEME) ? Optional.empty() : Optional.of(embeddedPath(s));
    }

    private static boolean isRedis(String spec) {
        return spec.startsWith("redis://") || spec.startsWith("rediss://");
    }

    /** A {@code zk://} spec; without a path, the state lives under {@code /mesos-compose/<framework name>}. */
    static ZooKeeperTarget zooKeeperTarget(String spec, String frameworkName) {
        return ZooKeeperTarget.parse(spec).withDefaultPath("/mesos-compose/" + frameworkName);
    }

    /** The directory of an {@code embedded:} or plain-path spec. */
    static Path embeddedPath(String spec) {
        String path = spec.startsWith("embedded:") ? spec.substring("embedded:".length()) : spec;
        if (path.isBlank()) {
            throw new IllegalArgumentException("the state spec \"" + spec + "\" names no directory");
        }
        if (!spec.startsWith("embedded:") && SCHEME.matcher(spec).find()) {
            throw new IllegalArgumentException("unknown state store \"" + masked(spec)
                    + "\": use a directory, embedded:<directory>, redis://…, rediss://… or zk://…");
        }
        try {
            return Path.of(path);
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("the state directory \"" + path + "\" is not a valid path: " + e.getReason());
        }
    }

    /** Parses {@code redis://} and {@code rediss://} URLs. */
    static RedisTarget redisTarget(String spec) {
        URI uri;
        try {
            uri = new URI(spec);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("the Redis URL " + masked(spec)
                    + " is malformed (URL-encode special characters in the password, e.g. @ as %40)");
        }
        if (uri.getHost() == null || (uri.getRawPath() != null && uri.getRawPath().contains("@"))) {
            throw new IllegalArgumentException("the Redis URL " + masked(spec) + " names no host"
                    + (spec.contains("@") ? " (URL-encode special characters in the password, e.g. / as %2F)" : ""));
        }
        String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1) : uri.getHost();
        int port = uri.getPort() == -1 ? RedisTarget.DEFAULT_PORT : uri.getPort();
        Optional<String> user = Optional.empty();
        Optional<String> password = Optional.empty();
        if (uri.getRawUserInfo() != null) {
            String info = uri.getRawUserInfo();
            int colon = info.indexOf(':');
            String rawUser = colon < 0 ? info : info.substring(0, colon);
            user = Optional.of(decode(rawUser)).filter(u -> !u.isEmpty());
            // "redis://secret@host" means a password, as in redis-cli and the Go client.
            password = colon < 0 ? user : Optional.of(decode(info.substring(colon + 1))).filter(p -> !p.isEmpty());
            if (colon < 0) {
                user = Optional.empty();
            }
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        int database = 0;
        if (!path.isEmpty() && !path.equals("/")) {
            try {
                database = Integer.parseInt(path.substring(1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the Redis URL " + masked(spec)
                        + " does not end in /<database number>");
            }
        }
        return new RedisTarget(host, port, database, user, password, spec.startsWith("rediss://"));
    }

    /** The spec with any password replaced by ****. */
    static String masked(String spec) {
        // Up to the last @, so that a password with an unencoded @ is masked whole too.
        return spec.replaceFirst("^([A-Za-z][A-Za-z0-9+.-]*://)([^:@/]*:)?.*@", "$1$2****@");
    }

    /** Percent-decoding as in URLs: a + stays a + (it is not a form-encoded space). */
    private static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
