package io.mesoscompose.compose;

import io.mesoscompose.compose.model.ContainerOptions;
import io.mesoscompose.compose.model.Ulimit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

/** The fields that shape the container process ({@link ContainerOptions}), ulimits and capabilities. */
final class ContainerOptionsReader {

    private static final Set<String> ULIMITS = Set.of("as", "core", "cpu", "data", "fsize", "locks", "memlock",
            "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack");
    /** Linux capabilities (capabilities(7)), without the CAP_ prefix. */
    static final Set<String> CAPABILITIES = Set.of("AUDIT_CONTROL", "AUDIT_READ", "AUDIT_WRITE", "BLOCK_SUSPEND",
            "BPF", "CHECKPOINT_RESTORE", "CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "IPC_LOCK",
            "IPC_OWNER", "KILL", "LEASE", "LINUX_IMMUTABLE", "MAC_ADMIN", "MAC_OVERRIDE", "MKNOD", "NET_ADMIN",
            "NET_BIND_SERVICE", "NET_BROADCAST", "NET_RAW", "PERFMON", "SETFCAP", "SETGID", "SETPCAP", "SETUID",
            "SYSLOG", "SYS_ADMIN", "SYS_BOOT", "SYS_CHROOT", "SYS_MODULE", "SYS_NICE", "SYS_PACCT", "SYS_PTRACE",
            "SYS_RAWIO", "SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "WAKE_ALARM", "ALL");

    private final Values v;
    private Optional<String> user = Optional.empty();
    private Optional<String> workingDir = Optional.empty();
    private Optional<String> domainname = Optional.empty();
    private boolean tty;
    private boolean stdinOpen;
    private boolean readOnly;
    private boolean init;
    private Optional<Duration> stopGracePeriod = Optional.empty();
    private Optional<String> stopSignal = Optional.empty();
    private OptionalLong shmSize = OptionalLong.empty();
    private final Map<String, String> sysctls = new LinkedHashMap<>();
    private final List<String> extraHosts = new ArrayList<>();
    private final List<String> dns = new ArrayList<>();
    private final List<String> dnsSearch = new ArrayList<>();
    private final List<String> devices = new ArrayList<>();
    private final List<String> securityOpt = new ArrayList<>();
    private final List<String> tmpfs = new ArrayList<>();
    private Optional<ContainerOptions.Logging> logging = Optional.empty();

    ContainerOptionsReader(Values v) {
        this.v = v;
    }

    void field(String key, Node value) {
        switch (key) {
            case "user" -> user = v.string(value, key);
            case "working_dir" -> workingDir = v.string(value, key);
            case "domainname" -> domainname = v.string(value, key);
            case "tty" -> tty = v.bool(value, key).orElse(false);
            case "stdin_open" -> stdinOpen = v.bool(value, key).orElse(false);
            case "read_only" -> readOnly = v.bool(value, key).orElse(false);
            case "init" -> init = v.bool(value, key).orElse(false);
            case "stop_grace_period" -> stopGracePeriod = v.duration(value, key);
            case "stop_signal" -> stopSignal = v.string(value, key);
            case "shm_size" -> v.bytes(value, key).ifPresent(n -> shmSize = OptionalLong.of(n));
            case "sysctls" -> v.keyValues(value, key, '=').forEach((k, val) -> sysctls.put(k, val.orElse("")));
            case "extra_hosts" -> extraHosts(value);
            case "dns" -> dns.addAll(v.strings(value, key, true));
            case "dns_search" -> dnsSearch.addAll(v.strings(value, key, true));
            case "devices" -> devices.addAll(ServiceReader.readList(value, key, v, this::device));
            case "security_opt" -> securityOpt.addAll(v.strings(value, key, false));
            case "tmpfs" -> tmpfs.addAll(v.strings(value, key, true));
            case "logging" -> v.mapping(value, key).ifPresent(this::logging);
            default -> throw new IllegalStateException("no reader for service field " + key);
        }
    }

    ContainerOptions build() {
        return new ContainerOptions(user, workingDir, domainname, tty, stdinOpen, readOnly, init, stopGracePeriod,
                stopSignal, shmSize, sysctls, extraHosts, dns, dnsSearch, devices, securityOpt, tmpfs, logging);
    }

    /** {@code host:ip} or {@code host=ip} items, or a mapping host → ip; kept as {@code host:ip}. */
    private void extraHosts(Node value) {
        if (value instanceof MappingNode) {
            v.keyValues(value, "extra_hosts", '=').forEach((h, ip) -> extraHosts.add(h + ":" + ip.orElse("")));
            return;
        }
        for (String entry : v.strings(value, "extra_hosts", false)) {
            int at = entry.indexOf('=') >= 0 ? entry.indexOf('=') : entry.indexOf(':');
            if (at <= 0 || at == entry.length() - 1) {
                v.error(value, "extra_hosts", "\"" + entry + "\" is not a host entry; expected HOST:IP or HOST=IP");
            } else {
                extraHosts.add(entry.substring(0, at) + ":" + entry.substring(at + 1));
            }
        }
    }

    private List<String> device(Node item, String field) {
        if (item instanceof MappingNode m) {
            String[] parts = {null, null, "rwm"};
            v.each(m, field, List.of("source", "target", "permissions"), (k, val, p) -> v.string(val, p)
                    .ifPresent(s -> parts[k.equals("source") ? 0 : k.equals("target") ? 1 : 2] = s));
            if (parts[0] == null) {
                v.error(item, field, "a device needs source:");
                return List.of();
            }
            return List.of(parts[0] + ":" + (parts[1] == null ? parts[0] : parts[1]) + ":" + parts[2]);
        }
        return v.string(item, field).map(List::of).orElse(List.of());
    }

    private void logging(MappingNode map) {
        String[] driver = {"json-file"};
        Map<String, String> opts = new LinkedHashMap<>();
        v.each(map, "logging", List.of("driver", "options"), (k, val, p) -> {
            if (k.equals("driver")) {
                v.string(val, p).ifPresent(s -> driver[0] = s);
            } else {
                v.keyValues(val, p, '=').forEach((o, value) -> opts.put(o, value.orElse("")));
            }
        });
        logging = Optional.of(new ContainerOptions.Logging(driver[0], opts));
    }

    /** {@code name: N} (soft = hard) or {@code name: {soft, hard}}; -1 is unlimited. */
    Map<String, Ulimit> ulimits(Node value) {
        Map<String, Ulimit> out = new LinkedHashMap<>();
        Optional<MappingNode> map = v.mapping(value, "ulimits");
        if (map.isEmpty()) {
            return out;
        }
        for (NodeTuple t : map.get().getValue()) {
            String name = Values.key(t);
            String path = "ulimits." + name;
            if (!ULIMITS.contains(name)) {
                v.error(t.getKeyNode(), path, "\"" + name + "\" is not a ulimit",
                        DidYouMean.hint(name, ULIMITS).orElse("allowed: " + String.join(", ", new java.util.TreeSet<>(ULIMITS))));
                continue;
            }
            Node limit = t.getValueNode();
            if (limit instanceof MappingNode m) {
                long[] sh = {Long.MIN_VALUE, Long.MIN_VALUE};
                v.each(m, path, List.of("soft", "hard"), (k, val, p) -> v.integer(val, p, -1, Long.MAX_VALUE)
                        .ifPresent(n -> sh[k.equals("soft") ? 0 : 1] = n));
                if (sh[0] == Long.MIN_VALUE || sh[1] == Long.MIN_VALUE) {
                    v.error(limit, path, "a ulimit needs both soft: and hard:");
                } else if (sh[1] != -1 && (sh[0] == -1 || sh[0] > sh[1])) {
                    v.error(limit, path, "the soft limit " + sh[0] + " is above the hard limit " + sh[1]);
                } else {
                    out.put(name, new Ulimit(sh[0], sh[1]));
                }
            } else {
                v.integer(limit, path, -1, Long.MAX_VALUE).ifPresent(n -> out.put(name, new Ulimit(n, n)));
            }
        }
        return out;
    }

    /** Capability names, upper-cased and without {@code CAP_}; unknown names are errors with a hint. */
    Set<String> capabilities(Node value, String field) {
        Set<String> out = new LinkedHashSet<>();
        for (String raw : v.strings(value, field, false)) {
            String cap = raw.strip().toUpperCase(Locale.ROOT).replaceFirst("^CAP_", "");
            if (CAPABILITIES.contains(cap)) {
                out.add(cap);
            } else {
                v.error(value, field, "\"" + raw + "\" is not a Linux capability",
                        DidYouMean.hint(cap, CAPABILITIES).orElse("see capabilities(7), e.g. NET_ADMIN, SYS_PTRACE"));
            }
        }
        return out;
    }
}
