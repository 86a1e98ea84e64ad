package io.mesoscompose.plan;

import io.mesoscompose.compose.model.ContainerType;
import io.mesoscompose.compose.model.PortRange;
import io.mesoscompose.config.FrameworkConfig;
import java.util.Optional;

/**
 * The framework settings the plan depends on. Defaults are the Go mesos-compose's (environment variables in
 * brackets); {@link #fromConfig} takes them from the running framework's configuration.
 *
 * @param taskNamePrefix             first segment of every task name ({@code PREFIX_TASKNAME}, default {@code mc})
 * @param hostnamePrefix             put in front of every container hostname ({@code PREFIX_HOSTNAME})
 * @param defaultCpus                cpus when neither limits nor reservations say ({@code DEFAULT_CPU}, 0.1)
 * @param defaultMemMb               memory in MB likewise ({@code DEFAULT_MEMORY}, 50)
 * @param defaultDiskMb              disk in MB for every task ({@code DEFAULT_DISK}, 1000)
 * @param defaultContainerType       when a service names none (docker)
 * @param defaultVolumeDriver        for named volumes without a driver ({@code DEFAULT_VOLUME_DRIVER}, local)
 * @param discoveryInfoNameDelimiter replaces {@code :} of the task name in DiscoveryInfo.name
 *                                   ({@code DISCOVERY_INFONAME_DELIMITER}, {@code .})
 * @param discoveryPortNameDelimiter replaces {@code :} in discovery port names
 *                                   ({@code DISCOVERY_PORTNAME_DELIMITER}, {@code _}) so Traefik's Mesos provider
 *                                   sees service names such as {@code mc_test_app1_80}
 * @param role                       the role the framework subscribes with ({@code FRAMEWORK_ROLE}); shown by the
 *                                   printer, resources themselves come with the offer's allocation info
 * @param gpuAllocation              whether {@code gpus} resources may be asked for ({@code ENABLE_GPU_ALLOCATION}, true)
 * @param forcePullImage             Docker's force_pull_image (the Go project always pulls)
 * @param ucrBridgeNetwork           the CNI network a UCR service in bridge mode joins (Mesos' port-mapper example
 *                                   network is {@code mesos-bridge})
 * @param portRange                  host ports are picked from here when the file does not insist on one
 *                                   ({@code PORTRANGE_FROM}..{@code PORTRANGE_TO}, 31000-32000: what a Mesos agent
 *                                   offers by default)
 */
public record PlanSettings(
        String taskNamePrefix,
        Optional<String> hostnamePrefix,
        double defaultCpus,
        double defaultMemMb,
        double defaultDiskMb,
        ContainerType defaultContainerType,
        String defaultVolumeDriver,
        String discoveryInfoNameDelimiter,
        String discoveryPortNameDelimiter,
        String role,
        boolean gpuAllocation,
        boolean forcePullImage,
        String ucrBridgeNetwork,
        PortRange portRange) {

    /** The Go project's port range, 31000-32000. */
    public static final PortRange DEFAULT_PORT_RANGE = new PortRange(31000, 32000);

    /** Settings with the default port range. */
    public PlanSettings(String taskNamePrefix, Optional<String> hostnamePrefix, double defaultCpus, double defaultMemMb,
                        double defaultDiskMb, ContainerType defaultContainerType, String defaultVolumeDriver,
                        String discoveryInfoNameDelimiter, String discoveryPortNameDelimiter, String role,
                        boolean gpuAllocation, boolean forcePullImage, String ucrBridgeNetwork) {
        this(taskNamePrefix, hostnamePrefix, defaultCpus, defaultMemMb, defaultDiskMb, defaultContainerType,
                defaultVolumeDriver, discoveryInfoNameDelimiter, discoveryPortNameDelimiter, role, gpuAllocation,
                forcePullImage, ucrBridgeNetwork, DEFAULT_PORT_RANGE);
    }

    public static PlanSettings defaults() {
        return new PlanSettings("mc", Optional.empty(), 0.1, 50, 1000, ContainerType.DOCKER, "local", ".", "_", "mc",
                true, true, "mesos-bridge", DEFAULT_PORT_RANGE);
    }

    public static PlanSettings fromConfig(FrameworkConfig config) {
        FrameworkConfig.Tasks t = config.tasks();
        PlanSettings d = defaults();
        return new PlanSettings(t.taskNamePrefix(), t.hostnamePrefix(), t.defaultCpus(), t.defaultMemMb(),
                t.defaultDiskMb(), d.defaultContainerType(), t.defaultVolumeDriver(), t.discoveryInfoNameDelimiter(),
                t.discoveryPortNameDelimiter(), config.mesos().role(), t.gpuAllocation(), d.forcePullImage(),
                t.ucrBridgeNetwork(), new PortRange(t.portRangeFrom(), t.portRangeTo()));
    }
}
