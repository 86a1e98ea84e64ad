package io.mesoscompose.framework;

import static io.mesoscompose.framework.FrameworkHarness.await;
import static io.mesoscompose.testsupport.IncludingProject.COMPOSE;
import static io.mesoscompose.testsupport.IncludingProject.NAMED_FILES;
import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.api.model.ApplyRequest;
import io.mesoscompose.compose.SourceFile;
import io.mesoscompose.json.Json;
import io.mesoscompose.simulator.MesosMasterSimulator;
import io.mesoscompose.simulator.SimulatorConfig;
import io.mesoscompose.simulator.TaskView;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * include, extends of another file and env_file over the API: the client sends the files the compose files name,
 * the framework loads them, keeps them, and loads them again after a restart.
 */
class AttachmentsEndToEndTest {

    @TempDir
    Path stateDir;
    MesosMasterSimulator master;
    FrameworkHarness harness;

    @BeforeEach
    void start() throws Exception {
        master = MesosMasterSimulator.start(SimulatorConfig.builder().agentCount(2)
                .heartbeatInterval(Duration.ofSeconds(1)).offerInterval(Duration.ofMillis(100)).build());
        harness = new FrameworkHarness(master, stateDir, Map.of()).start();
    }

    @AfterEach
    void stop() {
        harness.close();
        master.close();
    }

    @Test
    void theFilesTheComposeFileNamesAreLoadedKeptAndLoadedAgainAfterARestart() throws Exception {
        ApplyRequest request = new ApplyRequest(List.of(new SourceFile("compose.yml", COMPOSE)), NAMED_FILES,
                Map.of("BASE_TAG", "1.27", "CACHE_TAG", "7"), List.of());
        var answer = harness.send("PUT", "/api/compose/v1/projects/shop", Json.MAPPER.writeValueAsString(request));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(201);
        await("web and cache run", () -> master.runningTasks().size() == 2);
        assertThat(harness.framework.scheduler().snapshot().plans().get("shop").services())
                .extracting(s -> s.service()).containsExactlyInAnyOrder("web", "cache");
        assertThat(harness.framework.scheduler().snapshot().plans().get("shop").services().stream()
                .filter(s -> s.service().equals("web")).findFirst().orElseThrow().template().getContainer()
                .getDocker().getImage()).isEqualTo("nginx:1.27");
        List<String> before = master.runningTasks().stream().map(TaskView::id).sorted().toList();

        harness.stop();
        harness.start();
        await("the framework manages the project again", () -> harness.framework.subscribed()
                && harness.framework.scheduler().snapshot().plans().containsKey("shop"));
        Thread.sleep(1000);
        assertThat(master.runningTasks().stream().map(TaskView::id).sorted().toList())
                .as("nothing relaunched: the stored attachments load the same plan").isEqualTo(before);
    }

    @Test
    void withoutTheFilesTheErrorSaysWhatIsMissing() throws Exception {
        ApplyRequest request = new ApplyRequest(List.of(new SourceFile("compose.yml", COMPOSE)), Map.of());
        var answer = harness.send("PUT", "/api/compose/v1/projects/shop", Json.MAPPER.writeValueAsString(request));
        assertThat(answer.statusCode()).isEqualTo(422);
        assertThat(answer.body()).contains("\\\"shared/cache.yml\\\" cannot be read here")
                .contains("mesos-compose up sends the files the compose files name");
        assertThat(master.runningTasks()).isEmpty();
    }
}
