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
 * <p>The mode: an explicit {@code network_mode} wins. Otherwise the service's first network decides: a top-level
 * network whose {@code driver} is {@code bridge}, {@code host} or {@code none} gives that mode (as in the Go
 * project, where the driver overrides its default); any other declared network is a user network (a Docker user
 * network or a CNI network, named by its {@code name:}, e.g. {@code default} → {@code weave}). A service with no
 * networks at all, or only the undeclared {@code default}, gets Docker's default: BRIDGE.
 *
 * @param mode    the resolved mode
 * @param names   the real names of the networks joined in USER mode (for NetworkInfo), in order
 * @param aliases the aliases on the first network (Docker {@code network-alias})
 */
record Networks(NetworkMode mode, List<String> names, List<String> aliases) {

    static Networks resolve(ComposeProject project, Service service, ContainerType type, Warnings warnings) {
        List<ServiceNetwork> joined = service.networks();
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
        return new Networks(mode, names, aliases);
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
