package io.mesoscompose.simulator.validation;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.HealthCheck;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskGroupInfo;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.scheduler.Protos.Call;

/**
 * What the master decides for one ACCEPT, as {@code Master::accept} and {@code Master::_accept} in
 * src/master/master.cpp do, without carrying it out: the offers are validated first (an error refuses every task
 * "with invalid offers"); then each LAUNCH / LAUNCH_GROUP operation's resources and feedback request; then the
 * operations are normalised (allocation role injected, the executor's framework ID filled in, a health check's
 * type inferred, a group's executor copied into its tasks); then, in order, each task (or whole group) is validated
 * against the resources the previous launches left, and launched or refused. Pure: the caller books the launches,
 * sends the refusals' status updates and returns {@link Decision#unused} to the agent.
 */
public final class AcceptValidation {

    private AcceptValidation() {}

    /**
     * What the master knows for one ACCEPT.
     *
     * @param framework   the calling framework
     * @param outstanding the master's outstanding offers among those the call names
     * @param agents      an agent as the validators see it, by ID (the agent of the accepted offers)
     * @param strict      every rule (a real master), or only those needed to book resources consistently
     */
    public record AcceptView(FrameworkView framework, Map<String, OfferView> outstanding,
            Function<String, AgentView> agents, boolean strict) {
        public AcceptView {
            outstanding = Map.copyOf(outstanding);
        }
    }

    /** Why a task is not launched; the caller maps it to a state and reason. */
    public enum Refusal {
        /** Some offer is invalid: TASK_DROPPED (TASK_LOST if not partition-aware), REASON_INVALID_OFFERS. */
        INVALID_OFFERS,
        /** TASK_ERROR, REASON_TASK_INVALID. */
        TASK_INVALID,
        /** TASK_ERROR, REASON_TASK_GROUP_INVALID. */
        TASK_GROUP_INVALID
    }

    /** The decision for one task. */
    public sealed interface TaskOutcome {
        TaskInfo task();
    }

    /**
     * Launch this (normalised) task.
     *
     * @param newExecutor an executor this launch starts on the agent (a custom or group executor not there yet)
     * @param consumed    what the launch takes from the offers: the task's resources and a new executor's
     */
    public record Launch(TaskInfo task, Optional<ExecutorInfo> newExecutor, MesosResources consumed)
            implements TaskOutcome {}

    /** Do not launch this task; {@code message} is the validator's, word for word. */
    public record Refused(TaskInfo task, Refusal refusal, String message) implements TaskOutcome {}

    /**
     * @param discarded the named offers the master no longer holds after this call (all that existed)
     * @param agentId   the agent of the offers, when they were valid
     * @param outcomes  one per task of every LAUNCH and LAUNCH_GROUP, in call order
     * @param unused    what the offers held that no launch took, allocated as offered; goes back to the agent
     */
    public record Decision(List<OfferView> discarded, Optional<String> agentId, List<TaskOutcome> outcomes,
            MesosResources unused) {}

    public static Decision check(Call.Accept accept, AcceptView view) {
        List<OfferView> discarded = accept.getOfferIdsList().stream().map(OfferID::getValue).distinct()
                .filter(view.outstanding()::containsKey).map(view.outstanding()::get).toList();
        Optional<ValidationError> offers = OfferValidation.validate(accept.getOfferIdsList(), view.outstanding(),
                view.framework());
        if (offers.isPresent()) {
            List<TaskOutcome> refused = new ArrayList<>();
            for (Offer.Operation op : accept.getOperationsList()) {
                tasksOf(op).forEach(t -> refused.add(new Refused(t, Refusal.INVALID_OFFERS, offers.get().message())));
            }
            return new Decision(discarded, Optional.empty(), refused, MesosResources.EMPTY);
        }
        OfferView first = discarded.get(0);
        MesosResources remaining = discarded.stream().map(OfferView::resources)
                .reduce(MesosResources.EMPTY, MesosResources::plus);
        Progress progress = new Progress(view.framework(), view.agents().apply(first.agentId()));
        List<TaskOutcome> outcomes = new ArrayList<>();
        for (Offer.Operation raw : accept.getOperationsList()) {
            if (raw.getType() != Offer.Operation.Type.LAUNCH && raw.getType() != Offer.Operation.Type.LAUNCH_GROUP) {
                continue; // other operations (reservations, volumes) are not simulated
            }
            Refusal refusal = raw.getType() == Offer.Operation.Type.LAUNCH ? Refusal.TASK_INVALID
                    : Refusal.TASK_GROUP_INVALID;
            Optional<ValidationError> shape = view.strict()
                    ? OperationValidation.resources(raw).or(() -> OperationValidation.noFeedback(raw))
                    : Optional.empty();
            if (shape.isPresent()) {
                tasksOf(raw).forEach(t -> outcomes.add(new Refused(t, refusal, shape.get().message())));
                continue;
            }
            Offer.Operation op = normalise(raw, first.role(), view.framework().id());
            remaining = switch (op.getType()) {
                case LAUNCH -> launch(op.getLaunch().getTaskInfosList(), view.strict(), progress, remaining, outcomes);
                case LAUNCH_GROUP -> launchGroup(op.getLaunchGroup(), view.strict(), progress, remaining, outcomes);
                default -> remaining;
            };
        }
        return new Decision(discarded, Optional.of(first.agentId()), outcomes, remaining);
    }

    private static MesosResources launch(List<TaskInfo> tasks, boolean strict, Progress progress,
            MesosResources remaining, List<TaskOutcome> outcomes) {
        for (TaskInfo task : tasks) {
            FrameworkView framework = progress.framework();
            AgentView agent = progress.agent();
            Optional<ValidationError> error = strict
                    ? TaskValidation.validate(task, framework, agent, remaining)
                    : TaskValidation.lenient(task, framework, agent, remaining);
            if (error.isPresent()) {
                outcomes.add(new Refused(task, Refusal.TASK_INVALID, error.get().message()));
                continue;
            }
            MesosResources consumed = TaskValidation.totalOf(task, agent);
            Optional<ExecutorInfo> executor = task.hasExecutor()
                    && !agent.executors().containsKey(task.getExecutor().getExecutorId().getValue())
                    ? Optional.of(task.getExecutor()) : Optional.empty();
            executor.ifPresent(progress::addExecutor);
            progress.addTask(task.getTaskId().getValue());
            remaining = remaining.minus(consumed);
            outcomes.add(new Launch(task, executor, consumed));
        }
        return remaining;
    }

    private static MesosResources launchGroup(Offer.Operation.LaunchGroup launch, boolean strict, Progress progress,
            MesosResources remaining, List<TaskOutcome> outcomes) {
        TaskGroupInfo group = launch.getTaskGroup();
        ExecutorInfo executor = launch.getExecutor();
        FrameworkView framework = progress.framework();
        AgentView agent = progress.agent();
        Optional<ValidationError> error = strict
                ? TaskGroupValidation.validate(group, executor, framework, agent, remaining)
                : group.getTasksList().stream()
                        .map(t -> TaskValidation.lenient(t.toBuilder().clearExecutor().build(), framework, agent,
                                remaining))
                        .flatMap(Optional::stream).findFirst();
        if (error.isPresent()) {
            group.getTasksList().forEach(t -> outcomes.add(new Refused(t, Refusal.TASK_GROUP_INVALID,
                    error.get().message())));
            return remaining;
        }
        boolean newExecutor = !agent.executors().containsKey(executor.getExecutorId().getValue());
        MesosResources left = remaining;
        for (int i = 0; i < group.getTasksCount(); i++) {
            TaskInfo task = group.getTasks(i);
            MesosResources consumed = MesosResources.of(task.getResourcesList());
            Optional<ExecutorInfo> starts = Optional.empty();
            if (i == 0 && newExecutor) {
                consumed = consumed.plus(MesosResources.of(executor.getResourcesList()));
                starts = Optional.of(executor);
            }
            progress.addTask(task.getTaskId().getValue());
            left = left.minus(consumed);
            outcomes.add(new Launch(task, starts, consumed));
        }
        if (newExecutor) {
            progress.addExecutor(executor);
        }
        return left;
    }

    /** Every task an operation would launch. */
    static List<TaskInfo> tasksOf(Offer.Operation op) {
        return switch (op.getType()) {
            case LAUNCH -> op.getLaunch().getTaskInfosList();
            case LAUNCH_GROUP -> op.getLaunchGroup().getTaskGroup().getTasksList();
            default -> List.of();
        };
    }

    /**
     * {@code Master::accept}'s adjustments before validation: the offer's allocation role on resources without
     * one ({@code injectAllocationInfo}), the framework ID on a LAUNCH task's executor, a health check's type from
     * its fields when unset, a LAUNCH_GROUP's executor in each task that has none.
     */
    static Offer.Operation normalise(Offer.Operation op, String role, String frameworkId) {
        Resource.AllocationInfo allocation = Resource.AllocationInfo.newBuilder().setRole(role).build();
        Offer.Operation.Builder b = op.toBuilder();
        switch (op.getType()) {
            case LAUNCH -> {
                for (TaskInfo.Builder task : b.getLaunchBuilder().getTaskInfosBuilderList()) {
                    inject(task, allocation);
                    if (task.hasExecutor() && !task.getExecutor().hasFrameworkId()) {
                        task.getExecutorBuilder().getFrameworkIdBuilder().setValue(frameworkId);
                    }
                    if (task.hasHealthCheck() && !task.getHealthCheck().hasType()) {
                        HealthCheck h = task.getHealthCheck();
                        if (h.hasCommand() && !h.hasHttp()) {
                            task.getHealthCheckBuilder().setType(HealthCheck.Type.COMMAND);
                        } else if (h.hasHttp() && !h.hasCommand()) {
                            task.getHealthCheckBuilder().setType(HealthCheck.Type.HTTP);
                        }
                    }
                }
            }
            case LAUNCH_GROUP -> {
                Offer.Operation.LaunchGroup.Builder group = b.getLaunchGroupBuilder();
                if (group.hasExecutor()) {
                    injectInto(group.getExecutorBuilder().getResourcesBuilderList(), allocation);
                }
                for (TaskInfo.Builder task : group.getTaskGroupBuilder().getTasksBuilderList()) {
                    inject(task, allocation);
                    if (!task.hasExecutor()) {
                        task.setExecutor(group.getExecutor());
                    }
                }
            }
            default -> { }
        }
        return b.build();
    }

    private static void inject(TaskInfo.Builder task, Resource.AllocationInfo allocation) {
        injectInto(task.getResourcesBuilderList(), allocation);
        if (task.hasExecutor()) {
            injectInto(task.getExecutorBuilder().getResourcesBuilderList(), allocation);
        }
    }

    private static void injectInto(List<Resource.Builder> resources, Resource.AllocationInfo allocation) {
        for (Resource.Builder r : resources) {
            if (!r.hasAllocationInfo()) {
                r.setAllocationInfo(allocation);
            }
        }
    }

    /** The views as the launches of this call change them: task IDs taken, executors started. */
    private static final class Progress {
        private final FrameworkView base;
        private final Set<String> launched = new HashSet<>();
        private final Map<String, ExecutorInfo> executors;
        private final AgentView agentBase;

        Progress(FrameworkView framework, AgentView agent) {
            this.base = framework;
            this.agentBase = agent;
            this.executors = new HashMap<>(agent.executors());
        }

        FrameworkView framework() {
            if (launched.isEmpty()) {
                return base;
            }
            Set<String> taken = Set.copyOf(launched);
            return new FrameworkView(base.id(), base.info(), id -> taken.contains(id)
                    ? FrameworkView.TaskIdUse.ACTIVE : base.taskIds().apply(id));
        }

        AgentView agent() {
            return new AgentView(agentBase.id(), agentBase.taskResourceLimits(), executors);
        }

        void addTask(String id) {
            launched.add(id);
        }

        void addExecutor(ExecutorInfo executor) {
            executors.put(executor.getExecutorId().getValue(), executor);
        }
    }
}
