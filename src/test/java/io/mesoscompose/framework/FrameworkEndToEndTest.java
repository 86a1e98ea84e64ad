package io.mesoscompose.framework;

import io.mesoscompose.testsupport.ComposeExamples;
import io.mesoscompose.testsupport.PemKeyPair;
import static io.mesoscompose.framework.FrameworkHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesoscompose.json.Json;
import io.mesoscompose.simulator.MesosMasterSimulator;
import io.mesoscompose.simulator.SimAgent;
import io.mesoscompose.simulator.SimulatorConfig;
import io.mesoscompose.simulator.TaskView;
import io.mesoscompose.testsupport.SelfSignedCertificate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.TaskState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The framework as a whole: HTTP API → compose → plan → scheduler → Mesos client → simulated master, and back. */
class FrameworkEndToEndTest {

    static final Path SEED = ComposeExamples.file("seed-example.yaml");

    @TempDir
    Path stateDir;
    MesosMasterSimulator master;
    FrameworkHarness harness;

    @BeforeEach
    void start() throws Exception {
        List<SimAgent> agents = List.of(
                new SimAgent("agent-local", "localhost", 4, 4096, 10_000, 31000, 31999, "*",
                        Map.of("os", "linux", "arch", "arm")),
                new SimAgent("agent-other", "other.sim.local", 4, 4096, 10_000, 32000, 32999, "*",
                        Map.of("os", "linux", "arch", "amd64")));
        master = MesosMasterSimulator.start(SimulatorConfig.builder().agents(agents)
                .heartbeatInterval(Duration.ofSeconds(1)).offerInterval(Duration.ofMillis(100)).build());
        harness = new FrameworkHarness(master, stateDir, Map.of()).start();
    }

    @AfterEach
    void stop() {
        harness.close();
        master.close();
    }

    @Test
    void seedExampleSentAsTheMesosCliPluginDoesRunsOnTheOnlyAgentItsConstraintsAllow() throws Exception {
        var answer = harness.send("PUT", "/api/compose/v0/test", Files.readString(SEED));
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(answer.body()).get("number").asInt()).isZero();

        await("the seed's task runs", () -> master.runningTasks().size() == 1);
        TaskView task = master.runningTasks().get(0);
        assertThat(task.name()).isEqualTo("mc:test:app1");
        assertThat(task.agentId()).isEqualTo("agent-local");
        assertThat(task.id()).startsWith("test_app.");

        await("the API lists it running", () -> tasksJson().toString().contains("TASK_RUNNING"));
        JsonNode listed = tasksJson().get(0);
        assertThat(listed.get("TaskID").asText()).isEqualTo(task.id());
        assertThat(listed.get("task_name").asText()).isEqualTo("mc:test:app1");
        assertThat(listed.get("MesosAgent").get("hostname").asText()).isEqualTo("localhost");
        assertThat(harness.send("GET", "/metrics", null).body())
                .contains("mesoscompose_tasks_current{state=\"TASK_RUNNING\"} 1");
    }

    @Test
    void invalidComposeFileChangesNothingAndNamesTheProblem() throws Exception {
        var answer = harness.send("PUT", "/api/compose/v0/bad", "services:\n  web:\n    imgae: nginx\n");
        JsonNode body = Json.MAPPER.readTree(answer.body());
        assertThat(body.get("number").asInt()).isNotZero();
        assertThat(body.get("message").asText()).contains("docker-compose.yml:3:5: error: service \"web\": imgae: unknown field \"imgae\" (did you mean `image`?)")
                .doesNotContain("has no image");
        assertThat(harness.framework.scheduler().snapshot().projects()).isEmpty();
        assertThat(master.tasks()).isEmpty();
    }

    @Test
    void restartedFrameworkResumesWithoutDuplicatesOrLosses() throws Exception {
        String compose = "services:\n  web:\n    image: nginx\n    deploy: {replicas: 3}\n";
        assertThat(harness.send("PUT", "/api/compose/v0/shop", compose).statusCode()).isEqualTo(200);
        await("3 replicas run", () -> master.runningTasks().size() == 3);
        List<String> before = master.runningTasks().stream().map(TaskView::id).sorted().toList();

        harness.stop();
        harness.start();

        await("the framework is subscribed again", () -> harness.framework.subscribed());
        await("the restarted framework knows the 3 tasks as running", () -> harness.framework.scheduler().snapshot()
                .tasks().stream().filter(t -> t.state().equals("TASK_RUNNING")).count() == 3);
        Thread.sleep(1500); // several offer cycles: a duplicate launch would show up now
        assertThat(master.runningTasks().stream().map(TaskView::id).sorted().toList()).isEqualTo(before);
        assertThat(master.tasks()).allSatisfy(t -> assertThat(t.state()).isEqualTo(TaskState.TASK_RUNNING));
    }

    @Test
    void frameworkRemovedAfterItsFailoverTimeoutRegistersAnewAndRelaunches() throws Exception {
        harness.close();
        harness = new FrameworkHarness(master, stateDir, Map.of("FRAMEWORK_FAILOVER_TIMEOUT", "1s")).start();
        harness.send("PUT", "/api/compose/v0/app", "services:\n  a:\n    image: busybox\n");
        await("the task runs", () -> master.runningTasks().size() == 1);
        TaskView first = master.runningTasks().get(0);

        harness.stop();
        await("the master removed the framework and killed its task", () -> master.runningTasks().isEmpty());
        harness.start();

        await("the task runs again under a new framework", () -> master.runningTasks().size() == 1
                && !master.runningTasks().get(0).frameworkId().equals(first.frameworkId()));
        assertThat(master.runningTasks().get(0).id()).isNotEqualTo(first.id()).startsWith("app_a.");
    }

    @Test
    void apiServesHttpsWhenAKeyStoreIsConfigured(@TempDir Path certs) throws Exception {
        SelfSignedCertificate certificate = SelfSignedCertificate.create(certs, "api");
        harness.close();
        harness = new FrameworkHarness(master, stateDir, Map.of("FRAMEWORK_TLS_KEYSTORE",
                certificate.keyStore().toString(), "FRAMEWORK_TLS_KEYSTORE_PASSWORD", SelfSignedCertificate.PASSWORD))
                .start();
        assertThat(healthOverHttps(certificate.pem())).contains("\"state_store_ok\":true");
    }

    /** The framework's /health over HTTPS, trusting only the given certificate. */
    private String healthOverHttps(Path trusted) throws Exception {
        assertThat(harness.framework.apiUri().getScheme()).isEqualTo("https");
        var client = java.net.http.HttpClient.newBuilder()
                .sslContext(io.mesoscompose.tls.TlsContexts.client("the framework", java.util.Optional.of(trusted), false)).build();
        return client.send(java.net.http.HttpRequest.newBuilder(harness.framework.apiUri().resolve("/health"))
                .build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void apiServesHttpsWithTheGoProjectsBase64PemSettings(@TempDir Path certs) throws Exception {
        PemKeyPair pair = PemKeyPair.create(certs);
        harness.close();
        harness = new FrameworkHarness(master, stateDir, Map.of("SSL_CRT_BASE64", PemKeyPair.base64(pair.certificate()),
                "SSL_KEY_BASE64", PemKeyPair.base64(pair.pkcs1Key()))).start();
        assertThat(healthOverHttps(pair.certificate())).contains("\"state_store_ok\":true");
    }

    @Test
    void eventStreamShowsTheDeploymentAsItHappens() throws Exception {
        java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
        var request = java.net.http.HttpRequest.newBuilder(harness.framework.apiUri().resolve("/api/compose/v1/events?project=live")).build();
        var stream = java.net.http.HttpClient.newHttpClient().sendAsync(request, java.net.http.HttpResponse.BodyHandlers.ofLines());
        Thread.ofVirtual().start(() -> stream.join().body().forEach(lines::add));
        assertThat(lines.poll(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(": connected");

        harness.send("PUT", "/api/compose/v0/live", "services:\n  web:\n    image: nginx\n    deploy: {replicas: 2}\n");
        java.util.List<String> seen = new java.util.ArrayList<>();
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (seen.stream().filter(l -> l.startsWith("data:") && l.contains("TASK_RUNNING")).count() < 2
                && System.nanoTime() < deadline) {
            String line = lines.poll(1, java.util.concurrent.TimeUnit.SECONDS);
            if (line != null) {
                seen.add(line);
            }
        }
        String all = String.join("\n", seen);
        assertThat(all).contains("event: project", "\"change\":\"applied\"", "event: task", "TASK_STAGING",
                "event: service");
        assertThat(seen.stream().filter(l -> l.startsWith("data:") && l.contains("TASK_RUNNING"))).hasSize(2);
        assertThat(all.indexOf("TASK_STAGING")).isLessThan(all.indexOf("TASK_RUNNING"));
        stream.cancel(true);
    }

    @Test
    void killedProjectStopsItsTasks() throws Exception {
        harness.send("PUT", "/api/compose/v0/tmp", "services:\n  a:\n    image: busybox\n");
        await("the task runs", () -> master.runningTasks().size() == 1);
        var stop = harness.send("DELETE", "/api/compose/v0/tmp/a", null);
        assertThat(stop.statusCode()).as(stop.body()).isEqualTo(200);
        await("the task is killed", () -> master.runningTasks().isEmpty());
    }

    private JsonNode tasksJson() {
        try {
            return Json.MAPPER.readTree(harness.send("GET", "/api/compose/v0/tasks", null).body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
