package io.mesoscompose.simulator;

import static io.mesoscompose.simulator.MesosMasterSimulatorTest.ack;
import static io.mesoscompose.simulator.MesosMasterSimulatorTest.launch;
import static io.mesoscompose.simulator.MesosMasterSimulatorTest.task;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimulatorFaultsTest {

    static final FrameworkInfo AWARE = TestScheduler.framework("aware").toBuilder().setFailoverTimeout(60)
            .addCapabilities(FrameworkInfo.Capability.newBuilder().setType(FrameworkInfo.Capability.Type.PARTITION_AWARE))
            .addCapabilities(FrameworkInfo.Capability.newBuilder()
                    .setType(FrameworkInfo.Capability.Type.TASK_KILLING_STATE))
            .build();

    MesosMasterSimulator master;
    MesosMasterSimulator standby;
    TestScheduler scheduler;

    @AfterEach
    void stop() throws Exception {
        if (scheduler != null) {
            scheduler.close();
        }
        if (standby != null) {
            standby.close();
        }
        if (master != null) {
            master.close();
        }
    }

    /** Subscribes, launches one run-forever task and acknowledges it up to RUNNING. */
    Offer runOneTask(FrameworkInfo info) throws Exception {
        master = MesosMasterSimulator.start(SimulatorConfig.builder().agentCount(1)
                .offerInterval(Duration.ofMillis(50)).build());
        scheduler = new TestScheduler(master.url()).subscribe(info);
        Offer offer = scheduler.await(Event.Type.OFFERS).getOffers().getOffers(0);
        scheduler.call(launch(offer, task("t1", offer, 1)));
        scheduler.call(ack(update(TaskState.TASK_STARTING)));
        scheduler.call(ack(update(TaskState.TASK_RUNNING)));
        return offer;
    }

    TaskStatus update(TaskState state) throws InterruptedException {
        return scheduler.await(e -> e.getType() == Event.Type.UPDATE && e.getUpdate().getStatus().getState() == state)
                .getUpdate().getStatus();
    }

    static Call reconcile(String taskId, String agentId) {
        Call.Reconcile.Task.Builder t = Call.Reconcile.Task.newBuilder().setTaskId(TaskID.newBuilder().setValue(taskId));
        if (agentId != null) {
            t.setAgentId(AgentID.newBuilder().setValue(agentId));
        }
        return Call.newBuilder().setType(Call.Type.RECONCILE).setReconcile(Call.Reconcile.newBuilder().addTasks(t))
                .build();
    }

    @Test
    void reconciliationAnswersKnownAndUnknownTasksFromTheMaster() throws Exception {
        Offer offer = runOneTask(AWARE);
        scheduler.call(reconcile("t1", null));
        TaskStatus known = update(TaskState.TASK_RUNNING);
        assertThat(known.getSource()).isEqualTo(TaskStatus.Source.SOURCE_MASTER);
        assertThat(known.getReason()).isEqualTo(TaskStatus.Reason.REASON_RECONCILIATION);
        assertThat(known.hasUuid()).isFalse();
        assertThat(known.getMessage()).as("master.cpp, Master::reconcile").isEqualTo("Reconciliation: Latest task state");
        assertThat(known.getAgentId()).isEqualTo(offer.getAgentId());
        assertThat(known.hasExecutorId()).as("a command executor, which the master does not track").isFalse();
        scheduler.call(reconcile("nope", offer.getAgentId().getValue()));
        TaskStatus gone = update(TaskState.TASK_GONE);
        assertThat(gone.getTaskId().getValue()).isEqualTo("nope");
        assertThat(gone.getMessage()).isEqualTo("Reconciliation: Task is unknown to the agent");
        scheduler.call(reconcile("nope2", null));
        TaskStatus unknown = update(TaskState.TASK_UNKNOWN);
        assertThat(unknown.getTaskId().getValue()).isEqualTo("nope2");
        assertThat(unknown.getMessage()).isEqualTo("Reconciliation: Task is unknown");
        assertThat(unknown.hasAgentId()).isFalse();
        scheduler.call(Call.newBuilder().setType(Call.Type.RECONCILE).setReconcile(Call.Reconcile.getDefaultInstance())
                .build());
        assertThat(update(TaskState.TASK_RUNNING).getTaskId().getValue()).isEqualTo("t1");
    }

    @Test
    void aFrameworkThatIsNotPartitionAwareHearsOfUnknownTasksAsLost() throws Exception {
        Offer offer = runOneTask(TestScheduler.framework("plain").toBuilder().setFailoverTimeout(60).build());
        scheduler.call(reconcile("nope", offer.getAgentId().getValue()));
        TaskStatus lost = update(TaskState.TASK_LOST);
        assertThat(lost.getTaskId().getValue()).isEqualTo("nope");
        assertThat(lost.getReason()).isEqualTo(TaskStatus.Reason.REASON_RECONCILIATION);
        assertThat(lost.getMessage()).isEqualTo("Reconciliation: Task is unknown to the agent");
    }

    @Test
    void killGoesThroughKillingToKilled() throws Exception {
        runOneTask(AWARE);
        scheduler.call(Call.newBuilder().setType(Call.Type.KILL)
                .setKill(Call.Kill.newBuilder().setTaskId(TaskID.newBuilder().setValue("t1"))).build());
        scheduler.call(ack(update(TaskState.TASK_KILLING)));
        scheduler.call(ack(update(TaskState.TASK_KILLED)));
        assertThat(master.runningTasks()).isEmpty();
        scheduler.call(Call.newBuilder().setType(Call.Type.KILL)
                .setKill(Call.Kill.newBuilder().setTaskId(TaskID.newBuilder().setValue("ghost"))).build());
        assertThat(update(TaskState.TASK_UNKNOWN).getTaskId().getValue()).isEqualTo("ghost");
    }

    @Test
    void frameworkIsRemovedAfterFailoverTimeout() throws Exception {
        runOneTask(TestScheduler.framework("short").toBuilder().setFailoverTimeout(0.2).build());
        String id = scheduler.frameworkId;
        master.faults().dropStreams();
        scheduler.await(Event.Type.UNKNOWN);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!master.tasks().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(master.tasks()).isEmpty();
        TestScheduler again = new TestScheduler(master.url()).subscribe(TestScheduler.framework("short").toBuilder()
                .setId(org.apache.mesos.v1.Protos.FrameworkID.newBuilder().setValue(id)).build());
        assertThat(again.await(Event.Type.ERROR).getError().getMessage()).isEqualTo("Framework has been removed");
        again.close();
    }

    @Test
    void resubscribingWithinFailoverTimeoutKeepsTasks() throws Exception {
        runOneTask(AWARE);
        String id = scheduler.frameworkId;
        master.faults().dropStreams();
        scheduler.await(Event.Type.UNKNOWN);
        scheduler = new TestScheduler(master.url()).subscribe(AWARE.toBuilder()
                .setId(org.apache.mesos.v1.Protos.FrameworkID.newBuilder().setValue(id)).build());
        assertThat(scheduler.await(Event.Type.SUBSCRIBED).getSubscribed().getFrameworkId().getValue()).isEqualTo(id);
        assertThat(master.runningTasks()).extracting(TaskView::id).containsExactly("t1");
    }

    @Test
    void agentLostThenBackThenGone() throws Exception {
        Offer offer = runOneTask(AWARE);
        String agent = offer.getAgentId().getValue();
        master.faults().agentLost(agent);
        assertThat(update(TaskState.TASK_UNREACHABLE).getTaskId().getValue()).isEqualTo("t1");
        scheduler.call(reconcile("never-launched", agent));
        TaskStatus unreachable = update(TaskState.TASK_UNREACHABLE);
        assertThat(unreachable.getTaskId().getValue()).isEqualTo("never-launched");
        assertThat(unreachable.getMessage()).isEqualTo("Reconciliation: Task is unreachable");
        master.faults().agentBack(agent);
        assertThat(master.runningTasks()).extracting(TaskView::id).containsExactly("t1");
        scheduler.call(reconcile("t1", agent));
        assertThat(update(TaskState.TASK_RUNNING).getReason()).isEqualTo(TaskStatus.Reason.REASON_RECONCILIATION);
        master.faults().agentGone(agent);
        update(TaskState.TASK_GONE_BY_OPERATOR);
        assertThat(master.tasks()).isEmpty();
        scheduler.call(reconcile("t1", agent));
        TaskStatus gone = update(TaskState.TASK_GONE_BY_OPERATOR);
        assertThat(gone.getSource()).isEqualTo(TaskStatus.Source.SOURCE_MASTER);
        assertThat(gone.getMessage()).isEqualTo("Reconciliation: Task is gone");
    }

    @Test
    void removedAgentsTasksAreGone() throws Exception {
        Offer offer = runOneTask(AWARE);
        master.faults().agentRemoved(offer.getAgentId().getValue());
        assertThat(update(TaskState.TASK_GONE).getReason()).isEqualTo(TaskStatus.Reason.REASON_AGENT_REMOVED);
        assertThat(master.tasks()).isEmpty();
    }

    @Test
    void duplicatedAndDelayedUpdatesArrive() throws Exception {
        master = MesosMasterSimulator.start(SimulatorConfig.builder().agentCount(1)
                .offerInterval(Duration.ofMillis(50)).build());
        master.faults().duplicateStatusUpdates(true);
        master.faults().delayStatusUpdates(Duration.ofMillis(100));
        scheduler = new TestScheduler(master.url()).subscribe(AWARE);
        Offer offer = scheduler.await(Event.Type.OFFERS).getOffers().getOffers(0);
        scheduler.call(launch(offer, task("t1", offer, 1)));
        TaskStatus first = update(TaskState.TASK_STARTING);
        assertThat(update(TaskState.TASK_STARTING).getUuid()).isEqualTo(first.getUuid());
    }

    @Test
    void oldMasterRedirectsToNewLeaderAfterFailover() throws Exception {
        runOneTask(AWARE);
        String id = scheduler.frameworkId;
        standby = MesosMasterSimulator.standby(master.cluster());
        master.faults().failoverTo(standby);
        scheduler.await(Event.Type.UNKNOWN);
        HttpResponse<Void> redirect = scheduler.http.send(scheduler.request(Call.newBuilder()
                .setType(Call.Type.SUBSCRIBE).build()), HttpResponse.BodyHandlers.discarding());
        assertThat(redirect.statusCode()).isEqualTo(307);
        assertThat(redirect.headers().firstValue("Location")).hasValue(standby.url().substring("http:".length()) + "/api/v1/scheduler");
        scheduler = new TestScheduler(standby.url()).subscribe(AWARE.toBuilder()
                .setId(org.apache.mesos.v1.Protos.FrameworkID.newBuilder().setValue(id)).build());
        scheduler.await(Event.Type.SUBSCRIBED);
        assertThat(standby.runningTasks()).extracting(TaskView::id).containsExactly("t1");
    }

    @Test
    void scriptsChosenPerTaskReportHealthAndStartFailures() throws Exception {
        master = MesosMasterSimulator.start(SimulatorConfig.builder().agentCount(1)
                .offerInterval(Duration.ofMillis(50))
                .scriptFor(t -> t.getName().equals("broken") ? TaskScript.failToStart("image not found")
                        : TaskScript.healthChecks(Duration.ofMillis(50), true, false))
                .build());
        scheduler = new TestScheduler(master.url()).subscribe(AWARE);
        Offer offer = scheduler.await(Event.Type.OFFERS).getOffers().getOffers(0);
        scheduler.call(launch(offer, task("broken", offer, 1), task("healthy", offer, 1)));
        java.util.List<TaskStatus> seen = new java.util.ArrayList<>();
        while (seen.stream().noneMatch(s -> s.hasHealthy() && !s.getHealthy())
                || seen.stream().noneMatch(s -> s.getState() == TaskState.TASK_FAILED)) {
            TaskStatus s = scheduler.await(Event.Type.UPDATE).getUpdate().getStatus();
            seen.add(s);
            scheduler.call(ack(s));
        }
        assertThat(seen).filteredOn(s -> s.getState() == TaskState.TASK_FAILED).singleElement()
                .satisfies(s -> assertThat(s.getMessage()).isEqualTo("image not found"));
        assertThat(seen).filteredOn(TaskStatus::hasHealthy).extracting(TaskStatus::getHealthy)
                .containsExactly(true, false);
    }

    @Test
    void slowMasterDelaysAnswers() throws Exception {
        runOneTask(AWARE);
        master.faults().callLatency(Duration.ofSeconds(30));
        HttpRequest revive = HttpRequest.newBuilder(scheduler.request(Call.newBuilder().setType(Call.Type.REVIVE)
                .setFrameworkId(org.apache.mesos.v1.Protos.FrameworkID.newBuilder().setValue(scheduler.frameworkId))
                .build()), (n, v) -> true).timeout(Duration.ofMillis(300)).build();
        org.assertj.core.api.Assertions.assertThatThrownBy(
                () -> scheduler.http.send(revive, HttpResponse.BodyHandlers.discarding()))
                .isInstanceOf(java.net.http.HttpTimeoutException.class);
        master.faults().callLatency(Duration.ZERO);
    }

    @Test
    void callsBeforeSubscribeAreRefusedAndOperatorViewListsFrameworks() throws Exception {
        runOneTask(AWARE);
        TestScheduler stranger = new TestScheduler(master.url());
        stranger.frameworkId = "unknown-framework";
        assertThat(stranger.call(Call.newBuilder().setType(Call.Type.REVIVE).build())).isEqualTo(400);
        String frameworks = scheduler.http.send(HttpRequest.newBuilder(URI.create(master.url() + "/master/frameworks"))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(frameworks).contains("\"name\":\"aware\"").contains("\"active\":true").contains("TASK_RUNNING");
    }
}
