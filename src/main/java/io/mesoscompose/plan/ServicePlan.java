package io.mesoscompose.plan;

import io.mesoscompose.compose.model.Constraint;
import io.mesoscompose.compose.model.Dependency;
import io.mesoscompose.compose.model.Deploy;
import io.mesoscompose.compose.model.PortRange;
import io.mesoscompose.compose.model.RestartPolicy;
import io.mesoscompose.compose.model.SpreadPreference;
import io.mesoscompose.compose.model.VaultRef;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.mesos.v1.Protos.TaskInfo;

/**
 * What one compose service becomes on Mesos: a TaskInfo template plus everything the scheduler needs to place,
 * start and restart its replicas. Pure data, computed by the plan from the compose model and framework settings.
 *
 * @param taskName      the Mesos task name ({@code mc:project:service}, or {@code mesos.task_name})
 * @param lifecycle     SERVICE (kept running) or JOB (run to completion)
 * @param restart       with the framework's defaults applied
 * @param needs         per-replica resources, with defaults applied
 * @param hostPorts     the distinct host ports one replica needs from an offer
 * @param template      the TaskInfo with no task_id, agent_id, resources or chosen host ports yet; see
 *                      {@link TaskFactory} for how a replica's TaskInfo is made from it
 * @param secretEnv     environment variables whose values come from Vault at launch time; a key that is an
 *                      absolute path ({@code /run/secrets/db}) is a secret file instead (UCR only)
 * @param fingerprint   a stable hash of everything that, when changed, requires replacing running replicas
 * @param update        {@code deploy.update_config}: how replicas of a new version replace the old ones
 * @param rollback      {@code deploy.rollback_config}: how a rollback to this version is rolled out
 * @param spread        {@code deploy.placement.preferences}: label values to spread the replicas over, outermost
 *                      first (replicas always spread over agents as well)
 */
public record ServicePlan(
        String project,
        String service,
        String taskName,
        int replicas,
        Lifecycle lifecycle,
        RestartPolicy restart,
        List<Constraint> constraints,
        List<Dependency> dependsOn,
        Optional<Deploy.UpdateConfig> update,
        ResourceNeeds needs,
        List<HostPortRequest> hostPorts,
        TaskInfo template,
        Map<String, VaultRef> secretEnv,
        String fingerprint,
        Optional<Deploy.UpdateConfig> rollback,
        List<SpreadPreference> spread) {

    public ServicePlan {
        constraints = List.copyOf(constraints);
        spread = List.copyOf(spread);
        dependsOn = List.copyOf(dependsOn);
        hostPorts = List.copyOf(hostPorts);
        secretEnv = Map.copyOf(secretEnv);
    }

    /** Without {@code rollback_config}. */
    public ServicePlan(String project, String service, String taskName, int replicas, Lifecycle lifecycle,
                       RestartPolicy restart, List<Constraint> constraints, List<Dependency> dependsOn,
                       Optional<Deploy.UpdateConfig> update, ResourceNeeds needs, List<HostPortRequest> hostPorts,
                       TaskInfo template, Map<String, VaultRef> secretEnv, String fingerprint) {
        this(project, service, taskName, replicas, lifecycle, restart, constraints, dependsOn, update, needs, hostPorts,
                template, secretEnv, fingerprint, Optional.empty());
    }

    /** Without placement preferences. */
    public ServicePlan(String project, String service, String taskName, int replicas, Lifecycle lifecycle,
                       RestartPolicy restart, List<Constraint> constraints, List<Dependency> dependsOn,
                       Optional<Deploy.UpdateConfig> update, ResourceNeeds needs, List<HostPortRequest> hostPorts,
                       TaskInfo template, Map<String, VaultRef> secretEnv, String fingerprint,
                       Optional<Deploy.UpdateConfig> rollback) {
        this(project, service, taskName, replicas, lifecycle, restart, constraints, dependsOn, update, needs, hostPorts,
                template, secretEnv, fingerprint, rollback, List.of());
    }

    /** This plan with another replica count (an operator's scale). */
    public ServicePlan withReplicas(int count) {
        return new ServicePlan(project, service, taskName, count, lifecycle, restart, constraints, dependsOn, update, needs,
                hostPorts, template, secretEnv, fingerprint, rollback, spread);
    }

    public enum Lifecycle { SERVICE, JOB }

    /** Per-replica resources: cpus (shares), mem and disk in MB, gpus. */
    public record ResourceNeeds(double cpus, double memMb, double diskMb, int gpus) {}

    /**
     * A host port one replica needs. {@code fixed} is honoured exactly; otherwise the scheduler takes the lowest free
     * port of {@code range} that the offer has ({@code PORTRANGE_FROM..PORTRANGE_TO}, or a published range such as
     * {@code 80-90}). {@code key} names it for {@link TaskFactory}.
     */
    public record HostPortRequest(String key, OptionalInt fixed, PortRange range) {
        public HostPortRequest {
            if (fixed.isPresent() && !range.equals(PortRange.single(fixed.getAsInt()))) {
                throw new IllegalArgumentException("fixed port " + fixed.getAsInt() + " with range " + range);
            }
        }

        /** A fixed port, or any port an offer has. */
        public HostPortRequest(String key, OptionalInt fixed) {
            this(key, fixed, fixed.isPresent() ? PortRange.single(fixed.getAsInt()) : PortRange.ANY);
        }

        /** Any free port of {@code range}. */
        public static HostPortRequest within(String key, PortRange range) {
            return range.isSingle() ? new HostPortRequest(key, OptionalInt.of(range.from()), range)
                    : new HostPortRequest(key, OptionalInt.empty(), range);
        }
    }
}
