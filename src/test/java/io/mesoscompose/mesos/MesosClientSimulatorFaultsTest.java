package io.mesoscompose.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mesoscompose.simulator.MesosMasterSimulator;
import io.mesoscompose.simulator.SimulatorConfig;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.FrameworkInfo.Capability;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulator's faults as the client hands them on; and the JSON wire format end to end. */
class MesosClientSimulatorFaultsTest {

    MesosMasterSimulator master;
    MesosClient client;
    final EventLog log = new EventLog();

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (master != null) {
            master.close();
        }
    }

    /** Partition-aware, as the framework registers: UNREACHABLE and GONE instead of LOST. */
    static ClientConfig aware(ClientConfig.Timing timing) {
        return aware(timing, Duration.ofMinutes(1));
    }

    static ClientConfig aware(ClientConfig.Timing timing, Duration failoverTimeout) {
        ClientConfig c = ClientConfig.of("mc", "root", List.of("*"));
        return new ClientConfig(c.frameworkName(), c.user(), c.roles(), c.principal(), c.secret(), true,
                failoverTimeout, Optional.empty(), Optional.empty(),
                Set.of(Capability.Type.PARTITION_AWARE, Capability.Type.TASK_KILLING_STATE), c.tls(), timing,
                WireFormat.PROTOBUF, Optional.empty(), List.of());
    }

    void start(ClientConfig config) throws Exception {
        master = MesosMasterSimulator.start(SimulatorConfig.builder().agentCount(1).offerInterval(Duration.ofMillis(50))
                .statusRetryInitial(Duration.ofMillis(300)).build());
        client = new MesosClient(config, new StaticMasters(List.of(URI.create(master.url()))), log, log);
        client.start();
        log.await(MesosEvent.Subscribed.class);
    }

    TaskStatus awaitState(TaskState state) throws InterruptedException {
        return log.await(MesosEvent.Update.class, u -> u.status().getState() == state).status();
    }

    String runTask() throws InterruptedException {
        Offer offer = log.await(MesosEvent.Offers.class).offers().getFirst();
        client.accept(List.of(offer.getId()), List.of(MesosClientSimulatorTest.launch(
                MesosClientSimulatorTest.task("t1", offer))), Filters.getDefaultInstance());
        client.acknowledge(awaitState(TaskState.TASK_STARTING));
        client.acknowledge(awaitState(TaskState.TASK_RUNNING));
        return offer.getAgentId().getValue();
    }

    @Test
    void jsonOnTheWireBothWays() throws Exception {
        start(ClientConfig.of("mc", "root", List.of("*")).withTiming(MesosClientSimulatorTest.FAST)
                .withWireFormat(WireFormat.JSON));
        runTask();
        client.reconcile(List.of());
        assertThat(log.await(MesosEvent.Update.class,
                u -> u.status().getReason() == TaskStatus.Reason.REASON_RECONCILIATION).status().getState())
                .isEqualTo(TaskState.TASK_RUNNING);
        client.kill(org.apache.mesos.v1.Protos.TaskID.newBuilder().setValue("t1").build(), Optional.empty());
        client.acknowledge(awaitState(TaskState.TASK_KILLED));
    }

    @Test
    void agentLostThenBackThenRemoved() throws Exception {
        start(aware(MesosClientSimulatorTest.FAST));
        String agent = runTask();

        master.faults().agentLost(agent);
        client.acknowledge(awaitState(TaskState.TASK_UNREACHABLE));
        master.faults().agentBack(agent);
        client.reconcile(List.of());
        assertThat(log.await(MesosEvent.Update.class,
                u -> u.status().getReason() == TaskStatus.Reason.REASON_RECONCILIATION).status().getState())
                .isEqualTo(TaskState.TASK_RUNNING);
        master.faults().agentRemoved(agent);
        assertThat(awaitState(TaskState.TASK_GONE).getTaskId().getValue()).isEqualTo("t1");
    }

    @Test
    void duplicatedUpdatesAreHandedOnAsTheyCome() throws Exception {
        start(aware(MesosClientSimulatorTest.FAST));
        master.faults().duplicateStatusUpdates(true);
        Offer offer = log.await(MesosEvent.Offers.class).offers().getFirst();
        client.accept(List.of(offer.getId()), List.of(MesosClientSimulatorTest.launch(
                MesosClientSimulatorTest.task("t1", offer))), Filters.getDefaultInstance());
        TaskStatus first = awaitState(TaskState.TASK_STARTING);
        TaskStatus second = awaitState(TaskState.TASK_STARTING);
        assertThat(second.getUuid()).isEqualTo(first.getUuid());
        client.acknowledge(first);
    }

    @Test
    void aSlowMasterMakesCallsTimeOut() throws Exception {
        start(aware(new ClientConfig.Timing(Duration.ofMillis(300), Duration.ofMillis(20), Duration.ofMillis(200), 5,
                Duration.ofSeconds(2))));
        master.faults().callLatency(Duration.ofSeconds(2));
        assertThatThrownBy(() -> client.revive(List.of()))
                .isInstanceOf(MesosCallException.class)
                .hasMessageContaining("REVIVE to " + master.url() + " failed")
                .extracting(e -> ((MesosCallException) e).httpStatus()).isEqualTo(0);
        master.faults().callLatency(Duration.ZERO);
        client.revive(List.of());
    }

    @Test
    void delayedUpdatesArriveInOrder() throws Exception {
        start(aware(MesosClientSimulatorTest.FAST));
        master.faults().delayStatusUpdates(Duration.ofMillis(200));
        runTask();
        // An update not acknowledged in time comes again (at least once, as an agent's status update manager
        // retries), so on a busy machine STARTING may arrive twice in a row; what must hold is the order.
        List<TaskState> states = new java.util.ArrayList<>();
        List.copyOf(log.all).stream().filter(e -> e instanceof MesosEvent.Update)
                .map(e -> ((MesosEvent.Update) e).status().getState())
                .filter(state -> states.isEmpty() || states.getLast() != state).forEach(states::add);
        assertThat(states).startsWith(TaskState.TASK_STARTING, TaskState.TASK_RUNNING);
    }

    @Test
    void aFrameworkAwayLongerThanItsFailoverTimeoutIsRefusedWithError() throws Exception {
        ClientConfig config = aware(MesosClientSimulatorTest.FAST, Duration.ofMillis(300));
        start(config);
        runTask();
        client.close();
        var http = java.net.http.HttpClient.newHttpClient();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
        while (!http.send(java.net.http.HttpRequest.newBuilder(URI.create(master.url() + "/master/frameworks")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body().contains("\"frameworks\":[]")) {
            assertThat(System.nanoTime()).as("framework removed by the master").isLessThan(deadline);
            Thread.sleep(50);
        }
        assertThat(master.tasks()).isEmpty();

        EventLog again = new EventLog();
        again.frameworkId.set(log.frameworkId.get());
        client = new MesosClient(config, new StaticMasters(List.of(URI.create(master.url()))), again, again);
        client.start();
        assertThat(again.await(MesosEvent.Error.class).message()).contains("removed");
        assertThat(client.isSubscribed()).isFalse();
    }
}
