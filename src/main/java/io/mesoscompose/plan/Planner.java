package io.mesoscompose.plan;

import io.mesoscompose.compose.Diagnostic;
import io.mesoscompose.compose.model.ComposeProject;
import io.mesoscompose.compose.model.ContainerType;
import io.mesoscompose.compose.model.Deploy;
import io.mesoscompose.compose.model.Gpus;
import io.mesoscompose.compose.model.MesosOptions;
import io.mesoscompose.compose.model.RestartPolicy;
import io.mesoscompose.compose.model.Service;
import io.mesoscompose.compose.model.VaultRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.ContainerInfo;
import org.apache.mesos.v1.Protos.DurationInfo;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.KillPolicy;
import org.apache.mesos.v1.Protos.Label;
import org.apache.mesos.v1.Protos.Labels;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;

/**
 * Translates a compose project into Mesos task templates: pure (no I/O, no clock, no randomness), so the same file
 * and settings always give the same plan and the same fingerprints.
 *
 * <p>Service-level decisions made here:
 * <ul>
 *   <li>lifecycle: restart {@code no} or {@code on-failure} makes a JOB (runs to completion; a clean exit is not
 *       restarted), {@code always}/{@code unless-stopped} a SERVICE; the default restart is the Go project's
 *       {@code unless-stopped};</li>
 *   <li>resources per replica: deploy limits, else reservations, else the framework defaults; disk is always the
 *       default disk; gpus only when GPU allocation is enabled;</li>
 *   <li>labels: {@code deploy.labels} and the service's labels (these win) become TaskInfo labels — where Traefik's
 *       Mesos provider reads them; the service's labels are Docker labels too;</li>
 *   <li>{@code stop_grace_period} → the task's kill policy.</li>
 * </ul>
 */
public final class Planner {
    static final RestartPolicy DEFAULT_RESTART = RestartPolicy.of(RestartPolicy.Condition.UNLESS_STOPPED);

    private Planner() {}

    public static ProjectPlan plan(ComposeProject project, PlanSettings settings) {
        List<ServicePlan> services = new ArrayList<>();
        List<Diagnostic> warnings = new ArrayList<>();
        for (Service s : project.services().values()) {
            Warnings w = new Warnings(s);
            services.add(service(project, s, settings, w));
            warnings.addAll(w.list());
        }
        return new ProjectPlan(project.name(), services, warnings);
    }

    static ServicePlan service(ComposeProject project, Service s, PlanSettings settings, Warnings warnings) {
        // The older biz.aventer.mesos_compose.* labels are already folded into these fields by the loader.
        ContainerType type = s.containerType().orElse(settings.defaultContainerType());
        MesosOptions mesos = s.mesos();
        Fetches.check(mesos, warnings);
        String taskName = Naming.taskName(project.name(), s, mesos.taskName(), settings);
        Networks net = Networks.resolve(project, s, type, settings.ucrBridgeNetwork(), warnings);
        List<Ports.Published> ports = Ports.published(s, net.mode(), settings, warnings);
        ServicePlan.ResourceNeeds needs = needs(s, type, settings, warnings);
        Map<String, VaultRef> secretEnv = new LinkedHashMap<>(Commands.secretEnv(s));
        secretEnv.putAll(SecretFiles.refs(project, s, type, warnings));

        TaskInfo.Builder t = TaskInfo.newBuilder()
                .setName(taskName)
                .setTaskId(TaskID.newBuilder().setValue(TaskFactory.TEMPLATE_ID))
                .setAgentId(AgentID.newBuilder().setValue(TaskFactory.TEMPLATE_ID));
        CommandInfo command = Commands.command(s, type, mesos.fetch(), warnings);
        Optional<ContainerInfo> container = Containers.container(project, s, type, net, ports, requestedGpus(s), SecretFiles.volumes(secretEnv),
                settings, warnings);
        Optional<ExecutorInfo> executor = Commands.executor(s, mesos, command);
        if (executor.isPresent()) {
            // Mesos takes a CommandInfo or an ExecutorInfo, not both; the container then belongs to the executor.
            ExecutorInfo.Builder e = executor.get().toBuilder();
            container.ifPresent(e::setContainer);
            t.setExecutor(e);
        } else {
            t.setCommand(command);
            container.ifPresent(t::setContainer);
        }
        t.setDiscovery(Ports.discovery(taskName, ports, settings));
        t.setLabels(labels(s));
        if (ports.isEmpty() && t.getLabels().toString().contains(TaskFactory.PORT_NAME_PLACEHOLDER)) {
            warnings.add("labels", TaskFactory.PORT_NAME_PLACEHOLDER + " is used but the service publishes no port; "
                    + "it stays as written", "publish a port under ports:");
        }
        s.healthcheck().ifPresent(h -> t.setHealthCheck(HealthChecks.toMesos(h, type)));
        s.options().stopGracePeriod().ifPresent(g -> t.setKillPolicy(KillPolicy.newBuilder()
                .setGracePeriod(DurationInfo.newBuilder().setNanoseconds(g.toNanos()))));
        TaskInfo template = t.build();

        RestartPolicy restart = s.restart().orElse(DEFAULT_RESTART);
        ServicePlan.Lifecycle lifecycle = switch (restart.condition()) {
            case NO, ON_FAILURE -> ServicePlan.Lifecycle.JOB;
            case ALWAYS, UNLESS_STOPPED -> ServicePlan.Lifecycle.SERVICE;
        };
        if (s.deploy().mode() == Deploy.Mode.GLOBAL) {
            warnings.add("deploy.mode", "global mode is run as " + s.deploy().replicas() + " replica(s)",
                    "set deploy.replicas to the number of agents and add the constraint \"unique\"");
        }
        List<ServicePlan.HostPortRequest> hostPorts = Ports.requests(ports);
        String fingerprint = Fingerprint.of(template, lifecycle, restart, needs, hostPorts, secretEnv,
                s.deploy().constraints(), s.dependsOn());
        return new ServicePlan(project.name(), s.name(), taskName, s.deploy().replicas(), lifecycle, restart,
                s.deploy().constraints(), s.dependsOn(), s.deploy().updateConfig(), needs, hostPorts, template,
                secretEnv, fingerprint, s.deploy().rollbackConfig(), s.deploy().spread());
    }

    /**
     * GPUs from deploy limits or reservations; a GPU named with the Go project's {@code gpus: {driver: nvidia,
     * device: N}} counts as one (the Go project takes the device number as the count, so device 0 asks for none).
     */
    static int requestedGpus(Service s) {
        Deploy deploy = s.deploy();
        int declared = deploy.limits().gpus().isPresent() ? deploy.limits().gpus().getAsInt()
                : deploy.reservations().gpus().orElse(0);
        boolean nvidiaDevice = s.gpus().filter(g -> g.driver() == Gpus.Driver.NVIDIA).isPresent();
        return Math.max(declared, nvidiaDevice ? 1 : 0);
    }

    /**
     * GPUs are taken from offers only when GPU allocation is enabled (as in the Go project). Docker is asked for
     * them with {@code --gpus} either way, so a Docker task on a GPU agent still sees its GPUs when Mesos does not
     * manage them.
     */
    static ServicePlan.ResourceNeeds needs(Service s, ContainerType type, PlanSettings settings, Warnings warnings) {
        Deploy.Resources l = s.deploy().limits();
        Deploy.Resources r = s.deploy().reservations();
        double cpus = l.cpus().isPresent() ? l.cpus().getAsDouble() : r.cpus().orElse(settings.defaultCpus());
        double mem = l.memoryMb().isPresent() ? l.memoryMb().getAsDouble() : r.memoryMb().orElse(settings.defaultMemMb());
        int gpus = requestedGpus(s);
        if (gpus > 0 && !settings.gpuAllocation()) {
            warnings.add("deploy.resources", gpus + " gpu(s) asked for, but GPU allocation is disabled; no gpus "
                    + "resource is taken from offers" + (type == ContainerType.DOCKER ? " (Docker still gets --gpus)" : ""),
                    "start the framework with ENABLE_GPU_ALLOCATION=true");
            gpus = 0;
        }
        return new ServicePlan.ResourceNeeds(cpus, mem, settings.defaultDiskMb(), gpus);
    }

    private static Labels labels(Service s) {
        Map<String, String> all = new LinkedHashMap<>(s.deploy().labels());
        all.putAll(s.labels());
        Labels.Builder b = Labels.newBuilder();
        all.forEach((k, v) -> b.addLabels(Label.newBuilder().setKey(k).setValue(v)));
        return b.build();
    }

}
