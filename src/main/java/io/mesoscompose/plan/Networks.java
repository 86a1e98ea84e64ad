package io.mesoscompose.plan;

import io.mesoscompose.compose.model.ComposeProject;
import io.mesoscompose.compose.model.ContainerType;
import io.mesoscompose.compose.model.Network;
import io.mesoscompose.compose.model.NetworkMode;
import io.mesoscompose.compose.model.Service;
import io.mesoscompose.compose.model.ServiceNetwork;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How a service is networked.
 *
 * <p>The mode: an explicit {@code network_mode} wins. Otherwise the service's first network decides (a service
 * that names none joins {@code default} when the top-level declares it, as in compose and in the Go project):
 * a top-level network whose {@code driver} is {@code bridge}, {@code host} or {@code none} gives that mode; any
 * other declared network is a user network (a Docker user network or a CNI network, named by its {@code name:},
 * e.g. {@code default} → {@code weave}) — the Go project's rule since v1.2.0: "if compose.networks is set, the
 * network mode will be user; it can be overwritten if compose.networks.driver is set". A service with no networks
 * at all, or only compose's undeclared {@code default}, gets Docker's default: BRIDGE.
 *
 * <p>A network joined by name must exist on every agent, which the plan cannot see: each such name is said in a
 * warning, with the field that chose it, so a missing one is found before the task fails on an agent.
 *
 * @param mode    the resolved mode
 * @param names   the real names of the networks joined in USER mode (for NetworkInfo), in order
 * @param aliases the aliases on the first network (Docker {@code network-alias})
 */
record Networks(NetworkMode mode, List<String> names, List<String> aliases) {

    static Networks resolve(ComposeProject project, Service service, ContainerType type, String ucrBridgeNetwork,
                            Warnings warnings) {
        List<ServiceNetwork> joined = service.networks();
        if (joined.isEmpty() && project.networks().containsKey(DEFAULT)) {
            joined = List.of(new ServiceNetwork(DEFAULT, List.of(), Optional.empty()));
        }
        Optional<Network> first = joined.isEmpty() ? Optional.empty()
                : Optional.ofNullable(project.networks().get(joined.get(0).name()));
        NetworkMode mode = service.networkMode().orElseGet(() -> fromNetwork(first));
        if (type == ContainerType.NONE && mode != NetworkMode.HOST) {
            // The command executor runs the process in the agent's network: that is host mode, whatever was asked.
            if (service.networkMode().isPresent()) {
                warnings.add("network_mode", "container_type none always uses the host's network; "
                        + service.networkMode().get().name().toLowerCase(Locale.ROOT) + " ignored", null);
            }
            mode = NetworkMode.HOST;
        }
        List<String> names = mode != NetworkMode.USER ? List.of() : joined.stream()
                .map(n -> Optional.ofNullable(project.networks().get(n.name())).map(Network::effectiveName).orElse(n.name()))
                .toList();
        if (mode == NetworkMode.USER && names.isEmpty()) {
            names = List.of("default");
        }
        if (mode == NetworkMode.USER && type == ContainerType.DOCKER && names.size() > 1) {
            warnings.add("networks", "the Docker containerizer joins one network only; " + names.get(0)
                    + " is used, " + String.join(", ", names.subList(1, names.size())) + " ignored",
                    "use container_type mesos (CNI) to join several networks");
            names = names.subList(0, 1);
        }
        List<String> aliases = joined.isEmpty() ? List.of() : joined.get(0).aliases();
        Networks resolved = new Networks(mode, names, aliases);
        resolved.mustExistOnAgents(project, joined, type, ucrBridgeNetwork, warnings);
        return resolved;
    }

    private static final String DEFAULT = "default";

    /** Says which network names the task will ask the agent for, and where each came from. */
    private void mustExistOnAgents(ComposeProject project, List<ServiceNetwork> joined, ContainerType type,
                                   String ucrBridgeNetwork, Warnings warnings) {
        if (type == ContainerType.NONE || mode == NetworkMode.HOST || mode == NetworkMode.NONE) {
            return;
        }
        if (type == ContainerType.MESOS && mode == NetworkMode.BRIDGE) {
            warnings.add("network_mode", "bridge networking with the Mesos containerizer joins the CNI network "
                    + ucrBridgeNetwork + " (the setting MESOS_BRIDGE_NETWORK; Mesos' port-mapper example network is"
                    + " mesos-bridge): it must be configured on every agent",
                    "set MESOS_BRIDGE_NETWORK to the agents' bridge CNI network, name a CNI network of the agents under"
                            + " networks:, or set network_mode: host");
            return;
        }
        if (mode != NetworkMode.USER) {
            return;
        }
        String name = names.get(0);
        String source = joined.isEmpty() ? "network_mode: user with no network, the Go mesos-compose's default name"
                : Optional.ofNullable(project.networks().get(joined.get(0).name()))
                        .map(n -> n.name().isPresent() ? "networks." + n.key() + ".name" : "the top-level networks." + n.key())
                        .orElse("network: " + joined.get(0).name() + ", the Go mesos-compose's default network");
        String what = type == ContainerType.DOCKER
                ? "the Docker network \"" + name + "\" (" + source + "): it must exist on every agent (docker network"
                        + " create " + name + "), else the task fails to start"
                : "the CNI network \"" + name + "\" (" + source + "): it must be configured on every agent"
                        + " (--network_cni_config_dir), else the task fails to start";
        warnings.add(joined.isEmpty() ? "network_mode" : "networks", "joins " + what,
                "for Docker's bridge set network_mode: bridge; for another network give its name: under the"
                        + " top-level networks:");
    }

    private static NetworkMode fromNetwork(Optional<Network> network) {
        if (network.isEmpty()) {
            return NetworkMode.BRIDGE;
        }
        return network.get().driver().map(d -> switch (d.trim().toLowerCase(Locale.ROOT)) {
            case "bridge" -> NetworkMode.BRIDGE;
            case "host" -> NetworkMode.HOST;
            case "none" -> NetworkMode.NONE;
            default -> NetworkMode.USER;
        }).orElse(NetworkMode.USER);
    }
}
