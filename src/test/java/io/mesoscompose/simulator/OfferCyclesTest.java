package io.mesoscompose.simulator;

import static io.mesoscompose.simulator.MesosMasterSimulatorTest.launch;
import static io.mesoscompose.simulator.MesosMasterSimulatorTest.task;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.Set;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskGroupInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class OfferCyclesTest {

    MesosMasterSimulator master;
    TestScheduler scheduler;

    @AfterEach
    void stop() throws Exception {
        if (scheduler != null) {
            scheduler.close();
        }
        if (master != null) {
            master.close();
        }
    }

    void start(SimulatorConfig.Builder config) throws Exception {
        master = MesosMasterSimulator.start(config.offerInterval(Duration.ofMillis(50)).build());
        scheduler = new TestScheduler(master.url()).subscribe(TestScheduler.framework("offers"));
    }

    @Test
    void everyAgentIsOfferedWithItsAttributes() throws Exception {
        start(SimulatorConfig.builder().agentCount(3).seed(7));
        Set<String> agents = new HashSet<>();
        while (agents.size() < 3) {
            Offer o = scheduler.await(Event.Type.OFFERS).getOffers().getOffers(0);
            agents.add(o.getAgentId().getValue());
            assertThat(o.getAttributesList()).extracting(a -> a.getName()).contains("hostname", "os", "arch");
            assertThat(o.getResourcesList()).extracting(r -> r.getName()).contains("cpus", "mem", "disk", "ports");
        }
    }

    @Test
    void unansweredOfferIsRescindedAndOfferedAgain() throws Exception {
        start(SimulatorConfig.builder().agentCount(1).offerTimeout(Duration.ofMillis(200)));
        Offer first = scheduler.await(Event.Type.OFFERS).getOffers().getOffers(0);
        Event rescind = scheduler.await(Event.Type.RESCIND);
        assertThat(rescind.getRescind().getOfferId()).isEqualTo(first.getId());
        Offer second = scheduler.await(Event.Type.OFFERS).getOffers().getOffers(0);
        assertThat(second.getId()).isNotEqualTo(first.getId());
    }

    @Test
    void declineRefusesTheAgentUntilRevive() throws Exception {
        start(SimulatorConfig.builder().agentCount(1));
        Offer offer = scheduler.await(Event.Type.OFFERS).getOffers().getOffers(0);
        scheduler.call(Call.newBuilder().setType(Call.Type.DECLINE).setDecline(Call.Decline.newBuilder()
                .addOfferIds(offer.getId()).setFilters(Filters.newBuilder().setRefuseSeconds(3600))).build());
        assertThat(master.freeCpus(offer.getAgentId().getValue())).isEqualTo(master.agents().get(0).cpus());
        scheduler.call(Call.newBuilder().setType(Call.Type.SUPPRESS).build());
        scheduler.call(Call.newBuilder().setType(Call.Type.REVIVE).build());
        assertThat(scheduler.await(Event.Type.OFFERS).getOffers().getOffers(0).getAgentId())
                .isEqualTo(offer.getAgentId());
    }

    @Test
    void offersOfDifferentAgentsInOneAcceptAreInvalid() throws Exception {
        start(SimulatorConfig.builder().agentCount(2));
        Offer a = scheduler.await(Event.Type.OFFERS).getOffers().getOffers(0);
        Offer b = scheduler.await(e -> e.getType() == Event.Type.OFFERS
                && !e.getOffers().getOffers(0).getAgentId().equals(a.getAgentId())).getOffers().getOffers(0);
        Call accept = launch(a, task("x", a, 1));
        scheduler.call(accept.toBuilder().setAccept(accept.getAccept().toBuilder().addOfferIds(b.getId())).build());
        TaskStatus dropped = scheduler.await(e -> e.getType() == Event.Type.UPDATE).getUpdate().getStatus();
        // not partition-aware: TASK_LOST (TASK_DROPPED is for partition-aware frameworks)
        assertThat(dropped.getState()).isEqualTo(TaskState.TASK_LOST);
        assertThat(dropped.getReason()).isEqualTo(TaskStatus.Reason.REASON_INVALID_OFFERS);
        assertThat(master.tasks()).isEmpty();
    }

    static Call group(Offer o, String... ids) {
        TaskGroupInfo.Builder tasks = TaskGroupInfo.newBuilder();
        for (String id : ids) {
            tasks.addTasks(task(id, o, 0.5));
        }
        ExecutorInfo executor = ExecutorInfo.newBuilder().setType(ExecutorInfo.Type.DEFAULT)
                .setExecutorId(ExecutorID.newBuilder().setValue("default-" + ids[0]))
                .setFrameworkId(o.getFrameworkId()) // the master fills it in for LAUNCH only
                .addResources(scalar("cpus", 0.1)).addResources(scalar("mem", 32)).addResources(scalar("disk", 10))
                .build();
        return Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder()
                .addOfferIds(o.getId()).addOperations(Offer.Operation.newBuilder()
                        .setType(Offer.Operation.Type.LAUNCH_GROUP).setLaunchGroup(Offer.Operation.LaunchGroup
                                .newBuilder().setExecutor(executor).setTaskGroup(tasks))))
                .build();
    }

    static Resource scalar(String name, double value) {
        return Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
                .setScalar(Value.Scalar.newBuilder().setValue(value)).build();
    }

    @Test
    void launchGroupStartsEveryTaskAndDuplicateIdsAreErrors() throws Exception {
        start(SimulatorConfig.builder().agentCount(1).defaultRefuse(Duration.ofMillis(50)));
        Offer o = scheduler.await(Event.Type.OFFERS).getOffers().getOffers(0);
        scheduler.call(group(o, "g1", "g1"));
        // the group is refused as a whole: both tasks answered with TASK_ERROR, nothing launched
        for (int i = 0; i < 2; i++) {
            TaskStatus error = scheduler.await(e -> e.getType() == Event.Type.UPDATE
                    && e.getUpdate().getStatus().getState() == TaskState.TASK_ERROR).getUpdate().getStatus();
            assertThat(error.getReason()).isEqualTo(TaskStatus.Reason.REASON_TASK_GROUP_INVALID);
            assertThat(error.getMessage()).isEqualTo("Task 'g1' is invalid: Task has duplicate ID: g1");
        }
        assertThat(master.tasks()).isEmpty();

        Offer again = scheduler.await(Event.Type.OFFERS).getOffers().getOffers(0);
        scheduler.call(group(again, "g1", "g2"));
        Set<String> running = new HashSet<>();
        while (running.size() < 2) {
            TaskStatus s = scheduler.await(Event.Type.UPDATE).getUpdate().getStatus();
            scheduler.call(MesosMasterSimulatorTest.ack(s));
            if (s.getState() == TaskState.TASK_RUNNING) {
                running.add(s.getTaskId().getValue());
            }
        }
        assertThat(master.runningTasks()).extracting(TaskView::id).containsExactlyInAnyOrder("g1", "g2");
    }

    @Test
    void jsonSubscribeWithBasicAuth() throws Exception {
        master = MesosMasterSimulator.start(SimulatorConfig.builder().basicAuth("fw", "s3cret")
                .heartbeatInterval(Duration.ofMillis(100)).build());
        HttpClient http = HttpClient.newHttpClient();
        String body = "{\"type\":\"SUBSCRIBE\",\"subscribe\":{\"framework_info\":{\"user\":\"root\",\"name\":\"j\"}}}";
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(master.url() + "/api/v1/scheduler"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        assertThat(http.send(req.build(), HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(401);
        String auth = Base64.getEncoder().encodeToString("fw:s3cret".getBytes(StandardCharsets.UTF_8));
        HttpResponse<InputStream> resp = http.send(req.header("Authorization", "Basic " + auth).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(resp.statusCode()).isEqualTo(200);
        assertThat(resp.headers().firstValue("Content-Type")).hasValue("application/json");
        try (InputStream in = resp.body()) {
            String first = new String(new io.mesoscompose.mesos.RecordIO.Reader(in, 1 << 20).next().orElseThrow(),
                    StandardCharsets.UTF_8);
            assertThat(first).contains("\"type\":\"SUBSCRIBED\"").contains("\"heartbeat_interval_seconds\":0.1");
        }
    }
}
