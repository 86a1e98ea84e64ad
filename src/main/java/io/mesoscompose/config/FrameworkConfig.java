package io.mesoscompose.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the framework is configured with, read from the environment variables of the Go mesos-compose (so an
 * existing deployment's settings keep working) plus a few of our own; command-line flags of {@code serve} override
 * single values. Defaults are the Go project's, except where noted in docs/configuration.md.
 */
public record FrameworkConfig(Mesos mesos, Http http, State state, Tasks tasks) {

    /**
     * Where the durable state lives: a directory (embedded store) or {@code redis://[:password@]host:port/db}
     * ({@code rediss://} for TLS). Printed without the password.
     */
    public record State(String spec) {
        @Override
        public String toString() {
            return spec.replaceFirst("^(rediss?://)[^@/]*@", "$1****@");
        }
    }

    /**
     * @param master           {@code MESOS_MASTER}: {@code host:port}, comma-separated URLs, or {@code zk://…/mesos}
     * @param verifyTls        false when {@code SKIP_SSL=true}: the master's certificate is not checked
     * @param failoverTimeout  how long the master keeps our tasks while we are gone ({@code FRAMEWORK_FAILOVER_TIMEOUT})
     * @param reconcileWait    the Go project's {@code RECONCILE_WAIT}: how often a full reconciliation runs
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
            Duration reconcileWait) {}

    /**
     * The framework's own HTTP API. {@code webuiUrl} is registered with Mesos: the Mesos CLI finds us there.
     *
     * @param tlsKeyStore HTTPS with the key and certificate in this PKCS#12 (or .jks) file
     *                    ({@code FRAMEWORK_TLS_KEYSTORE}, password {@code FRAMEWORK_TLS_KEYSTORE_PASSWORD})
     */
    public record Http(String listenHost, int port, String webuiUrl, Optional<String> username,
                       Optional<Secret> password, boolean insecureNoAuth, Optional<Path> tlsKeyStore,
                       Optional<Secret> tlsKeyStorePassword) {

        public Http(String listenHost, int port, String webuiUrl, Optional<String> username, Optional<Secret> password,
                    boolean insecureNoAuth) {
            this(listenHost, port, webuiUrl, username, password, insecureNoAuth, Optional.empty(), Optional.empty());
        }
    }

    /** Defaults and naming for tasks (applied by the plan). */
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
            boolean removeLostTasks) {}


    /** Raised with every problem found, one per line, so they can all be fixed at once. */
    public static final class InvalidConfigException extends RuntimeException {
        public InvalidConfigException(List<String> problems) {
            super("invalid configuration:\n  " + String.join("\n  ", problems));
        }
    }

    public static final String DEFAULT_STATE_DIR = "mesos-compose-data";

    /** Reads the configuration from environment variables (usually {@code System.getenv()}). */
    public static FrameworkConfig fromEnvironment(Map<String, String> environment) {
        EnvReader env = new EnvReader(environment);
        String frameworkName = env.string("FRAMEWORK_NAME", "mc");
        String hostname = env.optional("FRAMEWORK_HOSTNAME").orElseGet(FrameworkConfig::localHostname);
        int port = env.integer("FRAMEWORK_PORT", 10000, 0, 65535);
        boolean ssl = env.bool("MESOS_SSL", false);

        Mesos mesos = new Mesos(
                env.string("MESOS_MASTER", "127.0.0.1:5050"),
                env.optional("MESOS_USERNAME"),
                env.optional("MESOS_PASSWORD").map(Secret::new),
                ssl,
                // The Go project skips verification unless told otherwise; we verify unless told to skip.
                !env.bool("SKIP_SSL", false),
                env.optional("MESOS_CA_CERT").map(Path::of),
                frameworkName,
                env.string("FRAMEWORK_ROLE", "mc"),
                env.string("FRAMEWORK_USER", "root"),
                hostname,
                env.duration("FRAMEWORK_FAILOVER_TIMEOUT", Duration.ofDays(7)),
                env.duration("RECONCILE_WAIT", Duration.ofMinutes(30)));

        Optional<Path> keyStore = env.optional("FRAMEWORK_TLS_KEYSTORE").map(Path::of);
        String scheme = keyStore.isPresent() ? "https" : "http";
        Http http = new Http(
                env.string("FRAMEWORK_LISTEN", "0.0.0.0"),
                port,
                env.string("FRAMEWORK_WEBUIURL", scheme + "://" + hostname + ":" + port),
                env.optional("AUTH_USERNAME"),
                env.optional("AUTH_PASSWORD").map(Secret::new),
                env.bool("AUTH_INSECURE_NO_AUTH", false),
                keyStore,
                env.optional("FRAMEWORK_TLS_KEYSTORE_PASSWORD").map(Secret::new));
        if (keyStore.isPresent() && http.tlsKeyStorePassword().isEmpty()) {
            env.problem("FRAMEWORK_TLS_KEYSTORE is set but FRAMEWORK_TLS_KEYSTORE_PASSWORD is not");
        }

        int rangeFrom = env.integer("PORTRANGE_FROM", 31000, 1, 65535);
        int rangeTo = env.integer("PORTRANGE_TO", 32000, 1, 65535);
        List<String> problems = new java.util.ArrayList<>();
        if (rangeFrom > rangeTo) {
            problems.add("PORTRANGE_FROM=" + rangeFrom + " is above PORTRANGE_TO=" + rangeTo);
        }
        Tasks tasks = new Tasks(
                env.string("PREFIX_TASKNAME", frameworkName),
                env.optional("PREFIX_HOSTNAME"),
                env.string("DOMAIN", "local"),
                env.decimal("DEFAULT_CPU", 0.1),
                env.decimal("DEFAULT_MEMORY", 50),
                env.decimal("DEFAULT_DISK", 1000),
                env.string("DEFAULT_VOLUME_DRIVER", "local"),
                rangeFrom,
                rangeTo,
                env.bool("ENABLE_GPU_ALLOCATION", true),
                env.string("DISCOVERY_INFONAME_DELIMITER", "."),
                env.string("DISCOVERY_PORTNAME_DELIMITER", "_"),
                env.bool("TASK_LOST_REMOVE_TASK", true));

        String state = env.optional("MESOS_COMPOSE_STATE").orElseGet(() -> redisFromGoSettings(env)
                .orElse(DEFAULT_STATE_DIR));

        problems.addAll(env.problems());
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return new FrameworkConfig(mesos, http, new State(state), tasks);
    }

    /** Single values given on the command line of {@code serve}; empty ones keep what the environment said. */
    public record Overrides(Optional<String> master, Optional<String> listenHost, Optional<Integer> port,
                            Optional<String> webuiUrl, Optional<String> state, boolean insecureNoAuth) {}

    public FrameworkConfig with(Overrides o) {
        Mesos m = o.master().map(master -> new Mesos(master, mesos.principal(), mesos.secret(), mesos.ssl(),
                mesos.verifyTls(), mesos.caFile(), mesos.frameworkName(), mesos.role(), mesos.user(),
                mesos.hostname(), mesos.failoverTimeout(), mesos.reconcileWait())).orElse(mesos);
        int port = o.port().orElse(http.port());
        // The registered web UI URL follows a new port unless it was set explicitly.
        String scheme = http.tlsKeyStore().isPresent() ? "https" : "http";
        String defaultWebui = scheme + "://" + mesos.hostname() + ":" + http.port();
        String webui = o.webuiUrl().orElse(http.webuiUrl().equals(defaultWebui)
                ? scheme + "://" + mesos.hostname() + ":" + port : http.webuiUrl());
        Http h = new Http(o.listenHost().orElse(http.listenHost()), port, webui, http.username(), http.password(),
                http.insecureNoAuth() || o.insecureNoAuth(), http.tlsKeyStore(), http.tlsKeyStorePassword());
        return new FrameworkConfig(m, h, o.state().map(State::new).orElse(state), tasks);
    }

    /** The Go project keeps its state in Redis; a deployment that set {@code REDIS_SERVER} keeps using it. */
    private static Optional<String> redisFromGoSettings(EnvReader env) {
        return env.optional("REDIS_SERVER").map(server -> {
            // Percent-encoding as in URLs: a space is %20 (URLEncoder's + would read back as a literal +).
            String password = env.optional("REDIS_PASSWORD").map(p -> ":" + java.net.URLEncoder.encode(p,
                    java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20") + "@").orElse("");
            return "redis://" + password + server + "/" + env.integer("REDIS_DB", 1, 0, 1_000_000);
        });
    }

    private static String localHostname() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
