package io.mesoscompose.config;

import static io.mesoscompose.config.Setting.computed;
import static io.mesoscompose.config.Setting.of;

import io.mesoscompose.config.Setting.Group;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every environment variable {@code serve} reads: the Go mesos-compose's names (so an existing deployment's settings
 * keep working), Vault's own names, and a few of ours. Readers ({@link EnvReader}) take these constants, never a
 * bare name, so a variable the code reads is always in this list, which {@code serve --help} prints and
 * docs/configuration.md repeats (a test compares them).
 */
public final class Settings {

    private Settings() {}

    // ---- Mesos master and framework ----
    public static final Setting MESOS_MASTER = of("MESOS_MASTER", "127.0.0.1:5050",
            "the Mesos master: `host:port`, comma-separated `http(s)://host:port` URLs, or `zk://host:port,…/mesos`",
            Group.MESOS);
    public static final Setting MESOS_USERNAME = computed("MESOS_USERNAME", "—",
            "user name for HTTP basic authentication to the master", Group.MESOS);
    public static final Setting MESOS_PASSWORD = computed("MESOS_PASSWORD", "—",
            "password for HTTP basic authentication to the master (never printed)", Group.MESOS);
    public static final Setting MESOS_PRINCIPAL = computed("MESOS_PRINCIPAL", "`MESOS_USERNAME`",
            "`FrameworkInfo.principal`, the identity the master's ACLs and quotas apply to", Group.MESOS);
    public static final Setting MESOS_SSL = of("MESOS_SSL", "false", "talk HTTPS to the master", Group.MESOS);
    public static final Setting SKIP_SSL = of("SKIP_SSL", "false",
            "do not verify the master's certificate (the Go project's default is `true`; ours verifies)",
            Group.MESOS);
    public static final Setting MESOS_CA_CERT = computed("MESOS_CA_CERT", "the JDK's trust store",
            "PEM file with the CA certificates the master's certificate must chain to", Group.MESOS);
    public static final Setting FRAMEWORK_NAME = of("FRAMEWORK_NAME", "mc",
            "`FrameworkInfo.name`; the Mesos CLI finds the framework by it", Group.MESOS);
    public static final Setting FRAMEWORK_ROLE = of("FRAMEWORK_ROLE", "mc", "the role offers are asked for",
            Group.MESOS);
    public static final Setting FRAMEWORK_USER = of("FRAMEWORK_USER", "root",
            "`FrameworkInfo.user`: the agent user tasks run as unless a service says otherwise", Group.MESOS);
    public static final Setting FRAMEWORK_HOSTNAME = computed("FRAMEWORK_HOSTNAME",
            "this host's fully qualified name, else its first non-loopback address",
            "`FrameworkInfo.hostname`, and the host of the default web UI URL", Group.MESOS);
    public static final Setting FRAMEWORK_FAILOVER_TIMEOUT = of("FRAMEWORK_FAILOVER_TIMEOUT", "7d",
            "how long the master keeps our tasks running while the framework is away", Group.MESOS);
    public static final Setting RECONCILE_WAIT = of("RECONCILE_WAIT", "30m",
            "interval of the periodic full task reconciliation", Group.MESOS);
    public static final Setting HEARTBEAT_INTERVAL = of("HEARTBEAT_INTERVAL", "15s",
            "while replicas wait for resources, offers are revived this often, so agents declined earlier are"
                    + " offered again (the Go project's heartbeat loop)", Group.MESOS);
    public static final Setting HOST_CONSTRAINT_LIST = computed("HOST_CONSTRAINT_LIST", "— (every agent)",
            "comma-separated agent host names: only their offers are accepted (sent to the master as offer"
                    + " constraints; offers from other hosts are declined)", Group.MESOS);
    public static final Setting TASK_LOST_REMOVE_TASK = of("TASK_LOST_REMOVE_TASK", "true",
            "a task the master reports lost is forgotten and its replica launched anew; `false` relaunches it under"
                    + " the service's restart policy like any other failure", Group.MESOS);
    public static final Setting ENABLE_GPU_ALLOCATION = of("ENABLE_GPU_ALLOCATION", "true",
            "ask Mesos for `gpus` resources for services that want GPUs (and declare the `GPU_RESOURCES`"
                    + " capability); `false` passes GPUs to Docker only", Group.MESOS);

    // ---- HTTP API ----
    public static final Setting FRAMEWORK_PORT = of("FRAMEWORK_PORT", "10000", "port of the HTTP API", Group.API);
    public static final Setting FRAMEWORK_LISTEN = of("FRAMEWORK_LISTEN", "0.0.0.0",
            "address the HTTP API binds to", Group.API);
    public static final Setting FRAMEWORK_WEBUIURL = computed("FRAMEWORK_WEBUIURL",
            "`http(s)://<FRAMEWORK_HOSTNAME>:<FRAMEWORK_PORT>`",
            "registered as `webui_url` with the master: the Mesos CLI sends its requests there", Group.API);
    public static final Setting AUTH_USERNAME = computed("AUTH_USERNAME", "generated",
            "user name of the HTTP API's basic authentication; when neither it nor `AUTH_PASSWORD` is set,"
                    + " credentials are generated into the state directory's `api-credentials.properties`",
            Group.API);
    public static final Setting AUTH_PASSWORD = computed("AUTH_PASSWORD", "generated",
            "password of the HTTP API's basic authentication (never printed)", Group.API);
    public static final Setting AUTH_INSECURE_NO_AUTH = of("AUTH_INSECURE_NO_AUTH", "false",
            "serve the HTTP API without authentication, on purpose (test setups only)", Group.API);
    public static final Setting FRAMEWORK_TLS_KEYSTORE = computed("FRAMEWORK_TLS_KEYSTORE", "— (plain HTTP)",
            "serve the HTTP API over HTTPS with the key and certificate in this PKCS#12 (or `.jks`) file", Group.API);
    public static final Setting FRAMEWORK_TLS_KEYSTORE_PASSWORD = computed("FRAMEWORK_TLS_KEYSTORE_PASSWORD", "—",
            "password of `FRAMEWORK_TLS_KEYSTORE` (never printed)", Group.API);
    public static final Setting SSL_CRT_BASE64 = computed("SSL_CRT_BASE64", "— (plain HTTP)",
            "the Go project's HTTPS: the API's certificate chain, PEM, base64-encoded (with `SSL_KEY_BASE64`)",
            Group.API);
    public static final Setting SSL_KEY_BASE64 = computed("SSL_KEY_BASE64", "—",
            "the private key of `SSL_CRT_BASE64`, PEM (PKCS#8 or PKCS#1 RSA), base64-encoded (never printed)",
            Group.API);

    // ---- Tasks ----
    public static final Setting PREFIX_TASKNAME = computed("PREFIX_TASKNAME", "`FRAMEWORK_NAME`",
            "first part of task names `<prefix>:<project>:<service>`", Group.TASKS);
    public static final Setting PREFIX_HOSTNAME = computed("PREFIX_HOSTNAME", "—",
            "prefix of generated container host names", Group.TASKS);
    public static final Setting DOMAIN = of("DOMAIN", "local", "domain of generated container host names",
            Group.TASKS);
    public static final Setting DEFAULT_CPU = of("DEFAULT_CPU", "0.1",
            "cpus per task when the compose file sets no limit", Group.TASKS);
    public static final Setting DEFAULT_MEMORY = of("DEFAULT_MEMORY", "50",
            "memory per task in MB when the compose file sets no limit", Group.TASKS);
    public static final Setting DEFAULT_DISK = of("DEFAULT_DISK", "1000", "disk per task in MB", Group.TASKS);
    public static final Setting DEFAULT_VOLUME_DRIVER = of("DEFAULT_VOLUME_DRIVER", "local",
            "driver of named volumes that name none", Group.TASKS);
    public static final Setting PORTRANGE_FROM = of("PORTRANGE_FROM", "31000",
            "lowest host port picked for published ports", Group.TASKS);
    public static final Setting PORTRANGE_TO = of("PORTRANGE_TO", "32000",
            "highest host port picked for published ports", Group.TASKS);
    public static final Setting DISCOVERY_INFONAME_DELIMITER = of("DISCOVERY_INFONAME_DELIMITER", ".",
            "replaces `:` of the task name in `DiscoveryInfo.name`", Group.TASKS);
    public static final Setting DISCOVERY_PORTNAME_DELIMITER = of("DISCOVERY_PORTNAME_DELIMITER", "_",
            "replaces `:` in DiscoveryInfo port names (Traefik's service names such as `mc_test_app1_80`)",
            Group.TASKS);

    public static final Setting MESOS_BRIDGE_NETWORK = of("MESOS_BRIDGE_NETWORK", "mesos-bridge",
            "the CNI network a Mesos-containerizer service in bridge mode joins (Mesos' port-mapper example network;"
                    + " it must be configured on every agent)", Group.TASKS);

    // ---- State ----
    public static final Setting MESOS_COMPOSE_STATE = computed("MESOS_COMPOSE_STATE",
            "`mesos-compose-data`, or the Redis of `REDIS_SERVER`",
            "state store: a directory (embedded store), `redis://[:password@]host:port/db` (`rediss://` for TLS) or"
                    + " `zk://host:port,…/path` (ZooKeeper)",
            Group.STATE);
    public static final Setting REDIS_SERVER = computed("REDIS_SERVER", "— (embedded store)",
            "the Go project's Redis `host:port`: when set (and `MESOS_COMPOSE_STATE` is not), state goes there",
            Group.STATE);
    public static final Setting REDIS_DB = of("REDIS_DB", "1", "database number in `REDIS_SERVER`", Group.STATE);
    public static final Setting REDIS_PASSWORD = computed("REDIS_PASSWORD", "—",
            "password of `REDIS_SERVER` (never printed)", Group.STATE);
    public static final Setting REDIS_POOLSIZE = of("REDIS_POOLSIZE", "0",
            "most connections to Redis at once; `0` picks the default (8)", Group.STATE);

    // ---- High availability ----
    public static final Setting MESOS_COMPOSE_HA = computed("MESOS_COMPOSE_HA", "— (one instance)",
            "`zk://[user:password@]host:port,…/path`: instances elect their leader in this ZooKeeper (nodes `leader`"
                    + " and `epoch` under the path, default `/mesos-compose/<FRAMEWORK_NAME>`); only the leader"
                    + " subscribes and writes, standbys take over; needs a `zk://` or `redis://` state", Group.HA);
    public static final Setting MESOS_COMPOSE_HA_SESSION_TIMEOUT = of("MESOS_COMPOSE_HA_SESSION_TIMEOUT", "10s",
            "the election's ZooKeeper session: a leader cut off from ZooKeeper stops after two thirds of it, a"
                    + " standby takes over once it has expired", Group.HA);

    // ---- Vault ----
    public static final Setting VAULT_URL = computed("VAULT_URL", "`VAULT_ADDR`, else `http://127.0.0.1:8200`",
            "Vault's address for `vault://path:key` secrets", Group.VAULT);
    public static final Setting VAULT_ADDR = computed("VAULT_ADDR", "—",
            "Vault's own name for its address, taken when `VAULT_URL` is not set", Group.VAULT);
    public static final Setting VAULT_TOKEN = computed("VAULT_TOKEN", "— (no Vault)",
            "token for Vault (never printed)", Group.VAULT);
    public static final Setting VAULT_ROLE_ID = computed("VAULT_ROLE_ID", "—",
            "AppRole role ID; with `VAULT_SECRET_ID` it replaces `VAULT_TOKEN`", Group.VAULT);
    public static final Setting VAULT_SECRET_ID = computed("VAULT_SECRET_ID", "—",
            "AppRole secret ID (never printed)", Group.VAULT);
    public static final Setting VAULT_APPROLE_MOUNT = of("VAULT_APPROLE_MOUNT", "approle",
            "where the AppRole auth method is mounted", Group.VAULT);
    public static final Setting VAULT_NAMESPACE = computed("VAULT_NAMESPACE", "—",
            "Vault Enterprise / HCP namespace (`X-Vault-Namespace`)", Group.VAULT);
    public static final Setting VAULT_CACERT = computed("VAULT_CACERT", "the JDK's trust store",
            "PEM file with the CA certificates of Vault's certificate", Group.VAULT);
    public static final Setting VAULT_SKIP_VERIFY = of("VAULT_SKIP_VERIFY", "false",
            "do not verify Vault's certificate (tests and emergencies only)", Group.VAULT);
    public static final Setting VAULT_TIMEOUT = of("VAULT_TIMEOUT", "10s", "per request to Vault", Group.VAULT);
    public static final Setting VAULT_CACHE_TTL = of("VAULT_CACHE_TTL", "5m",
            "how long a secret read once is reused; `0` reads Vault at every launch", Group.VAULT);
    public static final Setting VAULT_KV_VERSION = of("VAULT_KV_VERSION", "auto",
            "`1`, `2`, or `auto` (decided by the answer's shape)", Group.VAULT);

    // ---- Logging ----
    public static final Setting LOGLEVEL = of("LOGLEVEL", "info",
            "log level: `trace`, `debug`, `info`, `warn` or `error`", Group.LOGGING);

    // ---- accepted without effect ----
    public static final Setting THREAD_ENABLE = of("THREAD_ENABLE", "false",
            "the Go project handled status updates in parallel threads; here one loop applies every change in"
                    + " order (updates are batched instead); `true` is logged as having no effect",
            Group.NO_EFFECT);
    public static final Setting FRAMEWORK_STATEFILE_PATH = of("FRAMEWORK_STATEFILE_PATH", "/tmp",
            "read but never used by the Go project; the state lives in `MESOS_COMPOSE_STATE` (a value set is logged"
                    + " as having no effect)", Group.NO_EFFECT);
    public static final Setting COMPOSE_PLUGINS_ENABLE = of("COMPOSE_PLUGINS_ENABLE", "false",
            "the Go project's Go plugins (`plugins/*.so`) cannot load here; `true` is logged as having no effect",
            Group.NO_EFFECT);

    /** Every setting, in the order shown: by group, then as declared. */
    public static final List<Setting> ALL = List.of(
            MESOS_MASTER, MESOS_USERNAME, MESOS_PASSWORD, MESOS_PRINCIPAL, MESOS_SSL, SKIP_SSL, MESOS_CA_CERT,
            FRAMEWORK_NAME, FRAMEWORK_ROLE, FRAMEWORK_USER, FRAMEWORK_HOSTNAME, FRAMEWORK_FAILOVER_TIMEOUT,
            RECONCILE_WAIT, HEARTBEAT_INTERVAL, HOST_CONSTRAINT_LIST, TASK_LOST_REMOVE_TASK, ENABLE_GPU_ALLOCATION,
            FRAMEWORK_PORT, FRAMEWORK_LISTEN, FRAMEWORK_WEBUIURL, AUTH_USERNAME, AUTH_PASSWORD, AUTH_INSECURE_NO_AUTH,
            FRAMEWORK_TLS_KEYSTORE, FRAMEWORK_TLS_KEYSTORE_PASSWORD, SSL_CRT_BASE64, SSL_KEY_BASE64,
            PREFIX_TASKNAME, PREFIX_HOSTNAME, DOMAIN, DEFAULT_CPU, DEFAULT_MEMORY, DEFAULT_DISK, DEFAULT_VOLUME_DRIVER,
            PORTRANGE_FROM, PORTRANGE_TO, DISCOVERY_INFONAME_DELIMITER, DISCOVERY_PORTNAME_DELIMITER, MESOS_BRIDGE_NETWORK,
            MESOS_COMPOSE_STATE, REDIS_SERVER, REDIS_DB, REDIS_PASSWORD, REDIS_POOLSIZE,
            MESOS_COMPOSE_HA, MESOS_COMPOSE_HA_SESSION_TIMEOUT,
            VAULT_URL, VAULT_ADDR, VAULT_TOKEN, VAULT_ROLE_ID, VAULT_SECRET_ID, VAULT_APPROLE_MOUNT, VAULT_NAMESPACE,
            VAULT_CACERT, VAULT_SKIP_VERIFY, VAULT_TIMEOUT, VAULT_CACHE_TTL, VAULT_KV_VERSION,
            LOGLEVEL,
            THREAD_ENABLE, FRAMEWORK_STATEFILE_PATH, COMPOSE_PLUGINS_ENABLE);

    /** By name, for look-ups. */
    public static final Map<String, Setting> BY_NAME = ALL.stream()
            .collect(Collectors.toUnmodifiableMap(Setting::name, Function.identity()));

    /**
     * The list as {@code serve --help} prints it: a heading per group, then one entry per variable with its
     * default, the meaning wrapped to {@code width} columns. Plain text with real line breaks.
     */
    public static String helpText(int width) {
        StringBuilder out = new StringBuilder("\nEnvironment variables (docs/configuration.md):\n");
        for (Group group : Group.values()) {
            out.append("\n  ").append(group.title()).append(":\n");
            for (Setting s : ALL) {
                if (s.group() != group) {
                    continue;
                }
                List<String> header = wrap(s.name() + "  (default: " + plain(s.defaultText()) + ")",
                        Math.max(30, width - 8));
                out.append("    ").append(header.get(0)).append('\n');
                header.stream().skip(1).forEach(line -> out.append("        ").append(line).append('\n'));
                for (String line : wrap(plain(s.meaning()), Math.max(30, width - 8))) {
                    out.append("        ").append(line).append('\n');
                }
            }
        }
        return out.toString();
    }

    private static String plain(String markdown) {
        return markdown.replace("`", "");
    }

    private static List<String> wrap(String text, int width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            if (line.length() > 0) {
                line.append(' ');
            }
            line.append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
