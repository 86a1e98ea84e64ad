package io.mesoscompose.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import io.mesoscompose.config.FrameworkConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.FrameworkInfo.Capability;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskGroupInfo;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.apache.mesos.v1.scheduler.Protos.AttributeConstraint;
import org.junit.jupiter.api.Test;

/** The client's pure parts: backoff, master addresses, FrameworkInfo, call encoding, event decoding. */
class ClientPartsTest {

    @Test
    void backoffDoublesWithJitterUpToTheCapAndResets() {
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), new SplittableRandom(7));
        long[] ceilings = {1000, 2000, 4000, 8000, 16000, 30000, 30000, 30000};
        for (long ceiling : ceilings) {
            assertThat(backoff.next().toMillis()).isBetween(ceiling / 2, ceiling);
        }
        backoff.reset();
        assertThat(backoff.next().toMillis()).isBetween(500L, 1000L);
        assertThatThrownBy(() -> new Backoff(Duration.ZERO, Duration.ofSeconds(1), new SplittableRandom()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void masterSpecsBecomeBaseUrls() {
        assertThat(((StaticMasters) MasterDetector.fromSpec("127.0.0.1:5050", false)).urls())
                .containsExactly(URI.create("http://127.0.0.1:5050"));
        assertThat(((StaticMasters) MasterDetector.fromSpec(" m1:5050, https://m2:5443/ ,m3", true)).urls())
                .containsExactly(URI.create("https://m1:5050"), URI.create("https://m2:5443"),
                        URI.create("https://m3:5050"));
        assertThat(((StaticMasters) MasterDetector.fromSpec("http://[::1]:5050", false)).urls())
                .containsExactly(URI.create("http://[::1]:5050"));
        assertThatThrownBy(() -> MasterDetector.fromSpec("ftp://m1:21", false))
                .hasMessageContaining("not a Mesos master address");
        assertThatThrownBy(() -> MasterDetector.fromSpec(" ", false)).hasMessageContaining("no Mesos master");
    }

    @Test
    void frameworkInfoFromTheFrameworkConfiguration() {
        FrameworkConfig config = FrameworkConfig.fromEnvironment(Map.of("FRAMEWORK_NAME", "mc", "FRAMEWORK_ROLE",
                "web", "MESOS_USERNAME", "p", "MESOS_PASSWORD", "pw", "FRAMEWORK_HOSTNAME", "sched.local",
                "FRAMEWORK_FAILOVER_TIMEOUT", "1h", "SKIP_SSL", "true"));
        ClientConfig client = ClientConfig.from(config.mesos(), "http://sched.local:10000",
                config.tasks().gpuAllocation());
        FrameworkInfo info = client.frameworkInfo(Optional.of(FrameworkID.newBuilder().setValue("fw").build()));
        assertThat(info.getName()).isEqualTo("mc");
        assertThat(info.getUser()).isEqualTo("root");
        assertThat(info.getRolesList()).containsExactly("web");
        assertThat(info.hasRole()).isFalse();
        assertThat(info.getPrincipal()).isEqualTo("p");
        assertThat(info.getFailoverTimeout()).isEqualTo(3600.0);
        assertThat(info.getCheckpoint()).isTrue();
        assertThat(info.getWebuiUrl()).isEqualTo("http://sched.local:10000");
        assertThat(info.getHostname()).isEqualTo("sched.local");
        assertThat(info.getId().getValue()).isEqualTo("fw");
        assertThat(info.getCapabilitiesList()).extracting(Capability::getType).containsExactlyInAnyOrder(
                Capability.Type.MULTI_ROLE, Capability.Type.PARTITION_AWARE, Capability.Type.TASK_KILLING_STATE,
                Capability.Type.GPU_RESOURCES);
        assertThat(client.tls().insecure()).isTrue();
        assertThat(client.secret().orElseThrow().toString()).isEqualTo("****");
        assertThat(Calls.subscribe(info).getFrameworkId().getValue()).isEqualTo("fw");
    }

    // Apache Mesos src/master/allocator/mesos/hierarchical.cpp, isCapableOfReceivingAgent: with the master's default
    // --filter_gpu_resources, an agent with GPUs is offered only to frameworks that declare GPU_RESOURCES.
    @Test
    void gpuResourcesIsDeclaredExactlyWhenGpuAllocationIsOn() {
        FrameworkConfig on = FrameworkConfig.fromEnvironment(Map.of());
        FrameworkConfig off = FrameworkConfig.fromEnvironment(Map.of("ENABLE_GPU_ALLOCATION", "false"));
        assertThat(on.tasks().gpuAllocation()).isTrue();
        assertThat(capabilities(on)).contains(Capability.Type.GPU_RESOURCES);
        assertThat(capabilities(off)).doesNotContain(Capability.Type.GPU_RESOURCES)
                .contains(Capability.Type.PARTITION_AWARE);
    }

    @Test
    void mesosPrincipalNamesTheFrameworkWhileTheMasterUserStillAuthenticates() {
        FrameworkConfig config = FrameworkConfig.fromEnvironment(Map.of("MESOS_USERNAME", "auth-user",
                "MESOS_PASSWORD", "pw", "MESOS_PRINCIPAL", "mc-principal"));
        ClientConfig client = ClientConfig.from(config.mesos(), "http://x:10000", true);
        assertThat(client.frameworkInfo(Optional.empty()).getPrincipal()).isEqualTo("mc-principal");
        assertThat(client.principal()).as("basic auth").hasValue("auth-user");
    }

    // The Go project's HOST_CONSTRAINT_LIST (mesos/mesos.go Subscribe): SUBSCRIBE carries offer constraints, one group
    // per host name (groups are alternatives), each a HOSTNAME pseudo-attribute equal to the name. Apache Mesos
    // src/master/allocator/mesos/offer_constraints_filter.cpp evaluates them per role.
    @Test
    void hostConstraintListBecomesOfferConstraintsOnSubscribe() {
        FrameworkConfig config = FrameworkConfig.fromEnvironment(Map.of("FRAMEWORK_ROLE", "web",
                "HOST_CONSTRAINT_LIST", "a1.example,a2.example"));
        ClientConfig client = ClientConfig.from(config.mesos(), "http://x:10000", true);
        var constraints = Calls.subscribe(client.frameworkInfo(Optional.empty()), client.offerConstraints())
                .getSubscribe().getOfferConstraints();
        var groups = constraints.getRoleConstraintsOrThrow("web").getGroupsList();
        assertThat(groups).extracting(g -> g.getAttributeConstraints(0).getPredicate().getTextEquals().getValue())
                .containsExactly("a1.example", "a2.example");
        assertThat(groups).allSatisfy(g -> assertThat(g.getAttributeConstraints(0).getSelector().getPseudoattributeType())
                .isEqualTo(AttributeConstraint.Selector.PseudoattributeType.HOSTNAME));
        ClientConfig every = ClientConfig.from(FrameworkConfig.fromEnvironment(Map.of()).mesos(), "http://x:10000", true);
        assertThat(Calls.subscribe(every.frameworkInfo(Optional.empty()), every.offerConstraints()).getSubscribe()
                .hasOfferConstraints()).isFalse();
    }

    private static List<Capability.Type> capabilities(FrameworkConfig config) {
        return ClientConfig.from(config.mesos(), "http://x:10000", config.tasks().gpuAllocation())
                .frameworkInfo(Optional.empty()).getCapabilitiesList().stream().map(Capability::getType).toList();
    }

    @Test
    void acceptCarriesManyOffersAndOperations() {
        OfferID o1 = OfferID.newBuilder().setValue("o1").build();
        OfferID o2 = OfferID.newBuilder().setValue("o2").build();
        TaskInfo task = TaskInfo.newBuilder().setName("t").setTaskId(TaskID.newBuilder().setValue("t"))
                .setAgentId(AgentID.newBuilder().setValue("a")).build();
        Offer.Operation launch = Offer.Operation.newBuilder().setType(Offer.Operation.Type.LAUNCH)
                .setLaunch(Offer.Operation.Launch.newBuilder().addTaskInfos(task)).build();
        Offer.Operation group = Offer.Operation.newBuilder().setType(Offer.Operation.Type.LAUNCH_GROUP)
                .setLaunchGroup(Offer.Operation.LaunchGroup.newBuilder()
                        .setExecutor(ExecutorInfo.newBuilder().setExecutorId(ExecutorID.newBuilder().setValue("e")))
                        .setTaskGroup(TaskGroupInfo.newBuilder().addTasks(task)))
                .build();
        Call accept = Calls.accept(List.of(o1, o2), List.of(launch, group),
                Filters.newBuilder().setRefuseSeconds(5).build());
        assertThat(accept.getType()).isEqualTo(Call.Type.ACCEPT);
        assertThat(accept.getAccept().getOfferIdsList()).containsExactly(o1, o2);
        assertThat(accept.getAccept().getOperationsList()).containsExactly(launch, group);
        assertThat(accept.getAccept().getFilters().getRefuseSeconds()).isEqualTo(5);
        assertThat(Calls.suppress(List.of("web")).getSuppress().getRolesList()).containsExactly("web");
        assertThat(Calls.reconcile(List.of()).getReconcile().getTasksCount()).isZero();
    }

    @Test
    void eventsDecodeToSchedulerEvents() {
        assertThat(EventDecoder.decode(Event.newBuilder().setType(Event.Type.FAILURE).setFailure(Event.Failure
                .newBuilder().setStatus(3)).build(), "m")).contains(
                new MesosEvent.Failure(Optional.empty(), Optional.empty(), Optional.of(3)));
        assertThat(EventDecoder.decode(Event.newBuilder().setType(Event.Type.ERROR)
                .setError(Event.Error.newBuilder().setMessage("gone")).build(), "m"))
                .contains(new MesosEvent.Error("gone"));
        assertThat(EventDecoder.decode(Event.newBuilder().setType(Event.Type.UNKNOWN).build(), "m")).isEmpty();
    }

    /**
     * An event decoded from a record refers to nothing of the record's array, which the reader fills with the next
     * record: protobuf copies a field from an array it is not told is immutable (it aliases only such a buffer, and
     * only when asked to: checked by decoding so, which fails here), and JSON is read from a string made of it.
     */
    @Test
    void anEventDecodedFromARecordOutlivesTheRecordsArray() throws Exception {
        Event update = Event.newBuilder().setType(Event.Type.UPDATE).setUpdate(Event.Update.newBuilder().setStatus(
                TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue("web_api.1"))
                        .setState(TaskState.TASK_RUNNING)
                        .setAgentId(AgentID.newBuilder().setValue("agent-1"))
                        .setUuid(ByteString.copyFrom(new byte[] {1, 2, 3, 4})))).build();
        for (WireFormat format : WireFormat.values()) {
            byte[] encoded = format == WireFormat.PROTOBUF ? update.toByteArray()
                    : JsonFormat.printer().print(update).getBytes(StandardCharsets.UTF_8);
            byte[] array = Arrays.copyOf(encoded, encoded.length + 16);
            Arrays.fill(array, encoded.length, array.length, (byte) '7'); // the rest of a longer record before
            Event decoded = format.decode(new RecordIO.Record(array, encoded.length));
            Arrays.fill(array, (byte) 0); // the next record read into the same array
            assertThat(decoded).as(format.name()).isEqualTo(update);
            assertThat(decoded.getUpdate().getStatus().getUuid().toByteArray()).containsExactly(1, 2, 3, 4);
        }
    }
}
