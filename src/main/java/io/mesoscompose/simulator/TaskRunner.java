package io.mesoscompose.simulator;

import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.FrameworkInfo.Capability;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus.Reason;
import org.apache.mesos.v1.Protos.TaskStatus.Source;
import org.apache.mesos.v1.scheduler.Protos.Call;

/** Plays a task's {@link TaskScript}: the updates an agent and executor would send. Called under the cluster lock. */
final class TaskRunner {

    private TaskRunner() {}

    static void start(ClusterState c, SimTask task) {
        TaskScript script = c.config.scriptFor().apply(task.info);
        c.update(task, TaskState.TASK_STARTING, Source.SOURCE_EXECUTOR, null, null);
        switch (script) {
            case TaskScript.FailToStart fail ->
                    c.update(task, TaskState.TASK_FAILED, Source.SOURCE_EXECUTOR, Reason.REASON_COMMAND_EXECUTOR_FAILED,
                            fail.message());
            case TaskScript.RunForever run -> c.update(task, TaskState.TASK_RUNNING, Source.SOURCE_EXECUTOR, null, null);
            case TaskScript.HealthChecks checks -> {
                c.update(task, TaskState.TASK_RUNNING, Source.SOURCE_EXECUTOR, null, null);
                healthCheck(c, task, checks, 0);
            }
            case TaskScript.ExitAfter exit -> {
                c.update(task, TaskState.TASK_RUNNING, Source.SOURCE_EXECUTOR, null, null);
                task.scriptStep = c.timers.schedule(() -> exit(c, task, exit.exitCode()),
                        exit.runFor().toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private static void healthCheck(ClusterState c, SimTask task, TaskScript.HealthChecks checks, int index) {
        if (index >= checks.results().size()) {
            return;
        }
        task.scriptStep = c.timers.schedule(() -> {
            synchronized (c) {
                if (task.state == TaskState.TASK_RUNNING) {
                    c.update(task, TaskState.TASK_RUNNING, Source.SOURCE_EXECUTOR, null, null,
                            checks.results().get(index));
                    healthCheck(c, task, checks, index + 1);
                }
            }
        }, checks.interval().toMillis(), TimeUnit.MILLISECONDS);
    }

    private static void exit(ClusterState c, SimTask task, int exitCode) {
        synchronized (c) {
            if (task.terminal() || task.state == TaskState.TASK_UNREACHABLE) {
                return;
            }
            if (exitCode == 0) {
                c.update(task, TaskState.TASK_FINISHED, Source.SOURCE_EXECUTOR, null, "Command exited with status 0");
            } else {
                c.update(task, TaskState.TASK_FAILED, Source.SOURCE_EXECUTOR, Reason.REASON_COMMAND_EXECUTOR_FAILED,
                        "Command exited with status " + exitCode);
            }
        }
    }

    /** KILL: KILLING (when the framework understands it), then KILLED. Unknown tasks are reconciled instead. */
    static void kill(ClusterState c, SimFramework f, Call.Kill kill) {
        SimTask task = c.tasks.get(kill.getTaskId().getValue());
        if (task == null || !task.frameworkId.equals(f.id)) {
            // As the master: killing a task it does not know is answered by reconciling that task.
            Call.Reconcile.Task.Builder asked = Call.Reconcile.Task.newBuilder().setTaskId(kill.getTaskId());
            if (kill.hasAgentId()) {
                asked.setAgentId(kill.getAgentId());
            }
            Reconciliation.answer(c, f, Call.Reconcile.newBuilder().addTasks(asked).build());
            return;
        }
        if (task.terminal()) {
            return;
        }
        if (f.hasCapability(Capability.Type.TASK_KILLING_STATE)) {
            c.update(task, TaskState.TASK_KILLING, Source.SOURCE_EXECUTOR, null, null);
        }
        c.update(task, TaskState.TASK_KILLED, Source.SOURCE_EXECUTOR, null, "Command terminated with signal Terminated");
    }
}
