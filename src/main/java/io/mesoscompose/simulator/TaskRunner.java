package io.mesoscompose.simulator;

import io.mesoscompose.simulator.validation.AcceptValidation;
import io.mesoscompose.simulator.validation.AgentValidation;
import io.mesoscompose.simulator.validation.AgentValidation.AgentFailure;
import io.mesoscompose.simulator.validation.MesosResources;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.ContainerInfo;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.FrameworkInfo.Capability;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus.Reason;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agents' side of a launch: the executor and its sandbox, what a real agent fails ({@link AgentValidation}),
 * then the task's {@link TaskScript} played as the command or Docker executor would report it. Called with the
 * cluster lock held; timers take it again.
 */
final class TaskRunner {

    private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);

    private TaskRunner() {}

    static boolean terminal(TaskState state) {
        return switch (state) {
            case TASK_FINISHED, TASK_FAILED, TASK_KILLED, TASK_ERROR, TASK_LOST, TASK_DROPPED, TASK_GONE,
                    TASK_GONE_BY_OPERATOR -> true;
            case TASK_STAGING, TASK_STARTING, TASK_RUNNING, TASK_KILLING, TASK_UNREACHABLE, TASK_UNKNOWN -> false;
        };
    }

    /** Starts a task the master launched on {@code agent}: executor and sandbox, agent checks, then its script. */
    static void launch(ClusterState c, SimFramework f, SimAgentState agent, AcceptValidation.Launch launch) {
        TaskInfo info = launch.task();
        ExecutorInfo executorInfo = info.hasExecutor() ? info.getExecutor() : commandExecutor(info, f.id);
        String executorId = executorInfo.getExecutorId().getValue();
        Optional<SimExecutor> running = agent.executor(f.id, executorId);
        SimExecutor executor = running.orElseGet(() -> {
            String containerId = UUID.randomUUID().toString();
            return new SimExecutor(f.id, agent.id(), executorInfo, containerId, new Sandbox(Sandbox.path(
                    agent.agent.host().workDir(), agent.id(), f.id, executorId, containerId)),
                    launch.newExecutor().map(e -> MesosResources.of(e.getResourcesList())).orElse(MesosResources.EMPTY),
                    !info.hasExecutor());
        });
        SimTask task = new SimTask(f.id, agent.id(), info, MesosResources.of(info.getResourcesList()), executor);
        executor.add(task);
        c.addTask(task);
        Optional<AgentFailure> failure = c.config.strict()
                ? AgentValidation.launch(info, f.info(), new AgentValidation.Host(executor.sandbox.directory,
                        agent.agent.host().users(), agent.agent.host().cniNetworks(),
                        agent.agent.host().dockerNetworks()))
                : Optional.empty();
        if (failure.isPresent() && failure.get().stage() == AgentValidation.Stage.EXECUTOR_DIRECTORY) {
            // No sandbox, no executor: the agent drops the task (slave.cpp, sendTaskDroppedUpdate).
            agent.release(executor.resources);
            boolean aware = f.hasCapability(Capability.Type.PARTITION_AWARE);
            c.update(task, StatusChange.agent(aware ? TaskState.TASK_DROPPED : TaskState.TASK_LOST,
                    Reason.REASON_EXECUTOR_TERMINATED, failure.get().message()));
            return;
        }
        if (running.isEmpty()) {
            agent.addExecutor(executor);
            c.addSandbox(executor);
        }
        if (failure.isPresent()) {
            fail(c, task, failure.get());
            return;
        }
        play(c, task, c.config.scriptFor().apply(info));
    }

    /** The ExecutorInfo an agent makes for a command task: its ID is the task's, its command the task's. */
    private static ExecutorInfo commandExecutor(TaskInfo task, String frameworkId) {
        CommandInfo command = task.getCommand();
        return ExecutorInfo.newBuilder()
                .setExecutorId(ExecutorID.newBuilder().setValue(task.getTaskId().getValue()))
                .setFrameworkId(FrameworkID.newBuilder().setValue(frameworkId))
                .setName("Command Executor (Task: " + task.getTaskId().getValue() + ") (Command: "
                        + (command.getShell() ? "sh -c '" + command.getValue() + "'"
                        : "[" + String.join(", ", command.getArgumentsList()) + "]") + ")")
                .setSource(task.getTaskId().getValue())
                .setCommand(command)
                .build();
    }

    private static boolean docker(SimTask task) {
        return task.info.hasContainer() && task.info.getContainer().getType() == ContainerInfo.Type.DOCKER;
    }

    /** The updates a failed launch gets, by where it failed. */
    private static void fail(ClusterState c, SimTask task, AgentFailure failure) {
        switch (failure.stage()) {
            case EXECUTOR_DIRECTORY -> throw new IllegalStateException("handled before the executor exists");
            case CONTAINER_LAUNCH -> c.update(task, StatusChange.agent(TaskState.TASK_FAILED,
                    Reason.REASON_CONTAINER_LAUNCH_FAILED, failure.message()));
            case DOCKER_RUN_OPTIONS -> {
                c.update(task, StatusChange.executor(TaskState.TASK_STARTING));
                c.update(task, StatusChange.executor(TaskState.TASK_FAILED, failure.message()));
            }
            case DOCKER_RUN -> {
                c.update(task, StatusChange.executor(TaskState.TASK_STARTING));
                task.executor.sandbox.write("stderr", List.of(failure.message()));
                c.update(task, StatusChange.executor(TaskState.TASK_FAILED, "Container exited with status 125"));
            }
        }
    }

    private static void play(ClusterState c, SimTask task, TaskScript script) {
        c.update(task, StatusChange.executor(TaskState.TASK_STARTING));
        if (script.failToStart().isPresent()) {
            c.update(task, StatusChange.executor(TaskState.TASK_FAILED, script.failToStart().get())
                    .withReason(Reason.REASON_COMMAND_EXECUTOR_FAILED));
            return;
        }
        c.update(task, StatusChange.executor(TaskState.TASK_RUNNING));
        task.executor.sandbox.write("stdout", script.stdout());
        task.executor.sandbox.write("stderr", script.stderr());
        script.exit().ifPresent(exit -> task.step(c.timers.schedule(() -> exit(c, task, exit.code()),
                exit.after().toMillis(), TimeUnit.MILLISECONDS)));
        HealthChecker.start(c, task, script.health());
    }

    private static void exit(ClusterState c, SimTask task, int code) {
        synchronized (c) {
            if (task.terminal() || task.state() == TaskState.TASK_UNREACHABLE) {
                return;
            }
            String who = docker(task) ? "Container" : "Command";
            c.update(task, StatusChange.executor(code == 0 ? TaskState.TASK_FINISHED : TaskState.TASK_FAILED,
                    who + " exited with status " + code));
        }
    }

    /** KILL: KILLING (when the framework understands it), then KILLED. Unknown tasks are reconciled instead. */
    static void kill(ClusterState c, SimFramework f, Call.Kill kill) {
        Optional<SimTask> found = c.task(f.id, kill.getTaskId().getValue());
        if (found.isEmpty()) {
            // As the master: killing a task it does not know is answered by reconciling that task.
            Call.Reconcile.Task.Builder asked = Call.Reconcile.Task.newBuilder().setTaskId(kill.getTaskId());
            if (kill.hasAgentId()) {
                asked.setAgentId(kill.getAgentId());
            }
            Reconciliation.answer(c, f, Call.Reconcile.newBuilder().addTasks(asked).build());
            return;
        }
        killed(c, found.get(), Optional.empty());
    }

    /** The executor kills the task, as asked or because its health check failed ({@code healthy} false then). */
    static void killed(ClusterState c, SimTask task, Optional<Boolean> healthy) {
        if (task.terminal()) {
            return;
        }
        task.stopScript();
        SimFramework f = c.framework(task.frameworkId).orElseThrow();
        if (f.hasCapability(Capability.Type.TASK_KILLING_STATE)) {
            c.update(task, StatusChange.executor(TaskState.TASK_KILLING));
        }
        StatusChange done = StatusChange.executor(TaskState.TASK_KILLED, docker(task)
                ? "Container exited with status 143" : "Command terminated with signal Terminated");
        c.update(task, healthy.map(done::withHealthy).orElse(done));
        LOG.debug("Task {} killed", task.id());
    }
}
