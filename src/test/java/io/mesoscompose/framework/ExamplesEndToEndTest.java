package io.mesoscompose.framework;

import static io.mesoscompose.framework.FrameworkHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.compose.ComposeLoader;
import io.mesoscompose.compose.Diagnostic;
import io.mesoscompose.compose.LoadRequest;
import io.mesoscompose.compose.LoadResult;
import io.mesoscompose.compose.SourceFile;
import io.mesoscompose.json.Json;
import io.mesoscompose.scheduler.SchedulerSnapshot;
import io.mesoscompose.secrets.FakeVaultServer;
import io.mesoscompose.simulator.MesosMasterSimulator;
import io.mesoscompose.simulator.SimulatorConfig;
import io.mesoscompose.simulator.TaskScripts;
import io.mesoscompose.state.TaskRecord;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files of examples/, as a newcomer tries them: each is valid, and each runs on the cluster of
 * {@code serve --simulate} (three generated agents), with a Vault for the one that needs it.
 */
class ExamplesEndToEndTest {

    static final Path EXAMPLES = Path.of("examples");

    @TempDir
    Path stateDir;
    private MesosMasterSimulator master;
    private FakeVaultServer vault;
    private FrameworkHarness harness;
    /** Every TaskInfo the master accepted, as its agent sees it. */
    private final List<TaskInfo> launched = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        vault = FakeVaultServer.start().token("dev-only-token");
        vault.put("secret", "shop", Map.of("db_password", "s3cr3t-from-vault"));
        master = MesosMasterSimulator.start(SimulatorConfig.builder().agentCount(3)
                .offerInterval(Duration.ofMillis(100)).scriptFor(task -> {
                    launched.add(task);
                    return TaskScripts.fromLabels(task);
                }).build());
        harness = new FrameworkHarness(master, stateDir, Map.of("VAULT_URL", vault.url().toString(),
                "VAULT_TOKEN", "dev-only-token")).start();
    }

    @AfterEach
    void stop() {
        harness.close();
        master.close();
        vault.close();
    }

    static List<String> exampleFiles() throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
        }
    }

    static LoadResult load(String file) throws IOException {
        return ComposeLoader.load(new LoadRequest(List.of(new SourceFile("examples/" + file,
                Files.readString(EXAMPLES.resolve(file)))), Optional.empty(), Map.of(), f -> Optional.empty()));
    }

    private void up(String file) throws Exception {
        LoadResult loaded = load(file);
        String project = loaded.project().orElseThrow().name();
        HttpResponse<String> answer = harness.send("PUT", "/api/compose/v0/" + project,
                Files.readString(EXAMPLES.resolve(file)));
        assertThat(Json.MAPPER.readTree(answer.body()).get("number").asInt()).as(file + ": " + answer.body()).isZero();
    }

    private List<TaskRecord> tasks(String project, String service) {
        SchedulerSnapshot snapshot = harness.framework.scheduler().snapshot();
        return snapshot.tasks().stream().filter(t -> t.project().equals(project) && t.service().equals(service))
                .toList();
    }

    private long running(String project, String service) {
        return tasks(project, service).stream().filter(t -> t.state().equals(TaskState.TASK_RUNNING.name())).count();
    }

    @Test
    void everyExampleIsValidAndCoveredHere() throws IOException {
        assertThat(exampleFiles()).containsExactly("job.yaml", "traefik-whoami.yaml", "vault-secret.yaml",
                "web-db.yaml");
        for (String file : exampleFiles()) {
            LoadResult r = load(file);
            assertThat(r.diagnostics().stream().filter(Diagnostic::isError)).as(file).isEmpty();
            assertThat(r.project()).as(file).isPresent();
        }
    }

    @Test
    void theWebAppStartsOnceItsDatabaseIsHealthy() throws Exception {
        up("web-db.yaml");
        await("the database runs healthy", () -> tasks("shop", "db").stream()
                .anyMatch(t -> t.state().equals("TASK_RUNNING") && t.healthy().orElse(false)));
        await("both web replicas run", () -> running("shop", "web") == 2);
        assertThat(running("shop", "db")).isEqualTo(1);
        assertThat(tasks("shop", "web")).allSatisfy(t -> assertThat(t.hostPorts()).isNotEmpty());
    }

    @Test
    void theJobRunsToCompletionOnce() throws Exception {
        up("job.yaml");
        await("the report finished", () -> tasks("nightly", "report").stream()
                .anyMatch(t -> t.state().equals(TaskState.TASK_FINISHED.name())));
        Thread.sleep(500);
        assertThat(tasks("nightly", "report")).hasSize(1);
    }

    @Test
    void theServiceWithAVaultPasswordRunsWithTheValueInItsTaskOnly() throws Exception {
        up("vault-secret.yaml");
        await("the api runs", () -> running("billing", "api") == 1);
        assertThat(launched).filteredOn(t -> t.getName().equals("mc:billing:api")).singleElement()
                .satisfies(t -> assertThat(t.getCommand().getEnvironment().getVariablesList())
                        .anySatisfy(v -> {
                            assertThat(v.getName()).isEqualTo("DB_PASSWORD");
                            assertThat(v.getValue()).isEqualTo("s3cr3t-from-vault");
                        }));
        assertThat(Json.MAPPER.writeValueAsString(harness.framework.scheduler().snapshot().tasks()))
                .doesNotContain("s3cr3t-from-vault");
    }

    @Test
    void theTraefikRoutedServicePublishesItsPortInTheDiscoveryInfo() throws Exception {
        up("traefik-whoami.yaml");
        await("both replicas run", () -> running("demo", "whoami") == 2);
        assertThat(launched).filteredOn(t -> t.getName().equals("mc:demo:whoami")).hasSize(2)
                .allSatisfy(t -> {
                    assertThat(t.getDiscovery().getPorts().getPorts(0).getName()).isEqualTo("mc_demo_whoami_80");
                    assertThat(t.getDiscovery().getPorts().getPorts(0).getNumber()).isBetween(31000, 32999);
                    assertThat(t.getLabels().getLabelsList()).anySatisfy(l ->
                            assertThat(l.getKey()).isEqualTo("traefik.http.routers.whoami.rule"));
                });
    }
}
