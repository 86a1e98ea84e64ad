package io.mesoscompose.state;

import java.util.Optional;

/**
 * Where a {@link RedisStateStore} lives: server, database number, credentials, TLS. {@link #toString()} and
 * {@link #describe()} never show the password.
 *
 * @param user     an ACL user (Redis 6+); empty for the default user
 * @param password empty when the server needs none
 * @param tls      true for {@code rediss://}: TLS with the JVM's trust store and host name verification
 */
public record RedisTarget(String host, int port, int database, Optional<String> user, Optional<String> password,
                          boolean tls) {

    public static final int DEFAULT_PORT = 6379;

    public RedisTarget {
        if (host.isBlank()) {
            throw new IllegalArgumentException("the Redis host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("the Redis port " + port + " is not between 1 and 65535");
        }
        if (database < 0) {
            throw new IllegalArgumentException("the Redis database number " + database + " is negative");
        }
    }

    /** {@code redis://host:port/db} or {@code rediss://…}, with the user but never the password. */
    public String describe() {
        String who = user.map(u -> u + "@").orElse(password.isPresent() ? "****@" : "");
        String hostPart = host.contains(":") ? "[" + host + "]" : host;
        return (tls ? "rediss" : "redis") + "://" + who + hostPart + ":" + port + "/" + database;
    }

    @Override
    public String toString() {
        return describe();
    }
}
