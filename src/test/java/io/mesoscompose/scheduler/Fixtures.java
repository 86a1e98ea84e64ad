package io.mesoscompose.scheduler;

import io.mesoscompose.compose.model.Constraint;
import io.mesoscompose.compose.model.Dependency;
import io.mesoscompose.compose.model.Deploy;
import io.mesoscompose.compose.model.RestartPolicy;
import io.mesoscompose.compose.model.SourcePosition;
import io.mesoscompose.compose.model.SpreadPreference;
import io.mesoscompose.plan.ServicePlan;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.Attribute;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.HealthCheck;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.Value;

/** Hand-built plans and offers for scheduler tests. */
final class Fixtures {

    private static int offerSeq;

    private Fixtures() {}

    static ServicePlan service(String project, String name, int replicas, double cpus, double mem) {
        return plan(project, name, replicas, ServicePlan.Lifecycle.SERVICE, RestartPolicy.of(RestartPolicy.Condition.ALWAYS),
                cpus, mem, List.of(), List.of(), List.of(), "fp1");
    }

    static ServicePlan plan(String project, String name, int replicas, ServicePlan.Lifecycle lifecycle, RestartPolicy restart,
                            double cpus, double mem, List<Constraint> constraints, List<ServicePlan.HostPortRequest> ports,
                            List<Dependency> deps, String fingerprint) {
        TaskInfo template = TaskInfo.newBuilder().setName("mc:" + project + ":" + name)
                .setTaskId(TaskID.newBuilder().setValue("template"))
                .setAgentId(AgentID.newBuilder().setValue("template"))
                .setCommand(CommandInfo.newBuilder().setValue("sleep 1000")).build();
        return new ServicePlan(project, name, "mc:" + project + ":" + name, replicas, lifecycle, restart, constraints, deps,
                Optional.empty(), new ServicePlan.ResourceNeeds(cpus, mem, 0, 0), ports, template, Map.of(), fingerprint);
    }

    static Constraint hostname(Constraint.Op op, String value) {
        return new Constraint.Hostname(op, value, "node.hostname" + (op == Constraint.Op.EQ ? "==" : "!=") + value, pos());
    }

    static Constraint attribute(String name, String value) {
        return new Constraint.Attribute(name, Constraint.Op.EQ, value, "node.labels." + name + "==" + value, pos());
    }

    static Constraint unique() {
        return new Constraint.Unique("unique", pos());
    }

    private static SourcePosition pos() {
        return new SourcePosition("docker-compose.yml", 1, 1);
    }

    static Offer offer(String agent, double cpus, double mem, long portBegin, long portEnd, Map<String, String> attributes) {
        Offer.Builder b = Offer.newBuilder()
                .setId(OfferID.newBuilder().setValue("offer-" + (++offerSeq)))
                .setFrameworkId(FrameworkID.newBuilder().setValue("fw"))
                .setAgentId(AgentID.newBuilder().setValue(agent))
                .setHostname(agent + ".example")
                .addResources(scalar("cpus", cpus))
                .addResources(scalar("mem", mem))
                .addResources(Resource.newBuilder().setName("ports").setType(Value.Type.RANGES)
                        .setRanges(Value.Ranges.newBuilder().addRange(Value.Range.newBuilder().setBegin(portBegin).setEnd(portEnd))));
        attributes.forEach((k, v) -> b.addAttributes(Attribute.newBuilder().setName(k).setType(Value.Type.TEXT)
                .setText(Value.Text.newBuilder().setValue(v))));
        return b.build();
    }

    static Offer offer(String agent, double cpus, double mem) {
        return offer(agent, cpus, mem, 31000, 31010, Map.of());
    }

    static Resource scalar(String name, double v) {
        return Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
                .setScalar(Value.Scalar.newBuilder().setValue(v)).build();
    }

    static io.mesoscompose.state.TaskRecord task(String id, int replica, String fingerprint, String state,
                                                 io.mesoscompose.state.TaskRecord.Desired desired, int attempt, java.time.Instant at) {
        return new io.mesoscompose.state.TaskRecord(id, "web", "api", replica, 1, fingerprint, Optional.of("a1"),
                Optional.of("a1.example"), state, desired, Map.of(), Optional.empty(), Optional.empty(), Optional.empty(),
                attempt, at, at, List.of());
    }

    /** The plan with other update and rollback configs and fingerprint (a new version of it). */
    static ServicePlan version(ServicePlan p, String fingerprint, Optional<Deploy.UpdateConfig> update,
                               Optional<Deploy.UpdateConfig> rollback) {
        return new ServicePlan(p.project(), p.service(), p.taskName(), p.replicas(), p.lifecycle(), p.restart(),
                p.constraints(), p.dependsOn(), update, p.needs(), p.hostPorts(), p.template(), p.secretEnv(), fingerprint,
                rollback);
    }

    /** The plan with {@code deploy.placement.preferences: [spread: node.labels.<label>]} for each label. */
    static ServicePlan spread(ServicePlan p, String... labels) {
        List<SpreadPreference> spread = Arrays.stream(labels)
                .map(l -> new SpreadPreference(l, "node.labels." + l, pos())).toList();
        return new ServicePlan(p.project(), p.service(), p.taskName(), p.replicas(), p.lifecycle(), p.restart(),
                p.constraints(), p.dependsOn(), p.update(), p.needs(), p.hostPorts(), p.template(), p.secretEnv(),
                p.fingerprint(), p.rollback(), spread);
    }

    /** The plan with a command health check in its TaskInfo. */
    static ServicePlan healthChecked(ServicePlan p) {
        TaskInfo template = p.template().toBuilder().setHealthCheck(HealthCheck.newBuilder()
                .setType(HealthCheck.Type.COMMAND).setCommand(CommandInfo.newBuilder().setValue("true"))).build();
        return new ServicePlan(p.project(), p.service(), p.taskName(), p.replicas(), p.lifecycle(), p.restart(),
                p.constraints(), p.dependsOn(), p.update(), p.needs(), p.hostPorts(), template, p.secretEnv(),
                p.fingerprint(), p.rollback());
    }

    static Deploy.UpdateConfig update(int parallelism, Duration delay, Deploy.UpdateConfig.Order order,
                                      Deploy.UpdateConfig.FailureAction action, Duration monitor, double maxFailureRatio) {
        return new Deploy.UpdateConfig(parallelism, delay, order, action, monitor, maxFailureRatio);
    }

    static ServicePlan.HostPortRequest port(String key, Integer fixed) {
        return new ServicePlan.HostPortRequest(key, fixed == null ? OptionalInt.empty() : OptionalInt.of(fixed));
    }
}
