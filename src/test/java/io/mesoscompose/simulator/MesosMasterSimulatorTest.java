package io.mesoscompose.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MesosMasterSimulatorTest {

    MesosMasterSimulator master;
    TestScheduler scheduler;

    void start(SimulatorConfig.Builder config) throws Exception {
        master = MesosMasterSimulator.start(config.offerInterval(Duration.ofMillis(50)).build());
        scheduler = new TestScheduler(master.url()).subscribe(TestScheduler.framework("test"));
    }

    @AfterEach
    void stop() throws Exception {
        if (scheduler != null) {
            scheduler.close();
        }
        if (master != null) {
            master.close();
        }
    }

    static TaskInfo task(String id, Offer offer, double cpus) {
        return TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id))
                .setAgentId(offer.getAgentId())
                .addResources(offer.getResourcesList().stream().filter(r -> r.getName().equals("cpus")).findFirst()
                        .orElseThrow().toBuilder().setScalar(Value.Scalar.newBuilder()
                                .setValue(cpus)))
                .setCommand(CommandInfo.newBuilder().setValue("sleep 1000"))
                .build();
    }

    static Call launch(Offer offer, TaskInfo... tasks) {
        return Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder()
                .addOfferIds(offer.getId())
                .addOperations(Offer.Operation.newBuilder().setType(Offer.Operation.Type.LAUNCH)
                        .setLaunch(Offer.Operation.Launch.newBuilder().addAllTaskInfos(List.of(tasks)))))
                .build();
    }

    static Call ack(TaskStatus s) {
        return Call.newBuilder().setType(Call.Type.ACKNOWLEDGE).setAcknowledge(Call.Acknowledge.newBuilder()
                .setAgentId(s.getAgentId()).setTaskId(s.getTaskId()).setUuid(s.getUuid())).build();
    }

    TaskStatus awaitUpdate(TaskState state) throws InterruptedException {
        return scheduler.await(e -> e.getType() == Event.Type.UPDATE && e.getUpdate().getStatus().getState() == state)
                .getUpdate().getStatus();
    }

    @Test
    void subscribesAndHeartbeats() throws Exception {
        start(SimulatorConfig.builder().heartbeatInterval(Duration.ofMillis(100)));
        assertThat(scheduler.subscribeStatus).isEqualTo(200);
        assertThat(scheduler.streamId).isNotBlank();
        Event subscribed = scheduler.await(Event.Type.SUBSCRIBED);
        assertThat(subscribed.getSubscribed().getHeartbeatIntervalSeconds()).isEqualTo(0.1);
        scheduler.await(Event.Type.HEARTBEAT);
    }

    @Test
    void wrongStreamIdIsRejected() throws Exception {
        start(SimulatorConfig.builder());
        scheduler.await(Event.Type.SUBSCRIBED);
        scheduler.streamId = "not-the-stream";
        assertThat(scheduler.call(Call.newBuilder().setType(Call.Type.REVIVE).build())).isEqualTo(400);
    }

    @Test
    void launchedTaskRunsFinishesAndReturnsResources() throws Exception {
        start(SimulatorConfig.builder().agentCount(1)
                .scriptFor(t -> TaskScript.exitAfter(Duration.ofMillis(200), 0)));
        Offer offer = scheduler.await(Event.Type.OFFERS).getOffers().getOffers(0);
        String agent = offer.getAgentId().getValue();
        double total = master.agents().get(0).cpus();
        Call accept = launch(offer, task("web", offer, 1));
        // refuse the agent for an hour: only REVIVE brings its resources back
        accept = accept.toBuilder().setAccept(accept.getAccept().toBuilder().setFilters(
                Filters.newBuilder().setRefuseSeconds(3600))).build();
        assertThat(scheduler.call(accept)).isEqualTo(202);
        scheduler.call(ack(awaitUpdate(TaskState.TASK_STARTING)));
        TaskStatus running = awaitUpdate(TaskState.TASK_RUNNING);
        assertThat(running.getContainerStatus().getNetworkInfos(0).getIpAddresses(0).getIpAddress())
                .isEqualTo("127.0.0.1");
        scheduler.call(ack(running));
        assertThat(master.runningTasks()).extracting(TaskView::id).containsExactly("web");
        scheduler.call(ack(awaitUpdate(TaskState.TASK_FINISHED)));
        assertThat(master.freeCpus(agent)).isEqualTo(total);
        scheduler.call(Call.newBuilder().setType(Call.Type.REVIVE).build());
        Offer again = scheduler.await(Event.Type.OFFERS).getOffers().getOffers(0);
        assertThat(again.getAgentId().getValue()).isEqualTo(agent);
        assertThat(again.getResourcesList().stream().filter(r -> r.getName().equals("cpus")).findFirst()
                .orElseThrow().getScalar().getValue()).isEqualTo(total);
    }

    @Test
    void unacknowledgedUpdateIsResent() throws Exception {
        start(SimulatorConfig.builder().agentCount(1).statusRetryInitial(Duration.ofMillis(100)));
        Offer offer = scheduler.await(Event.Type.OFFERS).getOffers().getOffers(0);
        scheduler.call(launch(offer, task("t", offer, 1)));
        TaskStatus first = awaitUpdate(TaskState.TASK_STARTING);
        TaskStatus again = awaitUpdate(TaskState.TASK_STARTING);
        assertThat(again.getUuid()).isEqualTo(first.getUuid());
        scheduler.call(ack(again));
        awaitUpdate(TaskState.TASK_RUNNING);
    }

    @Test
    void staleOfferDropsTasksAndOverCommitIsAnError() throws Exception {
        start(SimulatorConfig.builder().agentCount(1).defaultRefuse(Duration.ofMillis(50)));
        Offer offer = scheduler.await(Event.Type.OFFERS).getOffers().getOffers(0);
        scheduler.call(launch(offer, task("a", offer, 1)));
        awaitUpdate(TaskState.TASK_STARTING);
        Offer next = scheduler.await(Event.Type.OFFERS).getOffers().getOffers(0);
        scheduler.call(launch(offer, task("b", offer, 1)));
        TaskStatus dropped = awaitUpdate(TaskState.TASK_LOST); // not partition-aware
        assertThat(dropped.getReason()).isEqualTo(TaskStatus.Reason.REASON_INVALID_OFFERS);
        assertThat(dropped.hasUuid()).isFalse();
        scheduler.call(launch(next, task("c", next, 1000)));
        TaskStatus error = awaitUpdate(TaskState.TASK_ERROR);
        assertThat(error.getReason()).isEqualTo(TaskStatus.Reason.REASON_TASK_INVALID);
        assertThat(error.getTaskId().getValue()).isEqualTo("c");
    }
}
