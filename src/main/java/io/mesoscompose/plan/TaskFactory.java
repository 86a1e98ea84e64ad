package io.mesoscompose.plan;

import com.google.protobuf.ByteString;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.ContainerInfo;
import org.apache.mesos.v1.Protos.ContainerInfo.DockerInfo;
import org.apache.mesos.v1.Protos.DiscoveryInfo;
import org.apache.mesos.v1.Protos.Environment;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.Label;
import org.apache.mesos.v1.Protos.Labels;
import org.apache.mesos.v1.Protos.NetworkInfo;
import org.apache.mesos.v1.Protos.Parameter;
import org.apache.mesos.v1.Protos.Port;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.Volume;

/**
 * Makes the TaskInfo of one replica from its {@link ServicePlan}: the only place where a template becomes a
 * launchable task. Pure: the scheduler decides the IDs, the agent, the resources taken from the offer and the host
 * ports; secrets arrive already resolved.
 *
 * <p>What changes from the template:
 * <ul>
 *   <li>task ID, agent ID, resources; a custom executor's ID becomes the task ID (one executor per task);</li>
 *   <li>every host port still 0 — in Docker port mappings, CNI port mappings and discovery ports — becomes the
 *       port chosen for its key ({@code <containerport>/<tcp|udp>}, see {@link Ports});</li>
 *   <li>label placeholders, in task labels and Docker {@code label} parameters: {@code __mesos_taskid__} becomes
 *       the task ID, {@code __mesos_portname__} the first discovery port's name (e.g. {@code mc_test_app1_80}). In
 *       label <em>keys</em> the task ID's dots become underscores: Traefik splits keys at dots, so
 *       {@code traefik.http.routers.__mesos_taskid__.rule} must stay one router name;</li>
 *   <li>resolved secrets are appended to the environment, and secret files get their content — only here, never
 *       in the template.</li>
 * </ul>
 */
public final class TaskFactory {
    /** The task, agent and executor ID of a template: required protobuf fields, replaced by {@link #instantiate}. */
    public static final String TEMPLATE_ID = "template";
    static final String TASK_ID_PLACEHOLDER = "__mesos_taskid__";
    static final String PORT_NAME_PLACEHOLDER = "__mesos_portname__";

    private TaskFactory() {}

    /**
     * A new task ID in the scheme of the API contract: {@code <project>_<service>.<uuid>}. (The Go mesos-compose
     * appends a count to it, {@code .0} for a new task and one more at each restart of the same one: its
     * {@code api.IncreaseTaskCount}; here a restarted replica gets a new ID instead.) The UUID is time-ordered
     * (version 7, RFC 9562: milliseconds since the epoch, then a counter, then 62 random bits), so the tasks of one
     * launch sort together: the state store's B-tree then writes them, and their status updates, into few pages.
     */
    public static TaskID newTaskId(String project, String service) {
        return TaskID.newBuilder().setValue(project + "_" + service + "." + timeOrderedUuid()).build();
    }

    /** The last (millisecond << 12 | counter) handed out, so IDs made in one millisecond still ascend. */
    private static final AtomicLong LAST = new AtomicLong();

    static UUID timeOrderedUuid() {
        long now = System.currentTimeMillis() << 12;
        long stamp = LAST.updateAndGet(last -> Math.max(now, last + 1));
        long high = (stamp >>> 12) << 16 | 0x7000L | (stamp & 0xFFF);
        // The random bits tell apart IDs of two processes in one millisecond; within one, the stamp already does.
        // Not secret, so not SecureRandom: on Linux it reads /dev/urandom and mixes in SHA-1 for each number, and the
        // SHA-1 code was among what the JIT compiled while 100,000 tasks launched.
        long low = ThreadLocalRandom.current().nextLong() & 0x3FFFFFFFFFFFFFFFL | 0x8000000000000000L;
        return new UUID(high, low);
    }

    /**
     * The TaskInfo for one replica.
     *
     * @param resources    the resources taken from the offer for this task (cpus, mem, disk, ports, ...), with the
     *                     offer's allocation info
     * @param hostPorts    the host port chosen for each {@link ServicePlan.HostPortRequest#key()}
     * @param secretValues resolved values for each key of {@link ServicePlan#secretEnv()}; never logged
     * @throws IllegalArgumentException when a host port or a secret value is missing (a scheduler bug); the
     *                                  message names keys only
     */
    public static TaskInfo instantiate(
            ServicePlan plan,
            TaskID taskId,
            AgentID agentId,
            List<Resource> resources,
            Map<String, Integer> hostPorts,
            Map<String, String> secretValues) {
        TaskInfo.Builder t = plan.template().toBuilder()
                .setTaskId(taskId)
                .setAgentId(agentId)
                .clearResources()
                .addAllResources(resources);
        if (!secretValues.keySet().containsAll(plan.secretEnv().keySet())) {
            List<String> missing = plan.secretEnv().keySet().stream().filter(k -> !secretValues.containsKey(k))
                    .toList();
            throw new IllegalArgumentException("no value for secret environment " + missing + " of " + plan.taskName());
        }
        if (t.hasContainer()) {
            t.setContainer(withSecretFiles(withHostPorts(t.getContainer(), hostPorts), secretValues));
        }
        if (t.hasCommand()) {
            t.getCommandBuilder().setEnvironment(withSecrets(t.getCommand().getEnvironment(), plan, secretValues));
        }
        if (t.hasExecutor()) {
            var e = t.getExecutorBuilder().setExecutorId(ExecutorID.newBuilder().setValue(taskId.getValue()));
            if (e.hasContainer()) {
                e.setContainer(withSecretFiles(withHostPorts(e.getContainer(), hostPorts), secretValues));
            }
            CommandInfo.Builder c = e.getCommandBuilder();
            c.setEnvironment(withSecrets(c.getEnvironment(), plan, secretValues));
        }
        if (t.hasDiscovery()) {
            t.setDiscovery(withHostPorts(t.getDiscovery(), hostPorts));
        }
        boolean labelPlaceholders = t.hasLabels() && labelsHavePlaceholders(t.getLabels());
        boolean dockerPlaceholders = t.hasContainer() && t.getContainer().hasDocker()
                && dockerLabelsHavePlaceholders(t.getContainer().getDocker());
        boolean executorPlaceholders = t.hasExecutor() && t.getExecutor().getContainer().hasDocker()
                && dockerLabelsHavePlaceholders(t.getExecutor().getContainer().getDocker());
        if (!labelPlaceholders && !dockerPlaceholders && !executorPlaceholders) {
            return t.build(); // most templates: nothing names the task or its port
        }
        String portName = t.getDiscovery().getPorts().getPortsCount() > 0
                ? t.getDiscovery().getPorts().getPorts(0).getName() : PORT_NAME_PLACEHOLDER;
        UnaryOperator<String> inKey = s -> s.replace(TASK_ID_PLACEHOLDER, taskId.getValue().replace('.', '_'))
                .replace(PORT_NAME_PLACEHOLDER, portName);
        UnaryOperator<String> inValue = s -> s.replace(TASK_ID_PLACEHOLDER, taskId.getValue())
                .replace(PORT_NAME_PLACEHOLDER, portName);
        if (labelPlaceholders) {
            Labels.Builder labels = Labels.newBuilder();
            for (Label l : t.getLabels().getLabelsList()) {
                labels.addLabels(l.toBuilder().setKey(inKey.apply(l.getKey())).setValue(inValue.apply(l.getValue())));
            }
            t.setLabels(labels);
        }
        if (dockerPlaceholders) {
            t.getContainerBuilder().setDocker(withLabelPlaceholders(t.getContainer().getDocker(), inKey, inValue));
        }
        if (executorPlaceholders) {
            var c = t.getExecutorBuilder().getContainerBuilder();
            c.setDocker(withLabelPlaceholders(c.getDocker(), inKey, inValue));
        }
        return t.build();
    }

    private static int port(Map<String, Integer> hostPorts, String key) {
        Integer p = hostPorts.get(key);
        if (p == null) {
            throw new IllegalArgumentException("no host port chosen for " + key + " (chosen: " + hostPorts.keySet() + ")");
        }
        return p;
    }

    /** Whether a label key or value holds a placeholder: most hold none, and are left as they are. */
    private static boolean hasPlaceholder(String s) {
        return s.contains(TASK_ID_PLACEHOLDER) || s.contains(PORT_NAME_PLACEHOLDER);
    }

    // The checks below run for every task launched, and find nothing to do for most: loops over the template's
    // lists, without streams and lambdas (in a launch of 100,000 these, with the acknowledgements' copies in the
    // mesos package, cut what the framework allocated per task from 27.0 to 24.1 kB; docs/benchmarks.md).

    private static boolean labelsHavePlaceholders(Labels labels) {
        for (Label l : labels.getLabelsList()) {
            if (hasPlaceholder(l.getKey()) || hasPlaceholder(l.getValue())) {
                return true;
            }
        }
        return false;
    }

    /** Whether a Docker {@code label} parameter holds a placeholder. */
    private static boolean dockerLabelsHavePlaceholders(DockerInfo d) {
        for (Parameter p : d.getParametersList()) {
            if (p.getKey().equals("label") && hasPlaceholder(p.getValue())) {
                return true;
            }
        }
        return false;
    }

    /** Whether a port mapping of the container asks for a host port to be chosen (host port 0). */
    private static boolean hasDynamicPort(ContainerInfo c) {
        for (DockerInfo.PortMapping m : c.getDocker().getPortMappingsList()) {
            if (m.getHostPort() == 0) {
                return true;
            }
        }
        for (NetworkInfo n : c.getNetworkInfosList()) {
            for (NetworkInfo.PortMapping m : n.getPortMappingsList()) {
                if (m.getHostPort() == 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static ContainerInfo withHostPorts(ContainerInfo c, Map<String, Integer> hostPorts) {
        if (!hasDynamicPort(c)) {
            return c;
        }
        ContainerInfo.Builder b = c.toBuilder();
        if (c.hasDocker()) {
            DockerInfo.Builder d = b.getDockerBuilder();
            for (DockerInfo.PortMapping.Builder m : d.getPortMappingsBuilderList()) {
                if (m.getHostPort() == 0) {
                    m.setHostPort(port(hostPorts, Ports.dynamicKey(m.getContainerPort(), m.getProtocol())));
                }
            }
        }
        for (NetworkInfo.Builder n : b.getNetworkInfosBuilderList()) {
            for (NetworkInfo.PortMapping.Builder m : n.getPortMappingsBuilderList()) {
                if (m.getHostPort() == 0) {
                    m.setHostPort(port(hostPorts, Ports.dynamicKey(m.getContainerPort(), m.getProtocol())));
                }
            }
        }
        return b.build();
    }

    private static DiscoveryInfo withHostPorts(DiscoveryInfo d, Map<String, Integer> hostPorts) {
        boolean dynamic = false;
        for (Port p : d.getPorts().getPortsList()) {
            dynamic |= p.getNumber() == 0;
        }
        if (!dynamic) {
            return d;
        }
        DiscoveryInfo.Builder b = d.toBuilder();
        for (Port.Builder p : b.getPortsBuilder().getPortsBuilderList()) {
            if (p.getNumber() == 0) {
                p.setNumber(port(hostPorts, Ports.dynamicKey(p.build())));
            }
        }
        return b.build();
    }

    private static Environment withSecrets(Environment env, ServicePlan plan, Map<String, String> values) {
        if (plan.secretEnv().isEmpty()) {
            return env;
        }
        Environment.Builder b = env.toBuilder();
        plan.secretEnv().keySet().stream().filter(k -> !SecretFiles.isFile(k)).forEach(name -> b.addVariables(
                Environment.Variable.newBuilder().setName(name).setType(Environment.Variable.Type.VALUE)
                        .setValue(values.get(name))));
        return b.build();
    }

    /** SECRET volumes get the resolved value of the secret for their path. */
    private static ContainerInfo withSecretFiles(ContainerInfo c, Map<String, String> values) {
        if (values.isEmpty()) {
            return c;
        }
        ContainerInfo.Builder b = c.toBuilder();
        for (int i = 0; i < b.getVolumesCount(); i++) {
            Volume v = b.getVolumes(i);
            if (v.getSource().getType() == Volume.Source.Type.SECRET && values.containsKey(v.getContainerPath())) {
                b.setVolumes(i, SecretFiles.volume(v.getContainerPath(),
                        ByteString.copyFromUtf8(values.get(v.getContainerPath()))));
            }
        }
        return b.build();
    }

    /** Docker {@code label=key=value} parameters get the same placeholder treatment as task labels. */
    private static DockerInfo withLabelPlaceholders(DockerInfo d, UnaryOperator<String> inKey, UnaryOperator<String> inValue) {
        List<Parameter> params = new ArrayList<>();
        for (Parameter p : d.getParametersList()) {
            int eq = p.getValue().indexOf('=');
            if (p.getKey().equals("label") && eq > 0) {
                String v = p.getValue();
                p = p.toBuilder().setValue(inKey.apply(v.substring(0, eq)) + "=" + inValue.apply(v.substring(eq + 1))).build();
            }
            params.add(p);
        }
        return d.toBuilder().clearParameters().addAllParameters(params).build();
    }
}
