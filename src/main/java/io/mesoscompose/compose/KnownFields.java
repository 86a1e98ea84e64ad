package io.mesoscompose.compose;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The decision for every field of the Compose Specification (and of the mesos-compose extensions) that is not
 * simply mapped: ignored with a warning, or rejected with an error — each with the reason shown to the user.
 * docs/compose-reference.md is the readable form of this table; a test keeps the two in step.
 */
final class KnownFields {

    enum Handling { MAPPED, IGNORED, REJECTED }

    record Rule(Handling handling, String reason) {}

    /** Service fields the reader maps (see ServiceReader). */
    static final Set<String> SERVICE_MAPPED = Set.of(
            "image", "command", "entrypoint", "arguments", "shell", "container_type", "mesos", "environment",
            "env_file", "labels", "hostname", "container_name", "domainname", "network_mode", "network", "networks",
            "ports", "expose", "volumes", "tmpfs", "ulimits", "cap_add", "cap_drop", "privileged", "deploy",
            "restart", "healthcheck", "depends_on", "secrets", "user", "working_dir", "tty", "stdin_open",
            "read_only", "init", "stop_grace_period", "stop_signal", "shm_size", "sysctls", "extra_hosts", "dns",
            "dns_search", "devices", "security_opt", "logging", "cpus", "mem_limit", "mem_reservation", "scale",
            "build", "pull_policy", "platform", "links", "profiles", "extends", "gpus");

    /** Service fields that are accepted but have no effect on Mesos, or are rejected, and why. */
    static final Map<String, Rule> SERVICE_OTHER = new LinkedHashMap<>();

    static {
        ignore("annotations", "Mesos tasks carry labels, not OCI annotations; use labels");
        ignore("attach", "log attachment is a docker compose client feature; use the Mesos sandbox logs");
        ignore("blkio_config", "block-IO weights are not offered by Mesos");
        ignore("cgroup", "the cgroup namespace is chosen by the Mesos agent");
        ignore("cgroup_parent", "the cgroup hierarchy is owned by the Mesos agent");
        ignore("cpu_count", "Mesos allocates CPU by shares of cpus; use cpus or deploy.resources.limits.cpus");
        ignore("cpu_percent", "use cpus or deploy.resources.limits.cpus");
        ignore("cpu_shares", "Mesos derives CPU shares from cpus; use cpus or deploy.resources.limits.cpus");
        ignore("cpu_period", "Mesos sets the CFS period itself; use cpus");
        ignore("cpu_quota", "Mesos sets the CFS quota from cpus; use cpus");
        ignore("cpu_rt_runtime", "real-time CPU scheduling is not offered by Mesos");
        ignore("cpu_rt_period", "real-time CPU scheduling is not offered by Mesos");
        ignore("cpuset", "CPU pinning is not offered by Mesos");
        ignore("credential_spec", "Windows-only");
        ignore("develop", "compose watch is a local development feature");
        ignore("device_cgroup_rules", "device cgroup rules are managed by the Mesos agent");
        ignore("dns_opt", "the agent's resolver options apply");
        ignore("group_add", "supplementary groups are not set on Mesos tasks; use user");
        ignore("ipc", "the IPC namespace is chosen by the Mesos containerizer");
        ignore("isolation", "Windows-only");
        ignore("label_file", "put the labels under labels:");
        ignore("mac_address", "the network (CNI / docker network) assigns addresses");
        ignore("mem_swappiness", "swap is configured on the Mesos agent");
        ignore("memswap_limit", "swap is configured on the Mesos agent");
        ignore("oom_kill_disable", "the Mesos memory isolator decides on OOM");
        ignore("oom_score_adj", "the Mesos memory isolator decides on OOM");
        ignore("pid", "the PID namespace is chosen by the Mesos containerizer");
        ignore("pids_limit", "PID limits are set by the Mesos agent's isolators, not per task");
        ignore("post_start", "lifecycle hooks are not offered by Mesos");
        ignore("pre_stop", "lifecycle hooks are not offered by Mesos");
        ignore("runtime", "the container runtime is the agent's");
        ignore("storage_opt", "storage driver options are the agent's");
        ignore("userns_mode", "the user namespace is chosen by the Mesos containerizer");
        ignore("uts", "the UTS namespace is chosen by the Mesos containerizer");
        ignore("external_links", "tasks find each other through the network's DNS or service discovery");
        ignore("use_api_socket", "tasks get no access to a Docker daemon socket");
        reject("configs", "configs are not delivered to Mesos tasks; download a file into the sandbox with"
                + " mesos.fetch, or take a value from Vault");
        reject("volumes_from", "Mesos tasks cannot share another task's volumes; use a named volume in both services");
        reject("provider", "provider services are a docker compose client feature");
        reject("models", "model runners are a docker compose client feature");
    }

    /** Top-level fields. */
    static final Set<String> TOP_MAPPED = Set.of("version", "name", "services", "networks", "volumes", "secrets", "configs",
            "include");
    static final Map<String, Rule> TOP_OTHER = new LinkedHashMap<>();

    static {
        TOP_OTHER.put("models", new Rule(Handling.IGNORED, "model runners are a docker compose client feature"));
    }

    private KnownFields() {}

    private static void ignore(String field, String reason) {
        SERVICE_OTHER.put(field, new Rule(Handling.IGNORED, reason));
    }

    private static void reject(String field, String reason) {
        SERVICE_OTHER.put(field, new Rule(Handling.REJECTED, reason));
    }

    static Set<String> allServiceFields() {
        Set<String> all = new java.util.TreeSet<>(SERVICE_MAPPED);
        all.addAll(SERVICE_OTHER.keySet());
        return all;
    }
}
