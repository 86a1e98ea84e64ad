package io.mesoscompose.simulator.validation;

import static io.mesoscompose.simulator.validation.ValidationError.error;

import java.util.List;
import java.util.Optional;
import org.apache.mesos.v1.Protos.ContainerInfo;
import org.apache.mesos.v1.Protos.ExecutorInfo;

/**
 * The {@code executor} namespace of Apache Mesos' src/master/validation.cpp: an ExecutorInfo on its own, then in
 * the context of its framework and agent. Pure; messages are Mesos' own.
 */
public final class ExecutorValidation {

    private ExecutorValidation() {}

    /** {@code executor::validate(const ExecutorInfo&)}: in this order, the first error wins. */
    static Optional<ValidationError> validate(ExecutorInfo executor) {
        return ValidationError.first(List.of(
                () -> type(executor),
                () -> executorId(executor),
                () -> shutdownGracePeriod(executor),
                () -> commandInfo(executor),
                () -> containerInfo(executor)));
    }

    /** {@code executor::internal::validate}: the above, then framework ID, resources, compatibility. */
    static Optional<ValidationError> validate(ExecutorInfo executor, FrameworkView framework, AgentView agent) {
        return ValidationError.first(List.of(
                () -> validate(executor),
                () -> frameworkId(executor, framework),
                () -> resources(executor),
                () -> compatibleExecutorInfo(executor, agent)));
    }

    /** {@code validateType}: DEFAULT has no command and a MESOS container without image; CUSTOM has a command. */
    static Optional<ValidationError> type(ExecutorInfo executor) {
        switch (executor.getType()) {
            case DEFAULT -> {
                if (executor.hasCommand()) {
                    return error("'ExecutorInfo.command' must not be set for 'DEFAULT' executor");
                }
                if (executor.hasContainer()) {
                    if (executor.getContainer().getType() != ContainerInfo.Type.MESOS) {
                        return error("'ExecutorInfo.container.type' must be 'MESOS' for 'DEFAULT' executor");
                    }
                    if (executor.getContainer().getMesos().hasImage()) {
                        return error("'ExecutorInfo.container.mesos.image' must not be set for 'DEFAULT' executor");
                    }
                }
            }
            case CUSTOM -> {
                if (!executor.hasCommand()) {
                    return error("'ExecutorInfo.command' must be set for 'CUSTOM' executor");
                }
            }
            case UNKNOWN -> { }
        }
        return Optional.empty();
    }

    /** {@code validateExecutorID}: the common ID rules. */
    static Optional<ValidationError> executorId(ExecutorInfo executor) {
        return CommonValidation.id(executor.getExecutorId().getValue());
    }

    /** {@code validateShutdownGracePeriod}: not negative. */
    static Optional<ValidationError> shutdownGracePeriod(ExecutorInfo executor) {
        if (executor.hasShutdownGracePeriod() && executor.getShutdownGracePeriod().getNanoseconds() < 0) {
            return error("ExecutorInfo's 'shutdown_grace_period' must be non-negative");
        }
        return Optional.empty();
    }

    /** {@code validateCommandInfo} of an executor. */
    static Optional<ValidationError> commandInfo(ExecutorInfo executor) {
        if (executor.hasCommand()) {
            return CommonValidation.commandInfo(executor.getCommand())
                    .map(e -> e.prefixed("Executor's `CommandInfo` is invalid: "));
        }
        return Optional.empty();
    }

    /** {@code validateContainerInfo} of an executor. */
    static Optional<ValidationError> containerInfo(ExecutorInfo executor) {
        if (executor.hasContainer()) {
            return CommonValidation.containerInfo(executor.getContainer())
                    .map(e -> e.prefixed("Executor's `ContainerInfo` is invalid: "));
        }
        return Optional.empty();
    }

    /** {@code validateFrameworkID}: set (the master fills it in for LAUNCH) and this framework's. */
    static Optional<ValidationError> frameworkId(ExecutorInfo executor, FrameworkView framework) {
        if (!executor.hasFrameworkId()) {
            return error("'ExecutorInfo.framework_id' must be set");
        }
        if (!executor.getFrameworkId().getValue().equals(framework.id())) {
            return error("ExecutorInfo has an invalid FrameworkID (Actual: " + executor.getFrameworkId().getValue()
                    + " vs Expected: " + framework.id() + ")");
        }
        return Optional.empty();
    }

    /** {@code validateResources} of an executor. */
    static Optional<ValidationError> resources(ExecutorInfo executor) {
        Optional<ValidationError> e = ResourceValidation.validate(executor.getResourcesList());
        if (e.isPresent()) {
            return Optional.of(e.get().prefixed("Executor uses invalid resources: "));
        }
        MesosResources resources = MesosResources.of(executor.getResourcesList());
        return ResourceValidation.uniquePersistenceId(resources)
                .map(x -> x.prefixed("Executor uses duplicate persistence ID: "))
                .or(() -> ResourceValidation.allocatedToSingleRole(resources)
                        .map(x -> x.prefixed("Invalid executor resources: ")))
                .or(() -> ResourceValidation.revocableAndNonRevocable(resources)
                        .map(x -> x.prefixed("Executor mixes revocable and non-revocable resources: ")));
    }

    /** {@code validateCompatibleExecutorInfo}: an executor ID already running there must be launched the same. */
    static Optional<ValidationError> compatibleExecutorInfo(ExecutorInfo executor, AgentView agent) {
        ExecutorInfo existing = agent.executors().get(executor.getExecutorId().getValue());
        if (existing != null && !existing.equals(executor)) {
            return error("ExecutorInfo is not compatible with existing ExecutorInfo with same ExecutorID.\n"
                    + "------------------------------------------------------------\n"
                    + "Existing ExecutorInfo:\n" + existing + "\n"
                    + "------------------------------------------------------------\n"
                    + "ExecutorInfo:\n" + executor + "\n"
                    + "------------------------------------------------------------\n");
        }
        return Optional.empty();
    }
}
