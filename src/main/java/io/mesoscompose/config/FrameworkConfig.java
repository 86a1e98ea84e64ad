package io.mesoscompose.config;

import static io.mesoscompose.config.Settings.*;

import io.mesoscompose.state.ZooKeeperTarget;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Everything the framework is configured with, read from the environment variables listed in {@link Settings}
 * (the Go mesos-compose's, so an existing deployment's settings keep working, plus a few of our own); command-line
 * flags of {@code serve} override single values. Defaults are the Go project's, except where docs/configuration.md
 * says otherwise.
 */
public record FrameworkConfig(Mesos mesos, Http http, State state, Tasks tasks, List<String> notices,
                              Optional<HighAvailability> ha) {

    /**
     * @param notices settings that were accepted but change nothing here, to be logged at start
     * @param ha      leader election among several instances ({@code MESOS_COMPOSE_HA}, {@code serve --ha}), if any
     */
    public FrameworkConfig {
        notices = List.copyOf(notices);
    }

    /** The session's lower bound: ZooKeeper servers grant no less than two ticks (4 s by default) anyway. */
    private static final Duration MIN_HA_SESSION = Duration.ofSeconds(2);

    /**
     * Several instances, one leader ({@code MESOS_COMPOSE_HA}).
     *
     * @param election       the ensemble and the path under which the instances elect their leader
     * @param sessionTimeout the election's ZooKeeper session ({@code MESOS_COMPOSE_HA_SESSION_TIMEOUT})
     */
    public record HighAvailability(ZooKeeperTarget election, Duration sessionTimeout) {
        @Override
        public String toString() {
            return election + " (session " + sessionTimeout.toMillis() / 1000.0 + "s)";
        }
    }

    /**
     * Where the durable state lives: a directory (embedded store) or {@code redis://[:password@]host:port/db}
     * ({@code rediss://} for TLS). Printed without the password.
     *
     * @param redisPoolSize most Redis connections at once ({@code REDIS_POOLSIZE}; 0 = the store's default)
     */
    public record State(String spec, int redisPoolSize) {
        public State(String spec) {
            this(spec, 0);
        }

        @Override
        public String toString() {
            return spec.replaceFirst("^(rediss?://)[^@/]*@", "$1****@");
        }
    }

    /**
     * @param master             {@code MESOS_MASTER}: {@code host:port}, comma-separated URLs, or {@code zk://…/mesos}
     * @param principal          {@code MESOS_USERNAME}: the user of HTTP basic authentication to the master
     * @param secret             {@code MESOS_PASSWORD}
     * @param verifyTls          false when {@code SKIP_SSL=true}: the master's certificate is not checked
     * @param failoverTimeout    how long the master keeps our tasks while we are gone ({@code FRAMEWORK_FAILOVER_TIMEOUT})
     * @param reconcileWait      the Go project's {@code RECONCILE_WAIT}: how often a full reconciliation runs
     * @param frameworkPrincipal {@code MESOS_PRINCIPAL}, else {@code MESOS_USERNAME}: {@code FrameworkInfo.principal}
     * @param heartbeatInterval  {@code HEARTBEAT_INTERVAL}: how often offers are revived while replicas wait
     * @param hostConstraints    {@code HOST_CONSTRAINT_LIST}: the only agent host names whose offers are taken
     *                           (empty: every agent)
     */
    public record Mesos(
            String master,
            Optional<String> principal,
            Optional<Secret> secret,
            boolean ssl,
            boolean verifyTls,
            Optional<Path> caFile,
            String frameworkName,
            String role,
            String user,
            String hostname,
            Duration failoverTimeout,
            Duration reconcileWait,
            Optional<String> frameworkPrincipal,
            Duration heartbeatInterval,
            List<String> hostConstraints) {

        public Mesos {
            hostConstraints = List.copyOf(hostConstraints);
        }

        Mesos withMaster(String newMaster) {
            return new Mesos(newMaster, principal, secret, ssl, verifyTls, caFile, frameworkName, role, user, hostname,
                    failoverTimeout, reconcileWait, frameworkPrincipal, heartbeatInterval, hostConstraints);
        }
    }

    /** How the HTTP API serves HTTPS. */
    public sealed interface ServerTls {
        /** A PKCS#12 (or {@code .jks}) file ({@code FRAMEWORK_TLS_KEYSTORE}, {@code …_PASSWORD}). */
        record KeyStoreFile(Path path, Secret password) implements ServerTls {}

        /** The Go project's {@code SSL_CRT_BASE64} / {@code SSL_KEY_BASE64}: base64 of PEM texts. */
        record Pem(String certificatesBase64, Secret keyBase64) implements ServerTls {}
    }

    /** The framework's own HTTP API. {@code webuiUrl} is registered with Mesos: the Mesos CLI finds us there. */
    public record Http(String listenHost, int port, String webuiUrl, Optional<String> username,
                       Optional<Secret> password, boolean insecureNoAuth, Optional<ServerTls> tls) {

        public Http(String listenHost, int port, String webuiUrl, Optional<String> username, Optional<Secret> password,
                    boolean insecureNoAuth) {
            this(listenHost, port, webuiUrl, username, password, insecureNoAuth, Optional.empty());
        }

        String scheme() {
            return tls.isPresent() ? "https" : "http";
        }
    }

    /** Defaults and naming for tasks (applied by the plan and the scheduler). */
    public record Tasks(
            String taskNamePrefix,
            Optional<String> hostnamePrefix,
            String domain,
            double defaultCpus,
            double defaultMemMb,
            double defaultDiskMb,
            String defaultVolumeDriver,
            int portRangeFrom,
            int portRangeTo,
            boolean gpuAllocation,
            String discoveryInfoNameDelimiter,
            String discoveryPortNameDelimiter,
            boolean removeLostTasks,
            String ucrBridgeNetwork) {}

    /** Raised with every problem found, one per line, so they can all be fixed at once. */
    public static final class InvalidConfigException extends RuntimeException {
        public InvalidConfigException(List<String> problems) {
            super("invalid configuration:\n  " + String.join("\n  ", problems));
        }
    }

    public static final String DEFAULT_STATE_DIR = "mesos-compose-data";

    /** Reads the configuration from environment variables (usually {@code System.getenv()}). */
    public static FrameworkConfig fromEnvironment(Map<String, String> environment) {
        return fromEnvironment(environment, HostNames::local);
    }

    /** As {@link #fromEnvironment(Map)}, with this host's name from {@code localHost} (tests). */
    static FrameworkConfig fromEnvironment(Map<String, String> environment,
                                           Supplier<String> localHost) {
        EnvReader env = new EnvReader(environment);
        String frameworkName = env.string(FRAMEWORK_NAME);
        String hostname = env.optional(FRAMEWORK_HOSTNAME).orElseGet(localHost);
        Optional<String> username = env.optional(MESOS_USERNAME);

        Mesos mesos = new Mesos(
                env.string(MESOS_MASTER),
                username,
                env.optional(MESOS_PASSWORD).map(Secret::new),
                env.bool(MESOS_SSL),
                // The Go project skips verification unless told otherwise; we verify unless told to skip.
                !env.bool(SKIP_SSL),
                env.optional(MESOS_CA_CERT).map(Path::of),
                frameworkName,
                env.string(FRAMEWORK_ROLE),
                env.string(FRAMEWORK_USER),
                hostname,
                env.duration(FRAMEWORK_FAILOVER_TIMEOUT),
                env.duration(RECONCILE_WAIT),
                env.optional(MESOS_PRINCIPAL).or(() -> username),
                env.duration(HEARTBEAT_INTERVAL),
                env.list(HOST_CONSTRAINT_LIST));
        if (mesos.heartbeatInterval().isZero()) {
            env.problem(HEARTBEAT_INTERVAL.name() + ": must be more than 0");
        }

        Http http = readHttp(env, hostname);
        int rangeFrom = env.integer(PORTRANGE_FROM, 1, 65535);
        int rangeTo = env.integer(PORTRANGE_TO, 1, 65535);
        if (rangeFrom > rangeTo) {
            env.problem("PORTRANGE_FROM=" + rangeFrom + " is above PORTRANGE_TO=" + rangeTo);
        }
        Tasks tasks = new Tasks(
                env.optional(PREFIX_TASKNAME).orElse(frameworkName),
                env.optional(PREFIX_HOSTNAME),
                env.string(DOMAIN),
                env.decimal(DEFAULT_CPU),
                env.decimal(DEFAULT_MEMORY),
                env.decimal(DEFAULT_DISK),
                env.string(DEFAULT_VOLUME_DRIVER),
                rangeFrom,
                rangeTo,
                env.bool(ENABLE_GPU_ALLOCATION),
                env.string(DISCOVERY_INFONAME_DELIMITER),
                env.string(DISCOVERY_PORTNAME_DELIMITER),
                env.bool(TASK_LOST_REMOVE_TASK),
                env.string(MESOS_BRIDGE_NETWORK));

        String state = env.optional(MESOS_COMPOSE_STATE).orElseGet(() -> redisFromGoSettings(env)
                .orElse(DEFAULT_STATE_DIR));
        int poolSize = env.integer(REDIS_POOLSIZE, 0, 10_000);
        List<String> notices = new ArrayList<>();
        if (env.bool(THREAD_ENABLE)) {
            notices.add("THREAD_ENABLE=true has no effect: one loop applies status updates in order, in batches");
        }
        if (env.bool(COMPOSE_PLUGINS_ENABLE)) {
            notices.add("COMPOSE_PLUGINS_ENABLE=true has no effect: the Go project's plugins cannot load here");
        }
        env.optional(FRAMEWORK_STATEFILE_PATH).ifPresent(path -> notices.add("FRAMEWORK_STATEFILE_PATH=" + path
                + " has no effect: the state lives in " + MESOS_COMPOSE_STATE.name()));

        Duration haSession = env.duration(MESOS_COMPOSE_HA_SESSION_TIMEOUT);
        if (haSession.compareTo(MIN_HA_SESSION) < 0) {
            env.problem(MESOS_COMPOSE_HA_SESSION_TIMEOUT.name() + ": must be at least " + MIN_HA_SESSION.toSeconds()
                    + "s");
        }
        Optional<HighAvailability> ha = env.optional(MESOS_COMPOSE_HA).flatMap(url -> highAvailability(env, url,
                frameworkName, haSession));

        List<String> problems = env.problems();
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return new FrameworkConfig(mesos, http, new State(state, poolSize), tasks, notices, ha);
    }

    private static Optional<HighAvailability> highAvailability(EnvReader env, String url, String frameworkName,
                                                               Duration session) {
        try {
            return Optional.of(new HighAvailability(ZooKeeperTarget.parse(url)
                    .withDefaultPath("/mesos-compose/" + frameworkName), session));
        } catch (IllegalArgumentException e) {
            env.problem(MESOS_COMPOSE_HA.name() + " (--ha): " + e.getMessage());
            return Optional.empty();
        }
    }

    private static Http readHttp(EnvReader env, String hostname) {
        int port = env.integer(FRAMEWORK_PORT, 0, 65535);
        Optional<ServerTls> tls = readServerTls(env);
        String scheme = tls.isPresent() ? "https" : "http";
        return new Http(
                env.string(FRAMEWORK_LISTEN),
                port,
                env.optional(FRAMEWORK_WEBUIURL).orElse(scheme + "://" + hostname + ":" + port),
                env.optional(AUTH_USERNAME),
                env.optional(AUTH_PASSWORD).map(Secret::new),
                env.bool(AUTH_INSECURE_NO_AUTH),
                tls);
    }

    private static Optional<ServerTls> readServerTls(EnvReader env) {
        Optional<Path> keyStore = env.optional(FRAMEWORK_TLS_KEYSTORE).map(Path::of);
        Optional<Secret> keyStorePassword = env.optional(FRAMEWORK_TLS_KEYSTORE_PASSWORD).map(Secret::new);
        Optional<String> pemCert = env.optional(SSL_CRT_BASE64);
        Optional<Secret> pemKey = env.optional(SSL_KEY_BASE64).map(Secret::new);
        if (keyStore.isPresent() && keyStorePassword.isEmpty()) {
            env.problem("FRAMEWORK_TLS_KEYSTORE is set but FRAMEWORK_TLS_KEYSTORE_PASSWORD is not");
        }
        if (pemCert.isPresent() != pemKey.isPresent()) {
            env.problem("SSL_CRT_BASE64 and SSL_KEY_BASE64 go together: set both or neither");
        }
        if (keyStore.isPresent() && pemCert.isPresent()) {
            env.problem("FRAMEWORK_TLS_KEYSTORE and SSL_CRT_BASE64 both configure the API's HTTPS: set one");
        }
        if (keyStore.isPresent() && keyStorePassword.isPresent()) {
            return Optional.of(new ServerTls.KeyStoreFile(keyStore.get(), keyStorePassword.get()));
        }
        if (pemCert.isPresent() && pemKey.isPresent()) {
            return Optional.of(new ServerTls.Pem(pemCert.get(), pemKey.get()));
        }
        return Optional.empty();
    }

    /** Single values given on the command line of {@code serve}; empty ones keep what the environment said. */
    public record Overrides(Optional<String> master, Optional<String> listenHost, Optional<Integer> port,
                            Optional<String> webuiUrl, Optional<String> state, boolean insecureNoAuth) {
        public static final Overrides NONE = new Overrides(Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), false);

        public Overrides withMaster(String master) {
            return new Overrides(Optional.of(master), listenHost, port, webuiUrl, state, insecureNoAuth);
        }

        public Overrides withPort(int newPort) {
            return new Overrides(master, listenHost, Optional.of(newPort), webuiUrl, state, insecureNoAuth);
        }
    }

    public FrameworkConfig with(Overrides o) {
        Mesos m = o.master().map(mesos::withMaster).orElse(mesos);
        int port = o.port().orElse(http.port());
        // The registered web UI URL follows a new port unless it was set explicitly.
        String scheme = http.scheme();
        String defaultWebui = scheme + "://" + mesos.hostname() + ":" + http.port();
        String webui = o.webuiUrl().orElse(http.webuiUrl().equals(defaultWebui)
                ? scheme + "://" + mesos.hostname() + ":" + port : http.webuiUrl());
        Http h = new Http(o.listenHost().orElse(http.listenHost()), port, webui, http.username(), http.password(),
                http.insecureNoAuth() || o.insecureNoAuth(), http.tls());
        State s = o.state().map(spec -> new State(spec, state.redisPoolSize())).orElse(state);
        return new FrameworkConfig(m, h, s, tasks, notices, ha);
    }

    /** The Go project keeps its state in Redis; a deployment that set {@code REDIS_SERVER} keeps using it. */
    private static Optional<String> redisFromGoSettings(EnvReader env) {
        return env.optional(REDIS_SERVER).map(server -> {
            // Percent-encoding as in URLs: a space is %20 (URLEncoder's + would read back as a literal +).
            String password = env.optional(REDIS_PASSWORD).map(p -> ":" + URLEncoder.encode(p,
                    StandardCharsets.UTF_8).replace("+", "%20") + "@").orElse("");
            return "redis://" + password + server + "/" + env.integer(REDIS_DB, 0, 1_000_000);
        });
    }
}
