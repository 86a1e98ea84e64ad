package io.mesoscompose.simulator.validation;

import static io.mesoscompose.simulator.validation.ValidationError.error;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.mesos.v1.Protos.ContainerInfo;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.HealthCheck;
import org.apache.mesos.v1.Protos.TaskGroupInfo;
import org.apache.mesos.v1.Protos.TaskInfo;

/**
 * The {@code task::group} namespace of Apache Mesos' src/master/validation.cpp: a LAUNCH_GROUP, whose tasks run as
 * nested containers of one DEFAULT executor and are launched or refused together. Pure; messages are Mesos' own.
 */
public final class TaskGroupValidation {

    /** The smallest executor the master accepts for a task group ({@code MIN_CPUS}, {@code MIN_MEM}). */
    static final double MIN_CPUS = 0.01;
    static final long MIN_MEM_BYTES = 32L * 1024 * 1024;

    private TaskGroupValidation() {}

    /** {@code task::group::validate}: each task (the first error names it), then the executor, then cgroups. */
    static Optional<ValidationError> validate(TaskGroupInfo group, ExecutorInfo executor, FrameworkView framework,
            AgentView agent, MesosResources offered) {
        Set<String> earlier = new HashSet<>();
        for (TaskInfo task : group.getTasksList()) {
            // Our addition: a task ID used twice in one group is refused as a duplicate. Mesos does not check this
            // (validateUniqueTaskID only knows the framework's tasks), and its addTask would then fail a CHECK.
            Set<String> before = Set.copyOf(earlier);
            FrameworkView withEarlier = new FrameworkView(framework.id(), framework.info(),
                    id -> before.contains(id) ? FrameworkView.TaskIdUse.ACTIVE : framework.taskIds().apply(id));
            Optional<ValidationError> e = validateTask(task, withEarlier, agent);
            if (e.isPresent()) {
                return Optional.of(e.get().prefixed("Task '" + task.getTaskId().getValue() + "' is invalid: "));
            }
            earlier.add(task.getTaskId().getValue());
        }
        return ValidationError.first(List.of(
                () -> executor(group, executor, framework, agent, offered),
                () -> shareCgroups(group, executor)));
    }

    /** {@code group::internal::validateTask}: a task's own rules, then what nested containers cannot do. */
    static Optional<ValidationError> validateTask(TaskInfo task, FrameworkView framework, AgentView agent) {
        Optional<ValidationError> e = TaskValidation.validateTask(task, framework, agent);
        if (e.isPresent()) {
            return e;
        }
        if (!task.hasExecutor()) {
            return error("'TaskInfo.executor' must be set");
        }
        if (task.hasContainer()) {
            if (task.getContainer().getNetworkInfosCount() > 0 && task.hasHealthCheck()
                    && (task.getHealthCheck().getType() == HealthCheck.Type.HTTP
                    || task.getHealthCheck().getType() == HealthCheck.Type.TCP)) {
                return error("HTTP and TCP health checks are not supported for nested containers not joining "
                        + "parent's network");
            }
            if (task.getContainer().getType() == ContainerInfo.Type.DOCKER) {
                return error("Docker ContainerInfo is not supported on the task");
            }
        }
        if (task.getLimitsCount() > 0 && !(task.hasContainer() && task.getContainer().hasLinuxInfo()
                && !task.getContainer().getLinuxInfo().getShareCgroups())) {
            return error("Resource limits may only be set for tasks within a task group when the 'share_cgroups' "
                    + "field is set to 'false'.");
        }
        return Optional.empty();
    }

    /**
     * {@code group::internal::validateExecutor}: a typed, non-Docker executor shared by every task, with at least
     * 0.01 cpus, 32MB mem and some disk; the group and a new executor must fit the offers.
     */
    static Optional<ValidationError> executor(TaskGroupInfo group, ExecutorInfo executor, FrameworkView framework,
            AgentView agent, MesosResources offered) {
        Optional<ValidationError> e = ExecutorValidation.validate(executor, framework, agent);
        if (e.isPresent()) {
            return e;
        }
        if (!executor.hasType()) {
            return error("'ExecutorInfo.type' must be set");
        }
        if (executor.getType() == ExecutorInfo.Type.UNKNOWN) {
            return error("Unknown executor type");
        }
        if (executor.hasContainer() && executor.getContainer().getType() == ContainerInfo.Type.DOCKER) {
            return error("Docker ContainerInfo is not supported on the executor");
        }
        String executorId = executor.getExecutorId().getValue();
        for (TaskInfo task : group.getTasksList()) {
            if (task.hasExecutor() && !task.getExecutor().equals(executor)) {
                return error("The `ExecutorInfo` of task '" + task.getTaskId().getValue() + "' is different from "
                        + "executor '" + executorId + "'");
            }
        }
        MesosResources executorResources = MesosResources.of(executor.getResourcesList());
        Optional<Double> cpus = executorResources.scalar("cpus");
        if (cpus.isEmpty() || cpus.get() < MIN_CPUS) {
            return error("Executor '" + executorId + "' uses less CPUs ("
                    + cpus.map(c -> MesosText.number(c, 6)).orElse("None") + ") than the minimum required ("
                    + MesosText.number(MIN_CPUS, 6) + ")");
        }
        Optional<Long> mem = executorResources.scalar("mem").map(m -> (long) Math.floor(m) * 1024 * 1024);
        if (mem.isEmpty() || mem.get() < MIN_MEM_BYTES) {
            return error("Executor '" + executorId + "' uses less memory (" + mem.map(MesosText::bytes).orElse("None")
                    + ") than the minimum required (" + MesosText.bytes(MIN_MEM_BYTES) + ")");
        }
        if (executorResources.scalar("disk").isEmpty()) {
            return error("Executor '" + executorId + "' uses no disk");
        }
        e = groupAndExecutorResources(group, executor);
        if (e.isPresent()) {
            return e;
        }
        MesosResources total = MesosResources.EMPTY;
        for (TaskInfo task : group.getTasksList()) {
            total = total.plus(MesosResources.of(task.getResourcesList()));
        }
        if (!agent.executors().containsKey(executorId)) {
            total = total.plus(executorResources);
        }
        if (!offered.contains(total)) {
            return error("Total resources " + total + " required by task group and its executor are more than "
                    + "available " + offered);
        }
        if (executor.hasCommand()) {
            Optional<ValidationError> command = CommonValidation.commandInfo(executor.getCommand());
            if (command.isPresent()) {
                return Optional.of(command.get().prefixed(
                        "Executor '" + executorId + "'" + "contains an invalid command: "));
            }
        }
        return Optional.empty();
    }

    /** {@code validateTaskGroupAndExecutorResources}: unique volumes, no revocable mix, no port claimed twice. */
    static Optional<ValidationError> groupAndExecutorResources(TaskGroupInfo group, ExecutorInfo executor) {
        MesosResources total = MesosResources.of(executor.getResourcesList());
        List<MesosResources> parts = new ArrayList<>();
        for (TaskInfo task : group.getTasksList()) {
            MesosResources r = MesosResources.of(task.getResourcesList());
            parts.add(r);
            total = total.plus(r);
        }
        MesosResources all = total;
        Optional<ValidationError> e = ResourceValidation.uniquePersistenceId(all)
                .map(x -> x.prefixed("Task group and executor use duplicate persistence ID: "))
                .or(() -> ResourceValidation.revocableAndNonRevocable(all)
                        .map(x -> x.prefixed("Task group and executor mix revocable and non-revocable resources: ")));
        if (e.isPresent()) {
            return e;
        }
        List<MesosResources> withExecutor = new ArrayList<>(parts);
        withExecutor.add(MesosResources.of(executor.getResourcesList()));
        if (TaskValidation.overlapping(withExecutor)) {
            return error("There are overlapping resources in the task group's task resources "
                    + parts.stream().map(MesosResources::toString).collect(Collectors.joining(", ",
                    "[ ", " ]")) + " and/or executor resources " + TaskValidation.json(executor.getResourcesList()));
        }
        return Optional.empty();
    }

    /** {@code group::internal::validateShareCgroups}: the same share_cgroups for every task; never true on the executor. */
    static Optional<ValidationError> shareCgroups(TaskGroupInfo group, ExecutorInfo executor) {
        if (executor.hasContainer() && executor.getContainer().hasLinuxInfo()
                && executor.getContainer().getLinuxInfo().hasShareCgroups()
                && executor.getContainer().getLinuxInfo().getShareCgroups()) {
            return error("The 'share_cgroups' field cannot be set to 'true' on executor containers");
        }
        Optional<Boolean> seen = Optional.empty();
        for (TaskInfo task : group.getTasksList()) {
            boolean share = !(task.hasContainer() && task.getContainer().hasLinuxInfo()
                    && task.getContainer().getLinuxInfo().hasShareCgroups())
                    || task.getContainer().getLinuxInfo().getShareCgroups();
            if (seen.isEmpty()) {
                seen = Optional.of(share);
            } else if (seen.get() != share) {
                return error("If set, the value of 'share_cgroups' must be the same for all tasks in each task group "
                        + "and under a single executor");
            }
        }
        return Optional.empty();
    }
}
