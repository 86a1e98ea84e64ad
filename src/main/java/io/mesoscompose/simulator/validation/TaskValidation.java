package io.mesoscompose.simulator.validation;

import static io.mesoscompose.simulator.validation.ValidationError.error;

import com.google.protobuf.util.JsonFormat;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.Value;

/**
 * The {@code task} namespace of Apache Mesos' src/master/validation.cpp: a TaskInfo of a LAUNCH operation, with its
 * executor, against its framework, its agent and the resources still available in the accepted offers. Each rule is
 * named after its Mesos function; {@link #validate} runs them in Mesos' order and returns the first error. Pure.
 */
public final class TaskValidation {

    private static final long MB = 1024 * 1024;

    private TaskValidation() {}

    /** {@code task::validate}: the task, then its executor and resources, then share_cgroups. */
    static Optional<ValidationError> validate(TaskInfo task, FrameworkView framework, AgentView agent,
            MesosResources offered) {
        return ValidationError.first(List.of(
                () -> validateTask(task, framework, agent),
                () -> executor(task, framework, agent, offered),
                () -> shareCgroups(task)));
    }

    /**
     * What a lenient (non-strict) simulated master checks: only what it needs to book resources consistently —
     * a free task ID, the offers' agent and resources the offers hold.
     */
    static Optional<ValidationError> lenient(TaskInfo task, FrameworkView framework, AgentView agent,
            MesosResources offered) {
        return ValidationError.first(List.of(
                () -> uniqueTaskId(task, framework),
                () -> agentId(task, agent),
                () -> {
                    MesosResources total = totalOf(task, agent);
                    return offered.contains(total) ? Optional.empty() : notAvailable(total, offered);
                }));
    }

    /** {@code task::internal::validateTask}: every field of the task except its executor. Order matters. */
    static Optional<ValidationError> validateTask(TaskInfo task, FrameworkView framework, AgentView agent) {
        return ValidationError.first(List.of(
                () -> taskId(task),
                () -> uniqueTaskId(task, framework),
                () -> agentId(task, agent),
                () -> killPolicy(task),
                () -> maxCompletionTime(task),
                () -> check(task),
                () -> healthCheck(task),
                () -> resources(task),
                () -> commandInfo(task),
                () -> containerInfo(task),
                () -> resourceLimits(task, agent)));
    }

    /** {@code validateTaskID}: the common ID rules (non-empty, ≤ 255 bytes, no '/', '\' or controls, not . or ..). */
    static Optional<ValidationError> taskId(TaskInfo task) {
        return CommonValidation.id(task.getTaskId().getValue());
    }

    /** {@code validateUniqueTaskID}: not the ID of a task the framework has, nor of one on an unreachable agent. */
    static Optional<ValidationError> uniqueTaskId(TaskInfo task, FrameworkView framework) {
        String id = task.getTaskId().getValue();
        return switch (framework.taskIds().apply(id)) {
            case ACTIVE -> error("Task has duplicate ID: " + id);
            case UNREACHABLE -> error("Task reuses the ID of an unreachable task: " + id);
            case FREE -> Optional.empty();
        };
    }

    /** {@code validateSlaveID}: the agent of the accepted offers. */
    static Optional<ValidationError> agentId(TaskInfo task, AgentView agent) {
        if (!task.getAgentId().getValue().equals(agent.id())) {
            return error("Task uses invalid agent " + task.getAgentId().getValue() + " while agent " + agent.id()
                    + " is expected");
        }
        return Optional.empty();
    }

    /** {@code validateKillPolicy}: a grace period is not negative. */
    static Optional<ValidationError> killPolicy(TaskInfo task) {
        if (task.hasKillPolicy() && task.getKillPolicy().hasGracePeriod()
                && task.getKillPolicy().getGracePeriod().getNanoseconds() < 0) {
            return error("Task's 'kill_policy.grace_period' must be non-negative");
        }
        return Optional.empty();
    }

    /** {@code validateMaxCompletionTime}: not negative. */
    static Optional<ValidationError> maxCompletionTime(TaskInfo task) {
        if (task.hasMaxCompletionTime() && task.getMaxCompletionTime().getNanoseconds() < 0) {
            return error("Task's `max_completion_time` must be non-negative");
        }
        return Optional.empty();
    }

    /** {@code validateCheck}. */
    static Optional<ValidationError> check(TaskInfo task) {
        if (task.hasCheck()) {
            return CommonValidation.checkInfo(task.getCheck()).map(e -> e.prefixed("Task uses invalid check: "));
        }
        return Optional.empty();
    }

    /** {@code validateHealthCheck}. */
    static Optional<ValidationError> healthCheck(TaskInfo task) {
        if (task.hasHealthCheck()) {
            return CommonValidation.healthCheck(task.getHealthCheck())
                    .map(e -> e.prefixed("Task uses invalid health check: "));
        }
        return Optional.empty();
    }

    /** {@code validateResources}: some, valid, unique volumes, one allocation role, revocable or not. */
    static Optional<ValidationError> resources(TaskInfo task) {
        if (task.getResourcesList().isEmpty()) {
            return error("Task uses no resources");
        }
        Optional<ValidationError> e = ResourceValidation.validate(task.getResourcesList());
        if (e.isPresent()) {
            return Optional.of(e.get().prefixed("Task uses invalid resources: "));
        }
        MesosResources resources = MesosResources.of(task.getResourcesList());
        return ResourceValidation.uniquePersistenceId(resources)
                .map(x -> x.prefixed("Task uses duplicate persistence ID: "))
                .or(() -> ResourceValidation.allocatedToSingleRole(resources)
                        .map(x -> x.prefixed("Invalid task resources: ")))
                .or(() -> ResourceValidation.revocableAndNonRevocable(resources)
                        .map(x -> x.prefixed("Task mixes revocable and non-revocable resources: ")));
    }

    /** {@code validateCommandInfo} of a task. */
    static Optional<ValidationError> commandInfo(TaskInfo task) {
        if (task.hasCommand()) {
            return CommonValidation.commandInfo(task.getCommand())
                    .map(e -> e.prefixed("Task's `CommandInfo` is invalid: "));
        }
        return Optional.empty();
    }

    /** {@code validateContainerInfo} of a task. */
    static Optional<ValidationError> containerInfo(TaskInfo task) {
        if (task.hasContainer()) {
            return CommonValidation.containerInfo(task.getContainer())
                    .map(e -> e.prefixed("Task's `ContainerInfo` is invalid: "));
        }
        return Optional.empty();
    }

    /** {@code validateResourceLimits}: cpus and mem only, each at least its request, on a capable agent. */
    static Optional<ValidationError> resourceLimits(TaskInfo task, AgentView agent) {
        Map<String, Value.Scalar> limits = task.getLimitsMap();
        if (limits.isEmpty()) {
            return Optional.empty();
        }
        if (!agent.taskResourceLimits()) {
            return error("Agent is not capable of handling task resource limits");
        }
        int known = (limits.containsKey("cpus") ? 1 : 0) + (limits.containsKey("mem") ? 1 : 0);
        if (limits.size() > known) {
            return error("Only cpus and mem may be included in a task's resource limits");
        }
        MesosResources resources = MesosResources.of(task.getResourcesList());
        if (limits.containsKey("cpus")) {
            Optional<Double> cpus = resources.scalar("cpus");
            if (cpus.isEmpty()) {
                return error("When a CPU limit is specified, a CPU request must also be specified");
            }
            if (limits.get("cpus").getValue() < cpus.get()) {
                return error("The cpu limit must be greater than or equal to the cpu request");
            }
        }
        if (limits.containsKey("mem")) {
            Optional<Double> mem = resources.scalar("mem");
            if (mem.isEmpty()) {
                return error("When a memory limit is specified, a memory request must also be specified");
            }
            double limit = limits.get("mem").getValue();
            if (!Double.isInfinite(limit) && (long) (limit * MB) < (long) Math.floor(mem.get()) * MB) {
                return error("The memory limit must be greater than or equal to the memory request");
            }
        }
        return Optional.empty();
    }

    /** {@code validateShareCgroups} (LAUNCH only): share_cgroups false is for task groups. */
    static Optional<ValidationError> shareCgroups(TaskInfo task) {
        if (task.hasContainer() && task.getContainer().hasLinuxInfo()
                && task.getContainer().getLinuxInfo().hasShareCgroups()
                && !task.getContainer().getLinuxInfo().getShareCgroups()) {
            return error("Only tasks in a task group may have 'share_cgroups' set to 'false'");
        }
        return Optional.empty();
    }

    /**
     * {@code task::internal::validateExecutor}: exactly one of command and executor; a CUSTOM executor with a
     * command; then the resources of task and new executor together must be available in the offers.
     */
    static Optional<ValidationError> executor(TaskInfo task, FrameworkView framework, AgentView agent,
            MesosResources offered) {
        if (task.hasExecutor() == task.hasCommand()) {
            return error("Task should have at least one (but not both) of CommandInfo or ExecutorInfo present");
        }
        if (task.hasExecutor()) {
            ExecutorInfo executor = task.getExecutor();
            Optional<ValidationError> e = ExecutorValidation.validate(executor, framework, agent);
            if (e.isPresent()) {
                return e;
            }
            if (executor.hasType() && executor.getType() != ExecutorInfo.Type.CUSTOM) {
                return error("'ExecutorInfo.type' must be 'CUSTOM'");
            }
            if (!executor.hasCommand()) {
                return error("'ExecutorInfo.command' must be set");
            }
            MesosResources executorResources = MesosResources.of(executor.getResourcesList());
            if (!executorResources.filter(Resource::hasShared).isEmpty()) {
                return error("Executor resources " + executorResources + " should not contain any shared resources");
            }
            if (executor.hasContainer() && executor.getContainer().hasLinuxInfo()
                    && executor.getContainer().getLinuxInfo().hasShareCgroups()
                    && executor.getContainer().getLinuxInfo().getShareCgroups()) {
                return error("The 'share_cgroups' field cannot be set to 'true' on executor containers");
            }
        }
        Optional<ValidationError> e = taskAndExecutorResources(task);
        if (e.isPresent()) {
            return e;
        }
        MesosResources total = totalOf(task, agent);
        if (!offered.contains(total)) {
            return notAvailable(total, offered);
        }
        return Optional.empty();
    }

    private static Optional<ValidationError> notAvailable(MesosResources total, MesosResources offered) {
        return error("Total resources " + total + " required by task and its executor is more than available "
                + offered);
    }

    /** What the task takes: its resources, plus its executor's when the executor is not running there yet. */
    static MesosResources totalOf(TaskInfo task, AgentView agent) {
        MesosResources total = MesosResources.of(task.getResourcesList());
        if (task.hasExecutor() && !agent.executors().containsKey(task.getExecutor().getExecutorId().getValue())) {
            total = total.plus(MesosResources.of(task.getExecutor().getResourcesList()));
        }
        return total;
    }

    /** {@code validateTaskAndExecutorResources}: task and executor together valid and without overlaps. */
    static Optional<ValidationError> taskAndExecutorResources(TaskInfo task) {
        List<Resource> total = new ArrayList<>(task.getResourcesList());
        if (task.hasExecutor()) {
            total.addAll(task.getExecutor().getResourcesList());
        }
        Optional<ValidationError> e = ResourceValidation.validate(MesosResources.of(total).toList());
        if (e.isPresent()) {
            return Optional.of(e.get().prefixed("Task and its executor use invalid resources: "));
        }
        if (task.hasExecutor() && overlapping(List.of(MesosResources.of(task.getResourcesList()),
                MesosResources.of(task.getExecutor().getResourcesList())))) {
            return error("There are overlapping resources in the task resources " + json(task.getResourcesList())
                    + " and executor resources " + json(task.getExecutor().getResourcesList()));
        }
        MesosResources all = MesosResources.of(total);
        return ResourceValidation.uniquePersistenceId(all)
                .map(x -> x.prefixed("Task and its executor use duplicate persistence ID: "))
                .or(() -> ResourceValidation.revocableAndNonRevocable(all)
                        .map(x -> x.prefixed("Task and its executor mix revocable and non-revocable resources: ")));
    }

    /**
     * {@code detectOverlappingSetAndRangeResources}: the same port (or set item) claimed twice, seen as the sum
     * of the parts' sizes differing from the size of their union.
     */
    static boolean overlapping(List<MesosResources> parts) {
        long separate = 0;
        MesosResources union = MesosResources.EMPTY;
        for (MesosResources part : parts) {
            separate += countOfRangesAndSets(part);
            union = union.plus(part);
        }
        return separate != countOfRangesAndSets(union);
    }

    private static long countOfRangesAndSets(MesosResources resources) {
        long n = 0;
        for (Resource r : resources.toList()) {
            switch (r.getType()) {
                case RANGES -> {
                    for (Value.Range range : r.getRanges().getRangeList()) {
                        n += range.getEnd() - range.getBegin() + 1;
                    }
                }
                case SET -> n += r.getSet().getItemCount();
                case SCALAR, TEXT -> { }
            }
        }
        return n;
    }

    /** {@code stringify(RepeatedPtrField<Resource>)}, which Mesos prints as JSON. */
    static String json(List<Resource> resources) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < resources.size(); i++) {
            if (i > 0) {
                s.append(',');
            }
            try {
                s.append(JsonFormat.printer().preservingProtoFieldNames().omittingInsignificantWhitespace()
                        .print(resources.get(i)));
            } catch (InvalidProtocolBufferException e) {
                s.append(MesosText.resource(resources.get(i)));
            }
        }
        return s.append(']').toString();
    }
}
