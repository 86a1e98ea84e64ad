package io.mesoscompose.state;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
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
 * Who writes a Redis state: the owner key holds the writer's token, and every commit checks it inside its
 * transaction (WATCH), so a process that lost the state to another cannot write. Two ways to own it:
 * <ul>
 *   <li>a lease, for one framework process, as the embedded store's file lock gives: the token with an expiry,
 *       renewed while the process lives. A second process with the same name and database waits at most one lease
 *       period and a half (a crashed owner stops renewing, so a restart right after a crash gets in) and is then
 *       refused with a message naming the holder;</li>
 *   <li>an epoch claim, for highly available instances ({@link SharedStateStore}): the elected leader writes
 *       {@code epoch <N> …} without expiry, only over a smaller epoch, so the next leader's claim fences the previous
 *       one even when that one is paused rather than dead.</li>
 * </ul>
 * The two exclude each other: a lease holder refuses a claim and the other way round, with a message saying why.
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

    /**
     * Claims the key for an epoch: over nothing, or over a smaller epoch; never over a lease (a single process) or
     * a larger epoch. Returns 1, or 0 and the holder's token.
     */
    private static final String CLAIM = """
            local v = redis.call('get', KEYS[1])
            if v then
              local e = string.match(v, '^epoch (%d+) ')
              if not e or tonumber(e) >= tonumber(ARGV[2]) then return {0, v} end
            end
            redis.call('set', KEYS[1], ARGV[1])
            return {1, ''}""";
    private static final String EPOCH_PREFIX = "epoch ";

    private static final int MAX_COMMIT_ATTEMPTS = 10;

    private final JedisPool pool;
    private final String key;
    private final String token;
    /** The lease period; empty for an epoch claim, which does not expire. */
    private final Optional<Duration> ttl;
    private final String where;
    private final Optional<Thread> renewer;
    private volatile boolean lost;

    private RedisLease(JedisPool pool, String key, String token, Optional<Duration> ttl, String where) {
        this.pool = pool;
        this.key = key;
        this.token = token;
        this.ttl = ttl;
        this.where = where;
        this.renewer = ttl.map(t -> Thread.ofVirtual().name("redis-state-lease").start(() -> renewUntilClosed(t)));
    }

    /** Takes the lease on {@code key}, waiting at most one lease period and a half for a holder that stopped renewing. */
    static RedisLease acquire(JedisPool pool, String key, Duration ttl, String where) {
        String token = ProcessName.current() + " " + UUID.randomUUID();
        long deadline = System.nanoTime() + ttl.toNanos() * 3 / 2;
        boolean announced = false;
        while (true) {
            String holder;
            try (Jedis redis = pool.getResource()) {
                if ("OK".equals(redis.set(key, token, SetParams.setParams().nx().px(ttl.toMillis())))) {
                    return new RedisLease(pool, key, token, Optional.of(ttl), where);
                }
                holder = redis.get(key);
            }
            if (holder != null && holder.startsWith(EPOCH_PREFIX)) {
                throw new StateStoreException("the state at " + where + " is used by highly available instances ("
                        + describeHolder(holder) + "): start this one with --ha too, or, if no such instance runs "
                        + "any more, delete the key " + key);
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
     * Claims the key for leader epoch {@code epoch} (see the class comment).
     *
     * @throws FencedWriteException when a lease or an epoch not smaller than {@code epoch} holds it
     */
    static RedisLease claim(JedisPool pool, String key, long epoch, String where) {
        if (epoch < 1) {
            throw new IllegalArgumentException("epochs start at 1, got " + epoch);
        }
        String token = EPOCH_PREFIX + epoch + " " + ProcessName.current() + " " + UUID.randomUUID();
        List<?> result;
        try (Jedis redis = pool.getResource()) {
            result = (List<?>) redis.eval(CLAIM, List.of(key), List.of(token, Long.toString(epoch)));
        }
        if (Long.valueOf(1).equals(result.get(0))) {
            LOG.info("the state at {} is written by this process now, as leader epoch {}", where, epoch);
            return new RedisLease(pool, key, token, Optional.empty(), where);
        }
        String holder = String.valueOf(result.get(1));
        if (!holder.startsWith(EPOCH_PREFIX)) {
            throw new FencedWriteException("the state at " + where + " is in use by " + describeHolder(holder)
                    + ", which runs without --ha: stop it before starting highly available instances on this state");
        }
        throw new FencedWriteException("the state at " + where + " was claimed by " + describeHolder(holder)
                + " already; this process, elected as epoch " + epoch + ", does not write it");
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
            throw new FencedWriteException("this process lost the state at " + where
                    + " to another framework process and no longer writes it");
        }
        redis.watch(key);
        String owner = redis.get(key);
        if ((owner != null && !owner.equals(token)) || (owner == null && ttl.isEmpty())) {
            redis.unwatch();
            lost = true;
            throw new FencedWriteException("the state at " + where + " was taken over by " + describeHolder(owner)
                    + "; this process no longer writes it (" + ttl.map(t -> "was it paused longer than the "
                    + t.toSeconds() + "s lease?").orElse("a later leader was elected") + ")");
        }
        try (Transaction tx = redis.multi()) {
            if (owner == null) {  // a lease that expired while nobody else took it
                tx.set(key, token, SetParams.setParams().px(ttl.orElseThrow().toMillis()));
            }
            writes.accept(tx);
            List<Object> replies = tx.exec();
            return replies == null || owner != null ? replies : replies.subList(1, replies.size());
        }
    }

    private void renewUntilClosed(Duration ttl) {
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

    /**
     * Ends a lease at once (deletes the key if still ours). An epoch claim stays: it fences nobody but smaller
     * epochs, and the next leader's claim replaces it.
     */
    @Override
    public void close() {
        lost = true;
        if (renewer.isEmpty()) {
            return;
        }
        renewer.get().interrupt();
        try {
            renewer.get().join(Duration.ofSeconds(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try (Jedis redis = pool.getResource()) {
            redis.eval(RELEASE, List.of(key), List.of(token));
        } catch (JedisException e) {
            LOG.warn("Cannot release the lease on the state at {} (it expires by itself in {}s): {}", where,
                    ttl.orElseThrow().toSeconds(), e.getMessage());
        }
    }

    private static String describeHolder(String holder) {
        if (holder == null) {
            return "another process (its lease or claim just ended)";
        }
        String rest = holder;
        String epoch = "";
        if (holder.startsWith(EPOCH_PREFIX)) {
            int space = holder.indexOf(' ', EPOCH_PREFIX.length());
            epoch = ", leader epoch " + holder.substring(EPOCH_PREFIX.length(), Math.max(space, EPOCH_PREFIX.length()));
            rest = space < 0 ? "" : holder.substring(space + 1);
        }
        int uuid = rest.lastIndexOf(' ');
        return "mesos-compose on " + (uuid > 0 ? rest.substring(0, uuid) : rest) + epoch;
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
