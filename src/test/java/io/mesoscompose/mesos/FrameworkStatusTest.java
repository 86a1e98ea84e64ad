package io.mesoscompose.mesos;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.json.Json;
import io.mesoscompose.simulator.MesosMasterSimulator;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Whether the master knows a framework ID, read from {@code /master/frameworks?framework_id=} in the shape Mesos
 * writes it (src/master/readonly_handler.cpp: {@code frameworks} with {@code active}/{@code connected},
 * {@code completed_frameworks}, an empty {@code unregistered_frameworks}).
 */
class FrameworkStatusTest {

    MesosMasterSimulator master;
    MesosClient client;

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (master != null) {
            master.close();
        }
    }

    private static FrameworkStatus parse(String id, String json) throws Exception {
        return MesosClient.frameworkStatus(id, Json.MAPPER.readTree(json));
    }

    @Test
    void registeredCompletedOrUnknownAsTheMastersListsSay() throws Exception {
        String answer = """
                {"frameworks": [{"id": "fw-1", "name": "mc", "active": false, "connected": false, "recovered": false}],
                 "completed_frameworks": [{"id": "fw-0", "name": "mc", "active": false, "connected": false}],
                 "unregistered_frameworks": []}
                """;
        assertThat(parse("fw-1", answer)).isEqualTo(new FrameworkStatus.Registered(false, false));
        assertThat(parse("fw-0", answer)).isEqualTo(new FrameworkStatus.Completed());
        assertThat(parse("fw-9", answer)).isEqualTo(new FrameworkStatus.Unknown());
        assertThat(parse("fw-1", "{}")).isInstanceOf(FrameworkStatus.Unreachable.class);
    }

    @Test
    void theSimulatedMasterIsAskedForTheSubscribedFramework() throws Exception {
        EventLog log = new EventLog();
        master = MesosMasterSimulator.start(MesosClientSimulatorTest.oneAgent().build());
        client = new MesosClient(MesosClientSimulatorTest.config(), new StaticMasters(List.of(URI.create(master.url()))),
                log, log);
        client.start();
        String id = log.await(MesosEvent.Subscribed.class).info().getFrameworkId().getValue();
        assertThat(client.frameworkStatus(id)).isInstanceOfSatisfying(FrameworkStatus.Registered.class,
                r -> assertThat(r.active()).isTrue());
        assertThat(client.frameworkStatus("someone-else")).isEqualTo(new FrameworkStatus.Unknown());
        master.close();
        master = null;
        assertThat(client.frameworkStatus(id)).isInstanceOf(FrameworkStatus.Unreachable.class);
    }
}
