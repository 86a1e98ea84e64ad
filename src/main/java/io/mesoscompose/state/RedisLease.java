package io.mesoscompose.state;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.params.SetParams;

/**
 * One writer per Redis state, as the embedded store's file lock gives: a key holding the owner's token with an
 * expiry, renewed while the process lives. A second framework process with the same name and database waits at most
 * one lease period for it (a crashed owner stops renewing, so a restart right after a crash gets in) and is then
 * refused with a message naming the holder. Commits check the token inside their transaction (WATCH), so a process
 * that lost its lease (paused longer than a lease period while another took over) cannot write.
 */
final class RedisLease implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisLease.class);

    /** Renews our lease; takes it again when it expired and nobody else took it (Redis was down or we were slow). */
    private static final String RENEW = """
            local v = redis.call('get', KEYS[1])
            if v == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
            if not v then redis.call('set', KEYS[1], ARGV[1], 'px', ARGV[2]) return 1 end
            return 0""";
    private static final String RELEASE = """
            if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
            return 0""";

    private static final int MAX_COMMIT_ATTEMPTS = 10;

    private final JedisPool pool;
    private final String key;
    private final String token;
    private final Duration ttl;
    private final String where;
    private final Thread renewer;
    private volatile boolean lost;

    private RedisLease(JedisPool pool, String key, String token, Duration ttl, String where) {
        this.pool = pool;
        this.key = key;
        this.token = token;
        this.ttl = ttl;
        this.where = where;
        this.renewer = Thread.ofVirtual().name("redis-state-lease").start(this::renewUntilClosed);
    }

    /** Takes the lease on {@code key}, waiting at most one lease period and a half for a holder that stopped renewing. */
    static RedisLease acquire(JedisPool pool, String key, Duration ttl, String where) {
        String token = ownerName() + " " + UUID.randomUUID();
        long deadline = System.nanoTime() + ttl.toNanos() * 3 / 2;
        boolean announced = false;
        while (true) {
            String holder;
            try (Jedis redis = pool.getResource()) {
                if ("OK".equals(redis.set(key, token, SetParams.setParams().nx().px(ttl.toMillis())))) {
                    return new RedisLease(pool, key, token, ttl, where);
                }
                holder = redis.get(key);
            }
            if (System.nanoTime() > deadline) {
                throw new StateStoreException("the state at " + where + " is in use by " + describeHolder(holder)
                        + ", which keeps renewing its lease: is another framework with the same name running on this "
                        + "Redis database? Give each framework its own FRAMEWORK_NAME or database");
            }
            if (!announced) {
                LOG.info("The state at {} is held by {}; waiting up to {}s for it to be released or its lease to "
                        + "expire", where, describeHolder(holder), ttl.toSeconds() * 3 / 2);
                announced = true;
            }
            sleep(Duration.ofMillis(Math.max(50, ttl.toMillis() / 10)));
        }
    }

    /**
     * Runs {@code writes} in a transaction that commits only while this process owns the lease (WATCH on its key).
     * Our own renewal also touches that key and so aborts a transaction it overlaps; such a commit is run again.
     *
     * @return the transaction's replies
     */
    List<Object> commit(Jedis redis, Consumer<Transaction> writes) {
        for (int attempt = 1; ; attempt++) {
            List<Object> replies = commitOnce(redis, writes);
            if (replies != null) {
                return replies;
            }
            if (attempt == MAX_COMMIT_ATTEMPTS) {
                throw new StateStoreException("the lease on the state at " + where + " kept changing during "
                        + attempt + " attempts of a commit; nothing of it was written");
            }
        }
    }

    /** @return the replies, or null when the lease key changed between WATCH and EXEC */
    private List<Object> commitOnce(Jedis redis, Consumer<Transaction> writes) {
        if (lost) {
            throw new StateStoreException("this process lost its lease on the state at " + where
                    + " to another framework process and no longer writes it");
        }
        redis.watch(key);
        String owner = redis.get(key);
        if (owner != null && !owner.equals(token)) {
            redis.unwatch();
            lost = true;
            throw new StateStoreException("the state at " + where + " was taken over by " + describeHolder(owner)
                    + "; this process no longer writes it (was it paused longer than the " + ttl.toSeconds()
                    + "s lease?)");
        }
        try (Transaction tx = redis.multi()) {
            if (owner == null) {
                tx.set(key, token, SetParams.setParams().px(ttl.toMillis()));  // expired while nobody else took it
            }
            writes.accept(tx);
            List<Object> replies = tx.exec();
            return replies == null || owner != null ? replies : replies.subList(1, replies.size());
        }
    }

    private void renewUntilClosed() {
        Duration every = ttl.dividedBy(3);
        while (!Thread.currentThread().isInterrupted() && !lost) {
            if (!sleep(every)) {
                return;
            }
            try (Jedis redis = pool.getResource()) {
                Object renewed = redis.eval(RENEW, List.of(key), List.of(token, Long.toString(ttl.toMillis())));
                if (Long.valueOf(0).equals(renewed)) {
                    lost = true;
                    LOG.error("The lease on the state at {} was taken over by {}: this process stops writing it",
                            where, describeHolder(redis.get(key)));
                }
            } catch (JedisException e) {
                if (!Thread.currentThread().isInterrupted()) {
                    LOG.warn("Cannot renew the lease on the state at {} (trying again in {}s): {}", where,
                            every.toSeconds(), e.getMessage());
                }
            }
        }
    }

    @Override
    public void close() {
        renewer.interrupt();
        try {
            renewer.join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Jedis redis = pool.getResource()) {
            redis.eval(RELEASE, List.of(key), List.of(token));
        } catch (JedisException e) {
            LOG.warn("Cannot release the lease on the state at {} (it expires by itself in {}s): {}", where,
                    ttl.toSeconds(), e.getMessage());
        }
    }

    private static String describeHolder(String holder) {
        if (holder == null) {
            return "another process (its lease just ended)";
        }
        int uuid = holder.lastIndexOf(' ');
        return "mesos-compose on " + (uuid > 0 ? holder.substring(0, uuid) : holder);
    }

    private static String ownerName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown host";
        }
        return host + " (pid " + ProcessHandle.current().pid() + ")";
    }

    /** @return false when interrupted */
    private static boolean sleep(Duration d) {
        try {
            Thread.sleep(d);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
