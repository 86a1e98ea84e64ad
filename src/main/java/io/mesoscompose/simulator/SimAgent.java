package io.mesoscompose.simulator;

import io.mesoscompose.simulator.validation.AgentValidation;
import io.mesoscompose.simulator.validation.MesosResources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Resource.ReservationInfo;
import org.apache.mesos.v1.Protos.Value;

/**
 * One simulated agent: its resources (cpus, mem, disk, one port range, gpus and any other resources such as MOUNT
 * disks), the role they are statically reserved to ({@code *}: unreserved), its attributes ({@code hostname},
 * {@code os}, {@code arch} and custom ones, offered as TEXT attributes) and the host facts a launch depends on.
 */
public record SimAgent(
        String id,
        String hostname,
        double cpus,
        double memMb,
        double diskMb,
        long portsBegin,
        long portsEnd,
        String role,
        Map<String, String> attributes,
        double gpus,
        List<Resource> extraResources,
        Host host) {

    public SimAgent {
        attributes = Map.copyOf(attributes);
        extraResources = List.copyOf(extraResources);
    }

    /** An agent without GPUs or other resources, on a {@link Host#DEFAULT} host. */
    public SimAgent(String id, String hostname, double cpus, double memMb, double diskMb, long portsBegin,
            long portsEnd, String role, Map<String, String> attributes) {
        this(id, hostname, cpus, memMb, diskMb, portsBegin, portsEnd, role, attributes, 0, List.of(), Host.DEFAULT);
    }

    public SimAgent withGpus(double count) {
        return new SimAgent(id, hostname, cpus, memMb, diskMb, portsBegin, portsEnd, role, attributes, count,
                extraResources, host);
    }

    /** With more resources offered as they are (e.g. a MOUNT disk); unreserved ones get this agent's role. */
    public SimAgent withExtraResources(List<Resource> resources) {
        return new SimAgent(id, hostname, cpus, memMb, diskMb, portsBegin, portsEnd, role, attributes, gpus,
                resources, host);
    }

    public SimAgent withHost(Host other) {
        return new SimAgent(id, hostname, cpus, memMb, diskMb, portsBegin, portsEnd, role, attributes, gpus,
                extraResources, other);
    }

    /**
     * What a real agent's host provides to the tasks launched on it.
     *
     * <ul>
     *   <li>{@code users}: accounts in /etc/passwd. A task's {@code CommandInfo.user} (or the framework's user)
     *       must be one of them, or the agent cannot create the sandbox (TASK_DROPPED). Default: the accounts of a
     *       Debian 12 base system (base-passwd), which is what a stock agent host or image has.</li>
     *   <li>{@code cniNetworks}: the networks in the agent's {@code --network_cni_config_dir}, which a Mesos
     *       container may join by name. Default: {@code mesos-bridge}, the one CNI network Apache Mesos' own
     *       reference agent configures (support/mesos-mini, ucr-default-bridge.json).</li>
     *   <li>{@code dockerNetworks}: the networks of the agent's Docker daemon. Default: Docker's built-in
     *       {@code bridge}, {@code host} and {@code none}; user networks exist only where an operator created
     *       them.</li>
     *   <li>{@code workDir}: the agent's {@code --work_dir}, under which sandboxes live. Default:
     *       {@code /var/lib/mesos/agent}, as in support/mesos-mini.</li>
     * </ul>
     */
    public record Host(Set<String> users, Set<String> cniNetworks, Set<String> dockerNetworks, String workDir) {

        public static final Host DEFAULT = new Host(
                Set.of("root", "daemon", "bin", "sys", "sync", "games", "man", "lp", "mail", "news", "uucp",
                        "proxy", "www-data", "backup", "list", "irc", "_apt", "nobody"),
                Set.of("mesos-bridge"),
                Set.copyOf(AgentValidation.DOCKER_BUILTIN_NETWORKS),
                "/var/lib/mesos/agent");

        public Host {
            users = Set.copyOf(users);
            cniNetworks = Set.copyOf(cniNetworks);
            dockerNetworks = Set.copyOf(dockerNetworks);
        }

        public Host withUsers(Set<String> more) {
            return new Host(more, cniNetworks, dockerNetworks, workDir);
        }

        public Host withCniNetworks(Set<String> networks) {
            return new Host(users, networks, dockerNetworks, workDir);
        }

        public Host withDockerNetworks(Set<String> networks) {
            return new Host(users, cniNetworks, networks, workDir);
        }
    }

    /** Everything this agent offers, unallocated; reserved to {@link #role} unless that is {@code *}. */
    public MesosResources resources() {
        List<Resource> all = new ArrayList<>();
        scalar(all, "cpus", cpus);
        scalar(all, "mem", memMb);
        scalar(all, "disk", diskMb);
        scalar(all, "gpus", gpus);
        if (portsEnd >= portsBegin) {
            all.add(reserved(Resource.newBuilder().setName("ports").setType(Value.Type.RANGES)
                    .setRanges(Value.Ranges.newBuilder().addRange(Value.Range.newBuilder()
                            .setBegin(portsBegin).setEnd(portsEnd)))));
        }
        extraResources.forEach(r -> all.add(r.getReservationsCount() > 0 ? r : reserved(r.toBuilder())));
        return MesosResources.of(all);
    }

    private void scalar(List<Resource> out, String name, double value) {
        if (value > 0) {
            out.add(reserved(Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
                    .setScalar(Value.Scalar.newBuilder().setValue(value))));
        }
    }

    private Resource reserved(Resource.Builder r) {
        if (!role.equals("*")) {
            r.addReservations(ReservationInfo.newBuilder().setType(ReservationInfo.Type.STATIC).setRole(role));
        }
        return r.build();
    }
}
