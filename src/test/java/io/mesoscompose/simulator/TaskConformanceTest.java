package io.mesoscompose.simulator;

import static io.mesoscompose.simulator.WireHarness.OFFERED;
import static io.mesoscompose.simulator.WireHarness.scalar;
import static io.mesoscompose.simulator.WireHarness.task;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.ContainerInfo;
import org.apache.mesos.v1.Protos.DurationInfo;
import org.apache.mesos.v1.Protos.Environment;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.HealthCheck;
import org.apache.mesos.v1.Protos.Image;
import org.apache.mesos.v1.Protos.KillPolicy;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Parameter;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.TaskStatus.Reason;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.Protos.Volume;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A LAUNCH's tasks, as the {@code task} namespace of src/master/validation.cpp (with src/common/validation.cpp
 * and src/v1/resources.cpp) checks them: a refused task gets TASK_ERROR, REASON_TASK_INVALID, from the master,
 * with the validator's message word for word.
 */
class TaskConformanceTest {

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

    /** Launches the task and asserts the master's TASK_ERROR with this message; nothing runs. */
    void refused(TaskInfo task, String message) throws Exception {
        int before = h.master.tasks().size();
        TaskStatus s = h.launch(offer, task);
        assertThat(s.getState()).as(s.getMessage()).isEqualTo(TaskState.TASK_ERROR);
        assertThat(s.getReason()).isEqualTo(Reason.REASON_TASK_INVALID);
        assertThat(s.getSource()).isEqualTo(TaskStatus.Source.SOURCE_MASTER);
        assertThat(s.getMessage()).isEqualTo(message);
        assertThat(h.master.tasks()).hasSize(before);
    }

    void launched(TaskInfo task) throws Exception {
        TaskStatus s = h.launch(offer, task);
        assertThat(s.getState()).as(s.getMessage()).isEqualTo(TaskState.TASK_STARTING);
    }

    TaskInfo.Builder withId(String id) {
        return task("x", offer).setTaskId(TaskID.newBuilder().setValue(id));
    }

    // Mesos: src/common/validation.cpp, validateID (via task::internal::validateTaskID)
    @Test
    void anEmptyTaskIdIsRefused() throws Exception {
        TaskStatus s = h.launch(offer, withId("").build());
        assertThat(s.getState()).isEqualTo(TaskState.TASK_ERROR);
        assertThat(s.getMessage()).isEqualTo("ID must not be empty");
    }

    // Mesos: src/common/validation.cpp, validateID (NAME_MAX)
    @Test
    void aTaskIdLongerThan255CharactersIsRefused() throws Exception {
        refused(withId("a".repeat(256)).build(), "ID must not be greater than 255 characters");
    }

    // Mesos: src/common/validation.cpp, validateID ('/' and '\' are path separators)
    @Test
    void aTaskIdWithASlashIsRefused() throws Exception {
        refused(withId("web/1").build(), "'web/1' contains invalid characters");
    }

    // Mesos: src/common/validation.cpp, validateID
    @Test
    void aTaskIdWithABackslashOrAControlCharacterIsRefused() throws Exception {
        refused(withId("web\\1").build(), "'web\\1' contains invalid characters");
        offer = h.offer();
        refused(withId("web\t1").build(), "'web\t1' contains invalid characters");
    }

    // Mesos: src/common/validation.cpp, validateID
    @Test
    void dotAndDotDotAreNotTaskIds() throws Exception {
        refused(withId("..").build(), "'..' is disallowed");
    }

    // Mesos: src/master/validation.cpp, task::internal::validateUniqueTaskID
    @Test
    void aTaskIdInUseIsRefused() throws Exception {
        launched(task("web", offer).build());
        h.updatesUntil("web", s -> s.getState() == TaskState.TASK_RUNNING);
        offer = h.offer();
        refused(task("web", offer).build(), "Task has duplicate ID: web");
    }

    // Mesos: src/master/validation.cpp, task::internal::validateSlaveID
    @Test
    void aTaskForAnotherAgentIsRefused() throws Exception {
        refused(task("t", offer).setAgentId(AgentID.newBuilder().setValue("elsewhere"))
                .build(), "Task uses invalid agent elsewhere while agent agent-1 is expected");
    }

    // Mesos: src/master/validation.cpp, task::internal::validateExecutor
    @Test
    void aTaskWithNeitherCommandNorExecutorIsRefused() throws Exception {
        refused(task("t", offer).clearCommand().build(),
                "Task should have at least one (but not both) of CommandInfo or ExecutorInfo present");
    }

    // Mesos: src/master/validation.cpp, task::internal::validateExecutor
    @Test
    void aTaskWithBothCommandAndExecutorIsRefused() throws Exception {
        refused(task("t", offer).setExecutor(ExecutorInfo.newBuilder()
                .setExecutorId(ExecutorID.newBuilder().setValue("e"))
                .setCommand(CommandInfo.newBuilder().setValue("./executor"))).build(),
                "Task should have at least one (but not both) of CommandInfo or ExecutorInfo present");
    }

    // Mesos: src/master/validation.cpp, task::internal::validateResources ("Task uses no resources")
    @Test
    void aTaskWithoutResourcesIsRefused() throws Exception {
        refused(task("t", offer).clearResources().build(), "Task uses no resources");
    }

    // Mesos: src/master/validation.cpp, resource::validateAllocatedToSingleRole
    @Test
    void aTaskAllocatedToTwoRolesIsRefused() throws Exception {
        Resource other = scalar("mem", 32).toBuilder()
                .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole("other")).build();
        refused(task("t", offer).clearResources().addResources(scalar("cpus", 0.1)).addResources(other).build(),
                "Invalid task resources: The resources have multiple allocation roles ('other' and '*') but only one "
                        + "allocation role is allowed");
    }

    // Mesos: src/v1/resources.cpp, Resources::validate ("Invalid scalar resource: value < 0")
    @Test
    void aNegativeResourceIsRefusedForTheWholeOperation() throws Exception {
        refused(task("t", offer).addResources(scalar("disk", -1)).build(),
                "Resource 'disk(allocated: *):-1' is invalid: Invalid scalar resource: value < 0");
    }

    // Mesos: src/master/validation.cpp, task::internal::validateExecutor (offered.contains(total))
    @Test
    void moreThanTheOfferHoldsIsRefusedNamingBoth() throws Exception {
        refused(task("t", offer).clearResources().addResources(scalar("cpus", 3)).build(),
                "Total resources cpus(allocated: *):3 required by task and its executor is more than available "
                        + OFFERED);
    }

    // Mesos: src/v1/values.cpp, convertToFixed: scalars compare with three decimals
    @Test
    void resourcesCompareInFixedPointWithThreeDecimals() throws Exception {
        launched(task("fits", offer).clearResources().addResources(scalar("cpus", 2.0004)).build());
        offer = h.offer(); // nothing of cpus is left: the next offer has none
        assertThat(offer.getResourcesList()).extracting(Resource::getName).doesNotContain("cpus");
        h.kill("fits");
        h.updatesUntil("fits", s -> s.getState() == TaskState.TASK_KILLED);
        offer = h.await(e -> e.getType() == Event.Type.OFFERS && e.getOffers().getOffers(0)
                .getResourcesList().stream().anyMatch(r -> r.getName().equals("cpus"))).getOffers().getOffers(0);
        // the cpus come back in an offer of their own (the other resources are still in the earlier offer)
        refused(task("over", offer).clearResources().addResources(scalar("cpus", 2.0006)).build(),
                "Total resources cpus(allocated: *):2.001 required by task and its executor is more than available "
                        + "cpus(allocated: *):2");
    }

    // Mesos: src/common/validation.cpp, validateGpus ("must be an unsigned integer")
    @Test
    void fractionalGpusAreRefused() throws Exception {
        h.close();
        FrameworkInfo gpu = TestScheduler.framework("gpu").toBuilder().addCapabilities(FrameworkInfo.Capability
                .newBuilder().setType(FrameworkInfo.Capability.Type.GPU_RESOURCES)).build();
        h = WireHarness.start(WireHarness.config().agents(List.of(WireHarness.AGENT.withGpus(2))), gpu);
        offer = h.offer();
        refused(task("t", offer).addResources(scalar("gpus", 0.5)).build(),
                "Task uses invalid resources: Invalid 'gpus' resource: The 'gpus' resource must be an unsigned integer");
    }

    // Mesos: src/v1/resources.cpp, internal::subtractable: a MOUNT disk is taken whole or not at all
    @Test
    void partOfAMountDiskIsNotAvailable() throws Exception {
        h.close();
        Resource mount = Resource.newBuilder().setName("disk").setType(Value.Type.SCALAR)
                .setScalar(Value.Scalar.newBuilder().setValue(1000))
                .setDisk(Resource.DiskInfo.newBuilder().setSource(Resource.DiskInfo.Source.newBuilder()
                        .setType(Resource.DiskInfo.Source.Type.MOUNT)
                        .setMount(Resource.DiskInfo.Source.Mount.newBuilder().setRoot("/mnt/disk1")))).build();
        h = WireHarness.start(WireHarness.config().agents(List.of(WireHarness.AGENT.withExtraResources(List.of(mount)))),
                TestScheduler.framework("disks"));
        offer = h.offer();
        Resource offered = offer.getResourcesList().stream().filter(Resource::hasDisk).findFirst().orElseThrow();
        Resource half = offered.toBuilder().setScalar(Value.Scalar.newBuilder().setValue(500)).build();
        refused(task("half", offer).addResources(half).build(), "Total resources cpus(allocated: *):0.1; "
                + "mem(allocated: *):32; disk(allocated: *)[MOUNT:/mnt/disk1]:500 required by task and its executor is "
                + "more than available " + OFFERED + "; disk(allocated: *)[MOUNT:/mnt/disk1]:1000");
        offer = h.offer();
        launched(task("whole", offer).addResources(offered).build());
    }

    // Mesos: src/common/validation.cpp, validateEnvironment (a VALUE variable needs a value)
    @Test
    void anEnvironmentVariableWithoutValueIsRefused() throws Exception {
        TaskInfo.Builder t = task("t", offer);
        t.getCommandBuilder().setEnvironment(Environment.newBuilder().addVariables(
                Environment.Variable.newBuilder().setName("DB_HOST")));
        refused(t.build(), "Task's `CommandInfo` is invalid: Environment variable 'DB_HOST' of type 'VALUE' must have "
                + "a value set");
    }

    // Mesos: src/master/validation.cpp, task::internal::validateKillPolicy
    @Test
    void aNegativeKillGracePeriodIsRefused() throws Exception {
        refused(task("t", offer).setKillPolicy(KillPolicy.newBuilder()
                .setGracePeriod(DurationInfo.newBuilder().setNanoseconds(-1))).build(),
                "Task's 'kill_policy.grace_period' must be non-negative");
    }

    static HealthCheck.Builder tcp() {
        return HealthCheck.newBuilder().setType(HealthCheck.Type.TCP)
                .setTcp(HealthCheck.TCPCheckInfo.newBuilder().setPort(8080));
    }

    // Mesos: src/common/validation.cpp, validateHealthCheck ("HealthCheck must specify 'type'")
    @Test
    void aHealthCheckWithoutTypeIsRefused() throws Exception {
        // with only a command or only http set, the master infers the type (Master::accept); with neither it cannot
        refused(task("t", offer).setHealthCheck(HealthCheck.newBuilder().setIntervalSeconds(5)).build(),
                "Task uses invalid health check: HealthCheck must specify 'type'");
    }

    // Mesos: src/master/master.cpp, Master::accept: a health check's type is inferred from its command
    @Test
    void aHealthCheckWithOnlyACommandGetsItsTypeInferred() throws Exception {
        launched(task("t", offer).setHealthCheck(HealthCheck.newBuilder()
                .setCommand(CommandInfo.newBuilder().setValue("true"))).build());
    }

    // Mesos: src/common/validation.cpp, validateHealthCheck ("Command health check must contain ...")
    @Test
    void aCommandHealthCheckWithoutValueIsRefused() throws Exception {
        refused(task("t", offer).setHealthCheck(HealthCheck.newBuilder().setType(HealthCheck.Type.COMMAND)
                .setCommand(CommandInfo.newBuilder().setShell(false).addArguments("curl"))).build(),
                "Task uses invalid health check: Command health check must contain 'executable path'");
    }

    // Mesos: src/common/validation.cpp, validateHealthCheck ("Unsupported HTTP health check scheme")
    @Test
    void anHttpHealthCheckSchemeOtherThanHttpOrHttpsIsRefused() throws Exception {
        refused(task("t", offer).setHealthCheck(HealthCheck.newBuilder().setType(HealthCheck.Type.HTTP)
                .setHttp(HealthCheck.HTTPCheckInfo.newBuilder().setPort(80).setScheme("HTTP"))).build(),
                "Task uses invalid health check: Unsupported HTTP health check scheme: 'HTTP'");
    }

    // Mesos: src/common/validation.cpp, validateHealthCheck (path must start with '/')
    @Test
    void anHttpHealthCheckPathNotStartingWithSlashIsRefused() throws Exception {
        refused(task("t", offer).setHealthCheck(HealthCheck.newBuilder().setType(HealthCheck.Type.HTTP)
                .setHttp(HealthCheck.HTTPCheckInfo.newBuilder().setPort(80).setPath("health"))).build(),
                "Task uses invalid health check: The path 'health' of HTTP health check must start with '/'");
    }

    // Mesos: src/common/validation.cpp, validateHealthCheck ("Expecting 'tcp' to be set for TCP health check")
    @Test
    void aTcpHealthCheckWithoutTcpIsRefused() throws Exception {
        refused(task("t", offer).setHealthCheck(HealthCheck.newBuilder().setType(HealthCheck.Type.TCP)).build(),
                "Task uses invalid health check: Expecting 'tcp' to be set for TCP health check");
    }

    // Mesos: src/common/validation.cpp, validateHealthCheck (timings non-negative)
    @Test
    void negativeHealthCheckTimingsAreRefused() throws Exception {
        refused(task("t", offer).setHealthCheck(tcp().setIntervalSeconds(-1)).build(),
                "Task uses invalid health check: Expecting 'interval_seconds' to be non-negative");
        offer = h.offer();
        refused(task("t", offer).setHealthCheck(tcp().setGracePeriodSeconds(-1)).build(),
                "Task uses invalid health check: Expecting 'grace_period_seconds' to be non-negative");
    }

    // Mesos: src/common/validation.cpp, validateContainerInfo (DOCKER needs DockerInfo)
    @Test
    void aDockerContainerWithoutDockerInfoIsRefused() throws Exception {
        refused(task("t", offer).setContainer(ContainerInfo.newBuilder().setType(ContainerInfo.Type.DOCKER)).build(),
                "Task's `ContainerInfo` is invalid: DockerInfo 'docker' is not set for DOCKER typed ContainerInfo");
    }

    // Mesos: src/common/validation.cpp, validateContainerInfo (MESOS-8497: no 'name' parameter)
    @Test
    void aDockerNameParameterIsRefused() throws Exception {
        refused(task("t", offer).setContainer(ContainerInfo.newBuilder().setType(ContainerInfo.Type.DOCKER)
                .setDocker(ContainerInfo.DockerInfo.newBuilder().setImage("nginx")
                        .addParameters(Parameter.newBuilder().setKey("name").setValue("web")))).build(),
                "Task's `ContainerInfo` is invalid: Parameter in DockerInfo must not be 'name'");
    }

    // Mesos: src/common/validation.cpp, validateVolume (one of host_path, image, source)
    @Test
    void aVolumeWithTwoSourcesIsRefused() throws Exception {
        refused(task("t", offer).setContainer(ContainerInfo.newBuilder().setType(ContainerInfo.Type.MESOS)
                .addVolumes(Volume.newBuilder().setContainerPath("/data").setMode(Volume.Mode.RW).setHostPath("/srv")
                        .setImage(Image.newBuilder().setType(Image.Type.DOCKER)
                                .setDocker(Image.Docker.newBuilder().setName("busybox"))))).build(),
                "Task's `ContainerInfo` is invalid: Invalid volume: Only one of them should be set: 'host_path', "
                        + "'image' and 'source'");
    }

    static ExecutorInfo.Builder executor() {
        return ExecutorInfo.newBuilder().setExecutorId(ExecutorID.newBuilder().setValue("exec-1"))
                .setCommand(CommandInfo.newBuilder().setValue("./my-executor"))
                .addResources(scalar("cpus", 0.1)).addResources(scalar("mem", 32));
    }

    // Mesos: src/master/validation.cpp, task::internal::validateExecutor ("'ExecutorInfo.type' must be 'CUSTOM'")
    @Test
    void aLaunchedTasksExecutorMustBeCustom() throws Exception {
        refused(task("t", offer).clearCommand().setExecutor(executor().setType(ExecutorInfo.Type.DEFAULT)
                .clearCommand()).build(), "'ExecutorInfo.type' must be 'CUSTOM'");
    }

    // Mesos: src/master/validation.cpp, task::internal::validateExecutor ("'ExecutorInfo.command' must be set")
    @Test
    void aLaunchedTasksExecutorNeedsACommand() throws Exception {
        refused(task("t", offer).clearCommand().setExecutor(executor().clearCommand()).build(),
                "'ExecutorInfo.command' must be set");
    }

    // Mesos: src/master/validation.cpp, executor::internal::validateType (CUSTOM needs a command)
    @Test
    void aCustomExecutorWithoutCommandIsRefused() throws Exception {
        refused(task("t", offer).clearCommand().setExecutor(executor().setType(ExecutorInfo.Type.CUSTOM)
                .clearCommand()).build(), "'ExecutorInfo.command' must be set for 'CUSTOM' executor");
    }

    // Mesos: src/master/master.cpp, Master::accept fills in ExecutorInfo.framework_id for LAUNCH
    @Test
    void aCustomExecutorRunsAndTakesItsResourcesToo() throws Exception {
        launched(task("t", offer).clearCommand().setExecutor(executor()).build());
        Offer next = h.offer();
        double cpus = next.getResourcesList().stream().filter(r -> r.getName().equals("cpus")).findFirst()
                .orElseThrow().getScalar().getValue();
        assertThat(cpus).isEqualTo(1.8);
    }

    // Mesos: src/master/allocator/mesos/hierarchical.cpp, isCapableOfReceivingAgent (MESOS-5634)
    @Test
    void aGpuAgentIsOfferedOnlyToFrameworksDeclaringGpuResources() throws Exception {
        h.close();
        SimAgent gpuAgent = new SimAgent("gpu-agent", "gpu.sim.local", 2, 1024, 2000, 33000, 33009, "*", Map.of())
                .withGpus(1);
        h = WireHarness.start(WireHarness.config().agents(List.of(WireHarness.AGENT, gpuAgent)),
                TestScheduler.framework("no-gpus"));
        for (int i = 0; i < 5; i++) {
            Offer o = h.offer();
            assertThat(o.getAgentId().getValue()).isEqualTo("agent-1");
            h.scheduler.call(Call.newBuilder().setType(Call.Type.DECLINE)
                    .setDecline(Call.Decline.newBuilder().addOfferIds(o.getId())).build());
        }
        TestScheduler gpus = new TestScheduler(h.master.url()).subscribe(TestScheduler.framework("gpus").toBuilder()
                .addCapabilities(FrameworkInfo.Capability.newBuilder()
                        .setType(FrameworkInfo.Capability.Type.GPU_RESOURCES)).build());
        try {
            Offer o = gpus.await(e -> e.getType() == Event.Type.OFFERS
                    && e.getOffers().getOffers(0).getAgentId().getValue().equals("gpu-agent")).getOffers().getOffers(0);
            assertThat(o.getResourcesList()).extracting(Resource::getName).contains("gpus");
        } finally {
            gpus.close();
        }
    }

    @Test
    void theOfferHoldsWhatTheAgentHasAllocatedToTheFrameworksRole() {
        assertThat(offer.getResourcesList().stream().map(r -> r.getName() + ":" + r.getAllocationInfo().getRole()))
                .containsExactly("cpus:*", "mem:*", "disk:*", "ports:*");
        assertThat(offer.getHostname()).isEqualTo("agent1.sim.local");
    }
}
