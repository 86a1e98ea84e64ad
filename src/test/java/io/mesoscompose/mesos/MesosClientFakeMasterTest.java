package io.mesoscompose.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.ByteString;
import io.mesoscompose.config.Secret;
import java.net.URI;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client against a scripted master: headers on the wire, a silent master, the master's error texts. */
class MesosClientFakeMasterTest {

    FakeMaster master;
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

    void start(ClientConfig config) throws Exception {
        if (master == null) {
            master = new FakeMaster();
        }
        client = new MesosClient(config.withTiming(MesosClientSimulatorTest.FAST),
                new StaticMasters(List.of(URI.create(master.url()))), log, log);
        client.start();
        log.await(MesosEvent.Subscribed.class);
    }

    @Test
    void heartbeatLossReconnectsAndFailsOverWithTheSameFrameworkId() throws Exception {
        master = new FakeMaster();
        master.heartbeatSeconds = 0.05;
        master.heartbeats = false;
        start(ClientConfig.of("mc", "root", List.of("*")));

        assertThat(log.await(MesosEvent.Disconnected.class).reason()).contains("no event from the master");
        assertThat(log.await(MesosEvent.Subscribed.class).info().getFrameworkId().getValue()).isEqualTo("fw-1");
        List<Call> subscribes = master.requests.stream().map(FakeMaster.Request::call)
                .filter(c -> c.getType() == Call.Type.SUBSCRIBE).toList();
        assertThat(subscribes).hasSizeGreaterThanOrEqualTo(2);
        assertThat(subscribes.getFirst().getSubscribe().getFrameworkInfo().hasId()).isFalse();
        assertThat(subscribes.get(1).getSubscribe().getFrameworkInfo().getId().getValue()).isEqualTo("fw-1");
        assertThat(subscribes.get(1).getFrameworkId().getValue()).isEqualTo("fw-1");

        // The dead stream was really closed, so the master sees the framework disconnect.
        master.probe.countDown();
        assertThat(master.streamClosedByClient.await(20, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void callsCarryStreamIdFrameworkIdAuthAndProtobuf() throws Exception {
        start(ClientConfig.of("mc", "root", List.of("web", "batch")).withAuth("principal", new Secret("pw")));
        FakeMaster.Request subscribe = master.requests.getFirst();
        assertThat(subscribe.call().getSubscribe().getFrameworkInfo().getRolesList()).containsExactly("web", "batch");
        assertThat(subscribe.call().getSubscribe().getFrameworkInfo().getPrincipal()).isEqualTo("principal");
        assertThat(subscribe.headers().getFirst("Mesos-Stream-Id")).isNull();

        client.kill(TaskID.newBuilder().setValue("t1").build(), Optional.of(AgentID.newBuilder().setValue("a1").build()));
        FakeMaster.Request kill = master.requests.getLast();
        assertThat(kill.call().getType()).isEqualTo(Call.Type.KILL);
        assertThat(kill.call().getFrameworkId().getValue()).isEqualTo("fw-1");
        assertThat(kill.call().getKill().getAgentId().getValue()).isEqualTo("a1");
        assertThat(kill.headers().getFirst("Mesos-Stream-Id")).isEqualTo("stream-1");
        assertThat(kill.headers().getFirst("Content-Type")).isEqualTo("application/x-protobuf");
        assertThat(kill.headers().getFirst("Authorization"))
                .isEqualTo("Basic " + Base64.getEncoder().encodeToString("principal:pw".getBytes()));
    }

    @Test
    void onlyStatusesWithUuidAreAcknowledged() throws Exception {
        start(ClientConfig.of("mc", "root", List.of("*")));
        TaskStatus.Builder status = TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue("t1"))
                .setAgentId(AgentID.newBuilder().setValue("a1")).setState(TaskState.TASK_RUNNING);
        client.acknowledge(status.build());
        client.acknowledgeAsync(status.build()).join();
        client.acknowledge(status.setUuid(ByteString.copyFromUtf8("u-1")).build());
        client.acknowledgeAsync(status.setUuid(ByteString.copyFromUtf8("u-2")).build()).join();
        List<Call> calls = master.requests.stream().map(FakeMaster.Request::call)
                .filter(c -> c.getType() != Call.Type.SUBSCRIBE).toList();
        assertThat(calls).hasSize(2);
        assertThat(calls).extracting(c -> c.getAcknowledge().getUuid().toStringUtf8()).containsExactly("u-1", "u-2");
        assertThat(calls).extracting(c -> c.getAcknowledge().getTaskId().getValue()).containsOnly("t1");
        assertThat(calls).extracting(c -> c.getAcknowledge().getAgentId().getValue()).containsOnly("a1");
        // made with the framework's ID rather than copied to add it: either way each carries it
        assertThat(calls).extracting(c -> c.getFrameworkId().getValue()).containsOnly("fw-1");
    }

    @Test
    void aRefusedCallCarriesTheMastersText() throws Exception {
        start(ClientConfig.of("mc", "root", List.of("*")));
        master.callStatus = 400;
        master.callBody = "Failed to validate scheduler::Call: Expecting 'accept' to be present";
        assertThatThrownBy(() -> client.teardown())
                .isInstanceOf(MesosCallException.class)
                .hasMessageContaining("HTTP 400")
                .hasMessageContaining("Expecting 'accept' to be present")
                .extracting(e -> ((MesosCallException) e).httpStatus()).isEqualTo(400);
        master.callStatus = 403;
        master.callBody = "Framework is not subscribed";
        assertThatThrownBy(() -> client.revive(List.of())).hasMessageContaining("Framework is not subscribed");
    }

    @Test
    void reconnectAsksForANewSubscriptionAtOnce() throws Exception {
        start(ClientConfig.of("mc", "root", List.of("*")));
        client.reconnect();
        assertThat(log.await(MesosEvent.Disconnected.class).reason()).isEqualTo("re-registration requested");
        log.await(MesosEvent.Subscribed.class);
        assertThat(master.subscriptions.get()).isEqualTo(2);
        client.revive(List.of());
        assertThat(master.requests.getLast().headers().getFirst("Mesos-Stream-Id")).isEqualTo("stream-2");
    }

    @Test
    void aRedirectNamingOnlyTheLeadersAddressReachesItsSchedulerEndpoint() throws Exception {
        master = new FakeMaster();
        try (FakeMaster follower = new FakeMaster()) {
            follower.redirectTo = master.url();
            client = new MesosClient(ClientConfig.of("mc", "root", List.of("*")).withTiming(MesosClientSimulatorTest.FAST),
                    new StaticMasters(List.of(URI.create(follower.url()))), log, log);
            client.start();
            assertThat(log.await(MesosEvent.Subscribed.class).masterUrl()).isEqualTo(master.url());
            assertThat(follower.requests).hasSize(1);
            client.suppress(List.of());
            assertThat(master.requests).extracting(r -> r.call().getType())
                    .containsExactly(Call.Type.SUBSCRIBE, Call.Type.SUPPRESS);
        }
    }

    @Test
    void fromAFixedListTheMasterThatAcceptedLastIsTriedFirst() throws Exception {
        master = new FakeMaster();
        try (FakeMaster notLeading = new FakeMaster()) {
            notLeading.subscribeStatus = 503;
            client = new MesosClient(ClientConfig.of("mc", "root", List.of("*")).withTiming(MesosClientSimulatorTest.FAST),
                    new StaticMasters(List.of(URI.create(notLeading.url()), URI.create(master.url()))), log, log);
            client.start();
            log.await(MesosEvent.Subscribed.class);
            assertThat(notLeading.requests).hasSize(1);

            client.reconnect();
            log.await(MesosEvent.Subscribed.class);
            assertThat(master.subscriptions.get()).isEqualTo(2);
            assertThat(notLeading.requests).hasSize(1);
        }
    }
}
