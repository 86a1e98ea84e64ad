package io.mesoscompose.state;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;
import redis.clients.jedis.Transaction;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The state in Redis, for deployments that already run one (the Go mesos-compose keeps its state there too).
 *
 * <p>Layout, under the framework name as prefix like the Go project's keys: three hashes, {@code <prefix>:state:meta}
 * (schema_version, framework_id), {@code <prefix>:state:projects} (name → JSON of {@link ProjectRecord}) and
 * {@code <prefix>:state:tasks} (task ID → JSON of {@link TaskRecord}): one JSON value per task, as in the Go
 * project, but read with one HGETALL instead of a SCAN over the key space.
 *
 * <p>One process writes a state at a time: {@link RedisLease} holds {@code <prefix>:state:owner} while the store is
 * open ({@link #open}), or, for highly available instances ({@link #openShared}), from the leader's
 * {@link #claim} on, under its epoch.
 *
 * <p>A {@link #commit} is one MULTI/EXEC: Redis applies all of it or, if the client dies before EXEC, none of it (an
 * unfinished MULTI is discarded with its connection). How durable an acknowledged commit is depends on the server's
 * persistence settings, which are the operator's choice; see docs/state.md.
 */
public final class RedisStateStore implements SharedStateStore {

    /** Connections at most at once unless {@code REDIS_POOLSIZE} says otherwise. */
    static final int DEFAULT_POOL_SIZE = 8;
    private static final Logger LOG = LoggerFactory.getLogger(RedisStateStore.class);
    private static final int TIMEOUT_MILLIS = 10_000;
    /** How long a crashed owner blocks a new one; renewed every third of it. */
    static final Duration LEASE = Duration.ofSeconds(15);

    private final JedisPool pool;
    private final RedisTarget target;
    private final String metaKey;
    private final String projectsKey;
    private final String tasksKey;
    private final String ownerKey;
    private final String keyPattern;
    private final boolean shared;
    /** Who writes: set while open for one writer; from claim to standDown when shared; else empty (a standby). */
    private volatile Optional<RedisLease> lease = Optional.empty();

    private RedisStateStore(JedisPool pool, RedisTarget target, String prefix, boolean shared) {
        this.pool = pool;
        this.shared = shared;
        this.target = target;
        this.metaKey = prefix + ":state:meta";
        this.projectsKey = prefix + ":state:projects";
        this.tasksKey = prefix + ":state:tasks";
        this.ownerKey = prefix + ":state:owner";
        this.keyPattern = prefix + ":state:*";
    }

    /**
     * Connects, takes the lease (waiting for a crashed owner's to expire, refusing a live owner), checks the schema
     * version (stamping a new store, refusing a newer one) and warns when the server does not fsync every write.
     *
     * @param prefix the framework name; keys are {@code <prefix>:state:…}
     */
    public static RedisStateStore open(RedisTarget target, String prefix) {
        return open(target, prefix, null);
    }

    /**
     * As {@link #open(RedisTarget, String)} with at most {@code poolSize} connections at once (the Go project's
     * {@code REDIS_POOLSIZE}); 0 keeps the default of {@value #DEFAULT_POOL_SIZE}.
     */
    public static RedisStateStore open(RedisTarget target, String prefix, int poolSize) {
        return open(target, prefix, null, LEASE, poolSize);
    }

    /** As {@link #open(RedisTarget, String)}, trusting what {@code sslSocketFactory} trusts (tests, private CAs). */
    static RedisStateStore open(RedisTarget target, String prefix, SSLSocketFactory sslSocketFactory) {
        return open(target, prefix, sslSocketFactory, LEASE);
    }

    /** As {@link #open(RedisTarget, String, SSLSocketFactory)} with a lease of another length (tests). */
    static RedisStateStore open(RedisTarget target, String prefix, SSLSocketFactory sslSocketFactory, Duration lease) {
        return open(target, prefix, sslSocketFactory, lease, 0);
    }

    private static RedisStateStore open(RedisTarget target, String prefix, SSLSocketFactory sslSocketFactory,
                                        Duration lease, int poolSize) {
        RedisStateStore store = connect(target, prefix, sslSocketFactory, poolSize, false);
        try {
            store.lease = Optional.of(store.run("take the lease", r -> RedisLease.acquire(store.pool, store.ownerKey,
                    lease, store.describe())));
            store.checkSchema();
            store.warnIfNotDurable();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    /**
     * Connects for highly available instances: reads at once, writes only after {@link #claim} (see
     * {@link SharedStateStore}). Checks the schema version without writing it, and the server's durability.
     */
    public static RedisStateStore openShared(RedisTarget target, String prefix, int poolSize) {
        return openShared(target, prefix, null, poolSize);
    }

    /** As {@link #openShared(RedisTarget, String, int)}, trusting what {@code sslSocketFactory} trusts (tests). */
    static RedisStateStore openShared(RedisTarget target, String prefix, SSLSocketFactory sslSocketFactory,
                                      int poolSize) {
        RedisStateStore store = connect(target, prefix, sslSocketFactory, poolSize, true);
        try {
            store.run("open", redis -> {
                StateSchema.checkAndMigrate(new HashMap<>(redis.hgetAll(store.metaKey)));
                return null;
            });
            store.warnIfNotDurable();
        } catch (RuntimeException e) {
            store.close();
            throw e;
        }
        return store;
    }

    private static RedisStateStore connect(RedisTarget target, String prefix, SSLSocketFactory sslSocketFactory,
                                           int poolSize, boolean shared) {
        if (poolSize < 0) {
            throw new IllegalArgumentException("the Redis pool size must be 0 (default) or more, got " + poolSize);
        }
        if (prefix.isBlank()) {
            throw new IllegalArgumentException("the Redis key prefix (framework name) is empty");
        }
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .database(target.database())
                .connectionTimeoutMillis(TIMEOUT_MILLIS)
                .socketTimeoutMillis(TIMEOUT_MILLIS)
                .clientName("mesos-compose");
        target.user().ifPresent(config::user);
        target.password().ifPresent(config::password);
        if (target.tls()) {
            // Jedis checks the certificate chain only; the host name is checked as HTTPS clients do.
            SSLParameters verifyHost = new SSLParameters();
            verifyHost.setEndpointIdentificationAlgorithm("HTTPS");
            config.ssl(true).sslParameters(verifyHost);
            if (sslSocketFactory != null) {
                config.sslSocketFactory(sslSocketFactory);
            }
        }
        JedisPoolConfig poolConfig = new JedisPoolConfig();
        poolConfig.setMaxTotal(poolSize > 0 ? poolSize : DEFAULT_POOL_SIZE);
        poolConfig.setTestOnBorrow(true);  // a connection broken by a Redis restart is replaced, not used
        JedisPool pool = new JedisPool(poolConfig, new HostAndPort(target.host(), target.port()), config.build());
        return new RedisStateStore(pool, target, prefix, shared);
    }

    @Override
    public synchronized void claim(long epoch) {
        if (!shared) {
            throw new IllegalStateException("the Redis state " + describe() + " is open for one writer, not shared");
        }
        RedisLease claimed = run("claim the state", r -> RedisLease.claim(pool, ownerKey, epoch, describe()));
        lease = Optional.of(claimed);
        checkSchema();  // stamps a new store's version, now that this process writes
    }

    /** At once, without waiting for a commit in progress (which is fenced like any other). */
    @Override
    public void standDown() {
        Optional<RedisLease> claimed = lease;
        lease = Optional.empty();
        claimed.ifPresent(RedisLease::close);
    }

    private void checkSchema() {
        run("open", redis -> {
            Map<String, String> meta = new HashMap<>(redis.hgetAll(metaKey));
            String before = meta.get(StateSchema.VERSION);
            StateSchema.checkAndMigrate(meta);
            String after = meta.get(StateSchema.VERSION);
            if (!after.equals(before)) {
                // Only the lease holder gets here; HSETNX still never overwrites a version written meanwhile.
                redis.hsetnx(metaKey, StateSchema.VERSION, after);
            }
            return null;
        });
    }

    /** Persistence is the operator's choice; say what an acknowledged commit is worth when it is not fsync'd. */
    private void warnIfNotDurable() {
        try (Jedis redis = pool.getResource()) {
            Map<String, String> aof = redis.configGet("appendonly");
            Map<String, String> fsync = redis.configGet("appendfsync");
            if (!"yes".equals(aof.get("appendonly"))) {
                LOG.warn("Redis {} has appendonly off: a Redis crash loses the state written since its last snapshot "
                        + "(set appendonly yes, appendfsync always for full durability)", target);
            } else if (!"always".equals(fsync.get("appendfsync"))) {
                LOG.warn("Redis {} fsyncs its append-only file {}: a power loss can lose up to a second of state "
                        + "changes (appendfsync always closes that window)", target, fsync.get("appendfsync"));
            }
        } catch (JedisException e) {
            // CONFIG is often disabled on managed Redis: nothing to check then.
            LOG.debug("cannot read the persistence settings of Redis {}: {}", target, e.getMessage());
        }
    }

    @Override
    public Optional<String> frameworkId() {
        return Optional.ofNullable(run("read the framework ID", r -> r.hget(metaKey, StateSchema.FRAMEWORK_ID)));
    }

    @Override
    public List<ProjectRecord> projects() {
        return StateJson.decodeAll(run("read the projects", r -> r.hvals(projectsKey)), ProjectRecord.class);
    }

    @Override
    public Optional<ProjectRecord> project(String name) {
        return Optional.ofNullable(run("read project " + name, r -> r.hget(projectsKey, name)))
                .map(json -> StateJson.decode(json, ProjectRecord.class));
    }

    @Override
    public List<TaskRecord> tasks() {
        return StateJson.decodeAll(run("read the tasks", r -> r.hvals(tasksKey)), TaskRecord.class);
    }

    @Override
    public List<TaskRecord> tasksOf(String project) {
        return tasks().stream().filter(t -> t.project().equals(project)).toList();
    }

    @Override
    public Optional<TaskRecord> task(String taskId) {
        return Optional.ofNullable(run("read task " + taskId, r -> r.hget(tasksKey, taskId)))
                .map(json -> StateJson.decode(json, TaskRecord.class));
    }

    @Override
    public void commit(List<StateChange> changes) {
        // Encode everything first: a value that cannot be encoded must not leave a transaction half-queued.
        List<Consumer<Transaction>> writes = new ArrayList<>(changes.size());
        for (StateChange change : changes) {
            writes.add(switch (change) {
                case StateChange.SetFrameworkId c -> hset(metaKey, StateSchema.FRAMEWORK_ID, c.frameworkId());
                case StateChange.ClearFrameworkId c -> tx -> tx.hdel(metaKey, StateSchema.FRAMEWORK_ID);
                case StateChange.PutProject c -> hset(projectsKey, c.project().name(), StateJson.encode(c.project()));
                case StateChange.DeleteProject c -> tx -> tx.hdel(projectsKey, c.name());
                case StateChange.PutTask c -> hset(tasksKey, c.task().taskId(), StateJson.encode(c.task()));
                case StateChange.DeleteTask c -> tx -> tx.hdel(tasksKey, c.taskId());
            });
        }
        RedisLease writer = lease.orElseThrow(() -> new FencedWriteException("this instance is a standby and does "
                + "not write the state at " + describe() + " (only the elected leader does)"));
        run("commit " + changes.size() + " change(s)", redis -> {
            List<Object> replies = writer.commit(redis, tx -> writes.forEach(w -> w.accept(tx)));
            for (Object reply : replies) {
                if (reply instanceof Exception e) {
                    throw new StateStoreException("Redis " + target + " refused part of a commit: " + e.getMessage(), e);
                }
            }
            return null;
        });
    }

    private static Consumer<Transaction> hset(String key, String field, String value) {
        return tx -> tx.hset(key, field, value);
    }

    @Override
    public String describe() {
        return target.describe() + " (keys " + keyPattern + ")";
    }

    @Override
    public synchronized void close() {
        lease.ifPresent(RedisLease::close);
        lease = Optional.empty();
        pool.close();
    }

    private <T> T run(String what, Function<Jedis, T> action) {
        try (Jedis redis = pool.getResource()) {
            return action.apply(redis);
        } catch (JedisException e) {
            throw new StateStoreException("Redis " + target + ": cannot " + what + ": " + e.getMessage(), e);
        }
    }
}
