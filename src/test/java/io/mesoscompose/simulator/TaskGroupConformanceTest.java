package io.mesoscompose.simulator;

import static io.mesoscompose.simulator.WireHarness.accept;
import static io.mesoscompose.simulator.WireHarness.scalar;
import static io.mesoscompose.simulator.WireHarness.task;
import static org.assertj.core.api.Assertions.assertThat;

import org.apache.mesos.v1.Protos.ContainerInfo;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskGroupInfo;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.TaskStatus.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * LAUNCH_GROUP, as the {@code task::group} namespace of src/master/validation.cpp checks it: the group is refused
 * as a whole, every task with TASK_ERROR and REASON_TASK_GROUP_INVALID.
 */
class TaskGroupConformanceTest {

    WireHarness h;
    Offer offer;

    @BeforeEach
    void start() throws Exception {
        h = WireHarness.start();
        offer = h.offer();
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    ExecutorInfo.Builder executor() {
        return ExecutorInfo.newBuilder().setType(ExecutorInfo.Type.DEFAULT)
                .setExecutorId(ExecutorID.newBuilder().setValue("group-executor"))
                .setFrameworkId(offer.getFrameworkId())
                .addResources(scalar("cpus", 0.1)).addResources(scalar("mem", 32)).addResources(scalar("disk", 10));
    }

    Offer.Operation group(ExecutorInfo.Builder executor, TaskInfo... tasks) {
        return Offer.Operation.newBuilder().setType(Offer.Operation.Type.LAUNCH_GROUP)
                .setLaunchGroup(Offer.Operation.LaunchGroup.newBuilder().setExecutor(executor)
                        .setTaskGroup(TaskGroupInfo.newBuilder().addAllTasks(java.util.List.of(tasks)))).build();
    }

    void refused(Offer.Operation op, String message) throws Exception {
        h.scheduler.call(accept(offer, op));
        for (TaskInfo t : op.getLaunchGroup().getTaskGroup().getTasksList()) {
            TaskStatus s = h.update(t.getTaskId().getValue());
            assertThat(s.getState()).isEqualTo(TaskState.TASK_ERROR);
            assertThat(s.getReason()).isEqualTo(Reason.REASON_TASK_GROUP_INVALID);
            assertThat(s.getMessage()).isEqualTo(message);
        }
        assertThat(h.master.tasks()).isEmpty();
    }

    // Mesos: src/master/validation.cpp, task::group::internal::validateExecutor ("'ExecutorInfo.type' must be set")
    @Test
    void aGroupExecutorWithoutTypeRefusesTheGroup() throws Exception {
        refused(group(executor().clearType(), task("a", offer).build(), task("b", offer).build()),
                "'ExecutorInfo.type' must be set");
    }

    // Mesos: src/master/validation.cpp, task::group::internal::validateTask (no Docker on the task)
    @Test
    void aDockerTaskInAGroupIsRefused() throws Exception {
        TaskInfo docker = task("a", offer).setContainer(ContainerInfo.newBuilder().setType(ContainerInfo.Type.DOCKER)
                .setDocker(ContainerInfo.DockerInfo.newBuilder().setImage("nginx"))).build();
        refused(group(executor(), docker, task("b", offer).build()),
                "Task 'a' is invalid: Docker ContainerInfo is not supported on the task");
    }

    // Mesos: src/master/validation.cpp, executor::internal::validateType (DEFAULT: MESOS container only)
    @Test
    void aDockerGroupExecutorIsRefused() throws Exception {
        refused(group(executor().setContainer(ContainerInfo.newBuilder().setType(ContainerInfo.Type.DOCKER)
                        .setDocker(ContainerInfo.DockerInfo.newBuilder().setImage("nginx"))), task("a", offer).build()),
                "'ExecutorInfo.container.type' must be 'MESOS' for 'DEFAULT' executor");
    }

    // Mesos: src/master/validation.cpp, task::group::internal::validateExecutor (MIN_CPUS, MIN_MEM, disk)
    @Test
    void aGroupExecutorWithoutResourcesIsRefused() throws Exception {
        refused(group(executor().clearResources(), task("a", offer).build()),
                "Executor 'group-executor' uses less CPUs (None) than the minimum required (0.01)");
        offer = h.offer();
        refused(group(executor().clearResources().addResources(scalar("cpus", 0.1)).addResources(scalar("mem", 16)),
                task("b", offer).build()),
                "Executor 'group-executor' uses less memory (16MB) than the minimum required (32MB)");
        offer = h.offer();
        refused(group(executor().clearResources().addResources(scalar("cpus", 0.1)).addResources(scalar("mem", 32)),
                task("c", offer).build()), "Executor 'group-executor' uses no disk");
    }

    // Mesos: src/master/validation.cpp, task::group::internal::validateExecutor (total contained in the offer)
    @Test
    void aGroupLargerThanTheOfferIsRefused() throws Exception {
        refused(group(executor(), task("a", offer).clearResources().addResources(scalar("cpus", 2)).build()),
                "Total resources cpus(allocated: *):2.1; mem(allocated: *):32; disk(allocated: *):10 required by task "
                        + "group and its executor are more than available " + WireHarness.OFFERED);
    }

    @Test
    void aValidGroupRunsEveryTask() throws Exception {
        h.scheduler.call(accept(offer, group(executor(), task("a", offer).build(), task("b", offer).build())));
        h.updatesUntil("a", s -> s.getState() == TaskState.TASK_RUNNING);
        h.updatesUntil("b", s -> s.getState() == TaskState.TASK_RUNNING);
        assertThat(h.master.runningTasks()).extracting(TaskView::id).containsExactlyInAnyOrder("a", "b");
    }
}
