package io.mesoscompose.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mesoscompose.config.Secret;
import io.mesoscompose.simulator.MesosMasterSimulator;
import io.mesoscompose.simulator.SimulatorConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client against the in-process Mesos master simulator: every call, failover, stream drops, ERROR. */
class MesosClientSimulatorTest {

    static final ClientConfig.Timing FAST = new ClientConfig.Timing(Duration.ofSeconds(5), Duration.ofMillis(20),
            Duration.ofMillis(200), 5, Duration.ofSeconds(2));

    MesosMasterSimulator master;
    MesosMasterSimulator standby;
    MesosClient client;
    final EventLog log = new EventLog();

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (standby != null) {
            standby.close();
        }
        if (master != null) {
            master.close();
        }
    }

    static ClientConfig config() {
        return ClientConfig.of("mc-test", "root", List.of("*")).withTiming(FAST);
    }

    MesosClient start(SimulatorConfig.Builder sim, ClientConfig config) throws Exception {
        master = MesosMasterSimulator.start(sim.build());
        client = new MesosClient(config, new StaticMasters(List.of(URI.create(master.url()))), log, log);
        client.start();
        return client;
    }

    static SimulatorConfig.Builder oneAgent() {
        return SimulatorConfig.builder().agentCount(1).offerInterval(Duration.ofMillis(50));
    }

    static TaskInfo task(String id, Offer offer) {
        return TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id))
                .setAgentId(offer.getAgentId())
                .addResources(offer.getResourcesList().stream().filter(r -> r.getName().equals("cpus")).findFirst()
                        .orElseThrow().toBuilder().setScalar(Value.Scalar.newBuilder().setValue(0.5)))
                .setCommand(org.apache.mesos.v1.Protos.CommandInfo.newBuilder().setValue("sleep 1000"))
                .build();
    }

    static Offer.Operation launch(TaskInfo... tasks) {
        return Offer.Operation.newBuilder().setType(Offer.Operation.Type.LAUNCH)
                .setLaunch(Offer.Operation.Launch.newBuilder().addAllTaskInfos(List.of(tasks))).build();
    }

    TaskStatus awaitState(String taskId, TaskState state) throws InterruptedException {
        return log.await(MesosEvent.Update.class, u -> u.status().getTaskId().getValue().equals(taskId)
                && u.status().getState() == state).status();
    }

    /** Launches t1 on the next offer and acknowledges it up to RUNNING. */
    void runTask(String taskId) throws InterruptedException {
        Offer offer = log.await(MesosEvent.Offers.class).offers().getFirst();
        client.accept(List.of(offer.getId()), List.of(launch(task(taskId, offer))), Filters.getDefaultInstance());
        client.acknowledge(awaitState(taskId, TaskState.TASK_STARTING));
        client.acknowledge(awaitState(taskId, TaskState.TASK_RUNNING));
    }

    @Test
    void subscribesAndMakesEveryCall() throws Exception {
        start(oneAgent(), config());
        MesosEvent.Subscribed subscribed = log.await(MesosEvent.Subscribed.class);
        assertThat(subscribed.masterUrl()).isEqualTo(master.url());
        assertThat(subscribed.info().getFrameworkId().getValue()).isNotEmpty();
        assertThat(client.isSubscribed()).isTrue();
        log.awaitReceived(MesosEvent.Heartbeat.class); // not taken from the queue: the first offer may come before it

        runTask("t1");
        assertThat(master.runningTasks()).extracting(t -> t.id()).containsExactly("t1");

        client.reconcile(List.of());
        TaskStatus reconciled = log.await(MesosEvent.Update.class,
                u -> u.status().getReason() == TaskStatus.Reason.REASON_RECONCILIATION).status();
        assertThat(reconciled.getTaskId().getValue()).isEqualTo("t1");
        assertThat(reconciled.getState()).isEqualTo(TaskState.TASK_RUNNING);
        client.reconcile(List.of(Call.Reconcile.Task.newBuilder().setTaskId(TaskID.newBuilder().setValue("nope"))
                .build()));
        assertThat(log.await(MesosEvent.Update.class, u -> u.status().getTaskId().getValue().equals("nope"))
                .status().getState()).isEqualTo(TaskState.TASK_LOST);

        client.kill(TaskID.newBuilder().setValue("t1").build(), Optional.empty());
        client.acknowledge(awaitState("t1", TaskState.TASK_KILLED));
        runTask("t2");
        client.killAsync(TaskID.newBuilder().setValue("t2").build(), Optional.empty()).get(10, TimeUnit.SECONDS);
        client.acknowledge(awaitState("t2", TaskState.TASK_KILLED));

        // Declined for an hour, the offer returns only because of REVIVE.
        Offer offer = log.await(MesosEvent.Offers.class).offers().getFirst();
        client.decline(List.of(offer.getId()), Filters.newBuilder().setRefuseSeconds(3600).build());
        client.suppress(List.of());
        client.revive(List.of("*"));
        Offer again = log.await(MesosEvent.Offers.class).offers().getFirst();
        assertThat(again.getAgentId()).isEqualTo(offer.getAgentId());
        // The same without waiting for the answers: they reach the master in the order made (a REVIVE overtaking
        // the DECLINE would leave the agent filtered for an hour).
        CompletableFuture.allOf(
                client.declineAsync(List.of(again.getId()), Filters.newBuilder().setRefuseSeconds(3600).build()),
                client.suppressAsync(List.of()),
                client.reviveAsync(List.of("*"))).get(10, TimeUnit.SECONDS);
        assertThat(log.await(MesosEvent.Offers.class, o -> o.offers().getFirst().getAgentId()
                .equals(again.getAgentId()) && !o.offers().getFirst().getId().equals(again.getId())).offers())
                .isNotEmpty();

        client.message(offer.getAgentId(), org.apache.mesos.v1.Protos.ExecutorID.newBuilder().setValue("e").build(),
                com.google.protobuf.ByteString.copyFromUtf8("hi"));
        client.teardown();
        log.await(MesosEvent.Disconnected.class);
        // The torn-down framework is refused when the client comes back with its ID: ERROR, and the loop stops.
        assertThat(log.await(MesosEvent.Error.class).message()).contains("removed");
        assertThat(log.threads).hasSize(1);
    }

    @Test
    void callsWhileNotSubscribedAreRefused() throws Exception {
        master = MesosMasterSimulator.start(oneAgent().build());
        client = new MesosClient(config(), new StaticMasters(List.of(URI.create(master.url()))), log, log);
        assertThatThrownBy(() -> client.revive(List.of()))
                .isInstanceOf(MesosCallException.class)
                .hasMessageContaining("not subscribed")
                .extracting(e -> ((MesosCallException) e).httpStatus()).isEqualTo(0);
        assertThat(client.isSubscribed()).isFalse();
    }

    @Test
    void streamDropResubscribesWithTheSameFrameworkId() throws Exception {
        start(oneAgent(), config());
        String id = log.await(MesosEvent.Subscribed.class).info().getFrameworkId().getValue();
        runTask("t1");

        master.faults().dropStreams();
        assertThat(log.await(MesosEvent.Disconnected.class).reason()).contains("closed");
        assertThat(log.await(MesosEvent.Subscribed.class).info().getFrameworkId().getValue()).isEqualTo(id);
        // the framework failed over: its task is still there
        assertThat(master.runningTasks()).extracting(t -> t.frameworkId()).containsExactly(id);
        client.reconcile(List.of());
        assertThat(log.await(MesosEvent.Update.class).status().getState()).isEqualTo(TaskState.TASK_RUNNING);
    }

    @Test
    void masterFailoverFollowsTheRedirectToTheNewLeader() throws Exception {
        start(oneAgent(), config());
        String id = log.await(MesosEvent.Subscribed.class).info().getFrameworkId().getValue();
        standby = MesosMasterSimulator.standby(master.cluster());

        master.faults().failoverTo(standby);
        log.await(MesosEvent.Disconnected.class);
        MesosEvent.Subscribed again = log.await(MesosEvent.Subscribed.class);
        assertThat(again.info().getFrameworkId().getValue()).isEqualTo(id);
        assertThat(again.masterUrl()).isEqualTo(standby.url());
        assertThat(client.master()).contains(URI.create(standby.url()));
        client.revive(List.of());
    }

    @Test
    void aListOfMastersIsTriedInTurn() throws Exception {
        master = MesosMasterSimulator.start(oneAgent().build());
        int deadPort;
        try (var socket = new java.net.ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        client = new MesosClient(config(), MasterDetector.fromSpec("127.0.0.1:" + deadPort + "," + master.url(), false),
                log, log);
        client.start();
        assertThat(log.await(MesosEvent.Subscribed.class).masterUrl()).isEqualTo(master.url());
    }

    @Test
    void afterErrorTheSchedulerStartsAnewWithoutFrameworkId() throws Exception {
        start(oneAgent(), config());
        String first = log.await(MesosEvent.Subscribed.class).info().getFrameworkId().getValue();
        client.teardown();
        log.await(MesosEvent.Error.class);

        log.frameworkId.set(null);
        client.reconnect();
        String second = log.await(MesosEvent.Subscribed.class).info().getFrameworkId().getValue();
        assertThat(second).isNotEqualTo(first);
        client.revive(List.of());
    }

    @Test
    void basicAuthToTheMaster() throws Exception {
        start(oneAgent().basicAuth("mc", "s3cret"), config().withAuth("mc", new Secret("s3cret")));
        log.await(MesosEvent.Subscribed.class);

        try (MasterHttp wrong = new MasterHttp(config().withAuth("mc", new Secret("wrong")))) {
            assertThatThrownBy(() -> wrong.subscribe(URI.create(master.url()),
                    Calls.subscribe(config().frameworkInfo(Optional.empty()))))
                    .isInstanceOf(MesosCallException.class)
                    .extracting(e -> ((MesosCallException) e).httpStatus()).isEqualTo(401);
        }
    }

    @Test
    void theFrameworkConfigurationIsWhatTheMasterSees() throws Exception {
        master = MesosMasterSimulator.start(oneAgent().build());
        io.mesoscompose.config.FrameworkConfig framework = io.mesoscompose.config.FrameworkConfig.fromEnvironment(
                java.util.Map.of("MESOS_MASTER", master.url().substring("http://".length()), "FRAMEWORK_NAME", "compose",
                        "FRAMEWORK_ROLE", "web", "FRAMEWORK_WEBUIURL", "http://sched.example:10000"));
        client = MesosClient.forFramework(framework, log, log);
        client.start();
        log.await(MesosEvent.Subscribed.class);
        var http = java.net.http.HttpClient.newHttpClient();
        String frameworks = http.send(java.net.http.HttpRequest.newBuilder(URI.create(master.url() + "/master/frameworks"))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
        var info = io.mesoscompose.json.Json.MAPPER.readTree(frameworks).path("frameworks").get(0);
        assertThat(info.path("name").asText()).isEqualTo("compose");
        assertThat(info.path("webui_url").asText()).isEqualTo("http://sched.example:10000");
        assertThat(info.path("roles").get(0).asText()).isEqualTo("web");
        assertThat(info.path("active").asBoolean()).isTrue();
    }
}
