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
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskGroupInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
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
        assertThat(dropped.getState()).isEqualTo(TaskState.TASK_DROPPED);
        assertThat(dropped.getReason()).isEqualTo(TaskStatus.Reason.REASON_INVALID_OFFERS);
        assertThat(master.tasks()).isEmpty();
    }

    @Test
    void launchGroupStartsEveryTaskAndDuplicateIdsAreErrors() throws Exception {
        start(SimulatorConfig.builder().agentCount(1));
        Offer o = scheduler.await(Event.Type.OFFERS).getOffers().getOffers(0);
        scheduler.call(Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder()
                .addOfferIds(o.getId()).addOperations(Offer.Operation.newBuilder()
                        .setType(Offer.Operation.Type.LAUNCH_GROUP).setLaunchGroup(Offer.Operation.LaunchGroup
                                .newBuilder().setExecutor(org.apache.mesos.v1.Protos.ExecutorInfo.newBuilder()
                                        .setType(org.apache.mesos.v1.Protos.ExecutorInfo.Type.DEFAULT)
                                        .setExecutorId(org.apache.mesos.v1.Protos.ExecutorID.newBuilder()
                                                .setValue("default")))
                                .setTaskGroup(TaskGroupInfo.newBuilder()
                                        .addTasks(task("g1", o, 0.5)).addTasks(task("g1", o, 0.5))))))
                .build());
        TaskStatus error = scheduler.await(e -> e.getType() == Event.Type.UPDATE
                && e.getUpdate().getStatus().getState() == TaskState.TASK_ERROR).getUpdate().getStatus();
        assertThat(error.getMessage()).contains("duplicate");
        // the group is refused as a whole: both tasks answered with TASK_ERROR, nothing launched
        scheduler.await(e -> e.getType() == Event.Type.UPDATE
                && e.getUpdate().getStatus().getState() == TaskState.TASK_ERROR);
        assertThat(master.tasks()).isEmpty();
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
