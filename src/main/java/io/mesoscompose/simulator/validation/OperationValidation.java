package io.mesoscompose.simulator.validation;

import static io.mesoscompose.simulator.validation.ValidationError.error;

import java.util.Optional;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskInfo;

/**
 * The checks {@code Master::accept} (src/master/master.cpp) makes on each LAUNCH or LAUNCH_GROUP operation before
 * its tasks are validated: the resources' shape ({@code validateAndUpgradeResources} of
 * src/common/resources_utils.cpp) and no operation feedback. An error refuses every task of the operation. Pure.
 */
public final class OperationValidation {

    private OperationValidation() {}

    /** {@code validateAndUpgradeResources}: the operation's field is set and every resource in it is well formed. */
    static Optional<ValidationError> resources(Offer.Operation operation) {
        switch (operation.getType()) {
            case LAUNCH -> {
                if (!operation.hasLaunch()) {
                    return error("A LAUNCH offer operation must have the Offer.Operation.launch field set.");
                }
                for (TaskInfo task : operation.getLaunch().getTaskInfosList()) {
                    Optional<ValidationError> e = taskResources(task);
                    if (e.isPresent()) {
                        return e;
                    }
                }
            }
            case LAUNCH_GROUP -> {
                if (!operation.hasLaunchGroup()) {
                    return error("A LAUNCH_GROUP offer operation must have the Offer.Operation.launch_group field set.");
                }
                Offer.Operation.LaunchGroup group = operation.getLaunchGroup();
                if (group.hasExecutor()) {
                    Optional<ValidationError> e = ResourceValidation.resources(group.getExecutor().getResourcesList());
                    if (e.isPresent()) {
                        return e;
                    }
                }
                for (TaskInfo task : group.getTaskGroup().getTasksList()) {
                    Optional<ValidationError> e = taskResources(task);
                    if (e.isPresent()) {
                        return e;
                    }
                }
            }
            default -> { }
        }
        return Optional.empty();
    }

    private static Optional<ValidationError> taskResources(TaskInfo task) {
        Optional<ValidationError> e = ResourceValidation.resources(task.getResourcesList());
        if (e.isEmpty() && task.hasExecutor()) {
            e = ResourceValidation.resources(task.getExecutor().getResourcesList());
        }
        return e;
    }

    /** Operation feedback ({@code Operation.id}) is not supported for launches: the tasks are refused. */
    static Optional<ValidationError> noFeedback(Offer.Operation operation) {
        if (!operation.hasId()) {
            return Optional.empty();
        }
        return switch (operation.getType()) {
            case LAUNCH -> error("The `id` field cannot be set on LAUNCH operations");
            case LAUNCH_GROUP -> error("The `id` field cannot be set on LAUNCH_GROUP operations");
            default -> Optional.empty();
        };
    }
}
