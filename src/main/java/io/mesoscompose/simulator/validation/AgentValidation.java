package io.mesoscompose.simulator.validation;

import static io.mesoscompose.simulator.validation.ValidationError.error;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.ContainerInfo.DockerInfo;
import org.apache.mesos.v1.Protos.ContainerInfo;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.HealthCheck;
import org.apache.mesos.v1.Protos.NetworkInfo;
import org.apache.mesos.v1.Protos.Parameter;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.Protos.Volume;

/**
 * What a real agent refuses after the master accepted a task, in the order the agent meets it: creating the
 * executor's sandbox for its user (src/slave/slave.cpp {@code Framework::addExecutor}, src/slave/paths.cpp),
 * preparing the container's CNI networks (src/slave/containerizer/mesos/isolators/network/cni/cni.cpp), fetching
 * its URIs (src/slave/containerizer/fetcher.cpp), building the {@code docker run} options in the Docker executor
 * (src/docker/docker.cpp {@code RunOptions::create}) and {@code docker run} itself joining a network. The agent
 * decides the consequence by {@link Stage}. Pure.
 */
public final class AgentValidation {

    private AgentValidation() {}

    /** Where the launch failed, which decides the status updates the agent and executor send. */
    public enum Stage {
        /**
         * The sandbox could not be created (no such user): TASK_DROPPED (TASK_LOST if not partition-aware),
         * REASON_EXECUTOR_TERMINATED, from the agent.
         */
        EXECUTOR_DIRECTORY,
        /** The containerizer failed: TASK_FAILED, REASON_CONTAINER_LAUNCH_FAILED, "Failed to launch container: ". */
        CONTAINER_LAUNCH,
        /** The Docker executor could not build its options: TASK_STARTING, then TASK_FAILED from the executor. */
        DOCKER_RUN_OPTIONS,
        /** {@code docker run} exited at once (status 125, a daemon error): TASK_STARTING, then TASK_FAILED. */
        DOCKER_RUN
    }

    /** A launch the agent fails, with the text Mesos (or Docker, for {@link Stage#DOCKER_RUN}) reports. */
    public record AgentFailure(Stage stage, String message) {}

    /**
     * The host facts a launch depends on.
     *
     * @param users          the accounts in the agent's /etc/passwd
     * @param cniNetworks    the CNI networks in its {@code --network_cni_config_dir}
     * @param dockerNetworks the networks its Docker daemon has ({@code docker network ls})
     */
    public record Host(String sandbox, Set<String> users, Set<String> cniNetworks, Set<String> dockerNetworks) {
        public Host {
            users = Set.copyOf(users);
            cniNetworks = Set.copyOf(cniNetworks);
            dockerNetworks = Set.copyOf(dockerNetworks);
        }
    }

    /** The first failure of launching {@code task} on the agent, in the agent's order. */
    public static Optional<AgentFailure> launch(TaskInfo task, FrameworkInfo framework, Host host) {
        Optional<ValidationError> e = executorDirectory(task, framework, host);
        if (e.isPresent()) {
            return Optional.of(new AgentFailure(Stage.EXECUTOR_DIRECTORY, e.get().message()));
        }
        boolean docker = task.hasContainer() && task.getContainer().getType() == ContainerInfo.Type.DOCKER;
        e = (docker ? Optional.<ValidationError>empty() : cniNetworks(task, host))
                .or(() -> fetcherUris(commandOf(task)).map(x -> x.prefixed("Could not fetch: ")));
        if (e.isPresent()) {
            return Optional.of(new AgentFailure(Stage.CONTAINER_LAUNCH, "Failed to launch container: "
                    + e.get().message()));
        }
        if (!docker) {
            return Optional.empty();
        }
        e = dockerRunOptions(task);
        if (e.isPresent()) {
            return Optional.of(new AgentFailure(Stage.DOCKER_RUN_OPTIONS, "Failed to create docker run options: "
                    + e.get().message()));
        }
        return dockerNetwork(task, host).map(x -> new AgentFailure(Stage.DOCKER_RUN, x.message()));
    }

    /** The command the executor runs: the task's, or its custom executor's. */
    static CommandInfo commandOf(TaskInfo task) {
        return task.hasCommand() ? task.getCommand() : task.getExecutor().getCommand();
    }

    /**
     * {@code createSandboxDirectory} for the executor's user ({@code CommandInfo.user}, else the framework's user,
     * as the agent runs with {@code --switch_user}): {@code os::chown} fails for a user the agent does not have.
     */
    static Optional<ValidationError> executorDirectory(TaskInfo task, FrameworkInfo framework, Host host) {
        CommandInfo command = commandOf(task);
        String user = command.hasUser() ? command.getUser() : framework.getUser();
        if (!host.users().contains(user)) {
            return error("Failed to create executor directory '" + host.sandbox() + "': Failed to chown directory to '"
                    + user + "': No such user '" + user + "'");
        }
        return Optional.empty();
    }

    /** The CNI isolator's {@code prepare}: each named network configured on the agent, joined once. */
    static Optional<ValidationError> cniNetworks(TaskInfo task, Host host) {
        if (!task.hasContainer()) {
            return Optional.empty();
        }
        Set<String> joined = new HashSet<>();
        for (NetworkInfo network : task.getContainer().getNetworkInfosList()) {
            if (!network.hasName()) {
                continue;
            }
            String name = network.getName();
            if (!host.cniNetworks().contains(name)) {
                return error("Unknown CNI network '" + name + "'");
            }
            if (!joined.add(name)) {
                return error("Attempted to join CNI network '" + name + "' multiple times");
            }
        }
        return Optional.empty();
    }

    /** {@code validateUris} of the fetcher: each URI and output file, the first failure. */
    static Optional<ValidationError> fetcherUris(CommandInfo command) {
        for (CommandInfo.URI uri : command.getUrisList()) {
            Optional<ValidationError> e = uri(uri.getValue());
            if (e.isEmpty() && uri.hasOutputFile()) {
                e = outputFile(uri.getOutputFile());
            }
            if (e.isPresent()) {
                return e;
            }
        }
        return Optional.empty();
    }

    /** {@code Fetcher::basename}: no '\', ''' or NUL; a URI with a scheme needs a path after its host. */
    static Optional<ValidationError> uri(String uri) {
        if (uri.indexOf('\\') >= 0 || uri.indexOf('\'') >= 0 || uri.indexOf('\0') >= 0) {
            return error("Illegal characters in URI");
        }
        int index = uri.indexOf("://");
        if (index > 1) {
            String path = uri.substring(index + 3);
            if (!path.contains("/") || path.length() <= path.indexOf('/') + 1) {
                return error("Malformed URI (missing path): " + uri);
            }
        }
        return Optional.empty();
    }

    /** {@code Fetcher::validateOutputFile}: not empty, relative to the sandbox. */
    static Optional<ValidationError> outputFile(String path) {
        if (path.isEmpty()) {
            return error("URI output file path is empty");
        }
        if (path.startsWith("/")) {
            return error("URI output file must be within the sandbox directory");
        }
        return Optional.empty();
    }

    /**
     * The checks of {@code Docker::RunOptions::create}: volumes (a path or source each, one volume driver), the
     * network (USER needs exactly one named NetworkInfo), hostname and port mappings against the network and the
     * task's ports.
     */
    static Optional<ValidationError> dockerRunOptions(TaskInfo task) {
        ContainerInfo container = task.getContainer();
        DockerInfo docker = container.getDocker();
        Optional<String> driver = Optional.empty();
        for (Volume volume : container.getVolumesList()) {
            if (volume.hasHostPath()) {
                if (!volume.getHostPath().startsWith("/") && !volume.getContainerPath().startsWith("/")) {
                    return error("Both host_path '" + volume.getHostPath() + "' and container_path '"
                            + volume.getContainerPath() + "' of a volume are relative");
                }
            } else if (volume.hasSource()) {
                if (volume.getSource().getType() != Volume.Source.Type.DOCKER_VOLUME) {
                    continue;
                }
                if (volume.getSource().getDockerVolume().hasDriver()) {
                    String current = volume.getSource().getDockerVolume().getDriver();
                    if (driver.isPresent() && !driver.get().equals(current)) {
                        return error("Only one volume driver is supported");
                    }
                    driver = Optional.of(current);
                }
            } else {
                return error("Host path or volume source is required");
            }
        }
        if (docker.hasVolumeDriver() && driver.isPresent() && !driver.get().equals(docker.getVolumeDriver())) {
            return error("Only one volume driver per task is supported");
        }
        String network;
        switch (docker.hasNetwork() ? docker.getNetwork() : DockerInfo.Network.HOST) {
            case HOST -> network = "host";
            case BRIDGE -> network = "bridge";
            case NONE -> network = "none";
            case USER -> {
                if (container.getNetworkInfosCount() == 0) {
                    return error("No network info found in container info");
                }
                if (container.getNetworkInfosCount() > 1) {
                    return error("Only a single network can be defined in Docker run");
                }
                if (!container.getNetworkInfos(0).hasName()) {
                    return error("No network name found in network info");
                }
                network = container.getNetworkInfos(0).getName();
            }
            default -> {
                return error("Unsupported Network mode: " + docker.getNetwork().getNumber());
            }
        }
        if (container.hasHostname() && network.equals("host")) {
            return error("Unable to set hostname with host network mode");
        }
        if (docker.getPortMappingsCount() > 0) {
            if (network.equals("host") || network.equals("none")) {
                return error("Port mappings are only supported for bridge and user-defined networks");
            }
            Value.Ranges ports = MesosResources.of(task.getResourcesList()).ports();
            if (ports.getRangeCount() == 0) {
                return error("Port mappings require port resources");
            }
            for (DockerInfo.PortMapping mapping : docker.getPortMappingsList()) {
                boolean found = ports.getRangeList().stream()
                        .anyMatch(r -> mapping.getHostPort() >= r.getBegin() && mapping.getHostPort() <= r.getEnd());
                if (!found) {
                    return error("Port [" + mapping.getHostPort() + "] not included in resources");
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The network {@code docker run --net} joins (a {@code net}/{@code network} parameter wins over the mode, as in
     * {@code RunOptions::create}) must exist in the agent's Docker daemon, or the daemon refuses the run.
     */
    static Optional<ValidationError> dockerNetwork(TaskInfo task, Host host) {
        String network = dockerNetworkName(task);
        if (network.startsWith("container:") || host.dockerNetworks().contains(network)) {
            return Optional.empty();
        }
        return error("docker: Error response from daemon: network " + network + " not found.");
    }

    /** The {@code --net} value of the task's {@code docker run}. */
    static String dockerNetworkName(TaskInfo task) {
        ContainerInfo container = task.getContainer();
        for (Parameter p : container.getDocker().getParametersList()) {
            if (p.getKey().equals("net") || p.getKey().equals("network")) {
                return p.getValue();
            }
        }
        DockerInfo docker = container.getDocker();
        return switch (docker.hasNetwork() ? docker.getNetwork() : DockerInfo.Network.HOST) {
            case HOST -> "host";
            case BRIDGE -> "bridge";
            case NONE -> "none";
            case USER -> container.getNetworkInfos(0).getName();
        };
    }

    /** What the Docker executor's checker puts before a COMMAND check (checker_process.cpp, dockerCommandCheck). */
    public static final List<String> DOCKER_EXEC = List.of("docker", "-H", "unix:///var/run/docker.sock", "exec");

    /**
     * The command line of a task's Docker COMMAND health check, when it is wrong: it repeats its program name, as
     * {@code docker exec <c> curl curl -f ...} does when argv[0] is given both as value and as first argument (the
     * Docker executor runs {@code <value> <arguments...>}; real programs take the repeated name as their first
     * argument and fail). Empty for a right command line, a shell command, another check type or container.
     */
    public static Optional<List<String>> brokenDockerHealthCheck(TaskInfo task, String container) {
        if (!task.hasContainer() || task.getContainer().getType() != ContainerInfo.Type.DOCKER
                || !task.hasHealthCheck() || task.getHealthCheck().getType() != HealthCheck.Type.COMMAND) {
            return Optional.empty();
        }
        List<String> line = dockerExec(task.getHealthCheck().getCommand(), container);
        List<String> command = line.subList(DOCKER_EXEC.size() + 1, line.size());
        if (command.size() >= 2 && basename(command.get(0)).equals(basename(command.get(1)))) {
            return Optional.of(line);
        }
        return Optional.empty();
    }

    /** {@code CheckerProcess::dockerCommandCheck}: the argv the Docker executor runs for a COMMAND check. */
    public static List<String> dockerExec(CommandInfo command, String container) {
        List<String> argv = new ArrayList<>(DOCKER_EXEC);
        argv.add(container);
        if (command.getShell()) {
            argv.addAll(List.of("sh", "-c", command.getValue()));
        } else {
            if (command.hasValue()) {
                argv.add(command.getValue());
            }
            argv.addAll(command.getArgumentsList());
        }
        return argv;
    }

    private static String basename(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The docker networks every Docker daemon has. */
    public static final List<String> DOCKER_BUILTIN_NETWORKS = List.of("bridge", "host", "none");
}
