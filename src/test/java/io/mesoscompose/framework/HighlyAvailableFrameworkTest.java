package io.mesoscompose.framework;

import static io.mesoscompose.framework.FrameworkHarness.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesoscompose.config.FrameworkConfig;
import io.mesoscompose.json.Json;
import io.mesoscompose.secrets.SecretResolver;
import io.mesoscompose.simulator.MesosMasterSimulator;
import io.mesoscompose.simulator.SimulatorConfig;
import io.mesoscompose.simulator.TaskView;
import io.mesoscompose.testsupport.PemKeyPair;
import io.mesoscompose.testsupport.PrivateCa;
import io.mesoscompose.tls.TlsContexts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.apache.curator.test.TestingServer;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances of the real framework in this JVM, one ZooKeeper server (state and election) and the simulated
 * master: one leads and schedules, the other stands by, answers reads (projects, tasks, diff, tasks' output) and has
 * the leader carry out operations, and takes over as a failover of the same framework when the leader goes.
 */
class HighlyAvailableFrameworkTest {

    private static final AtomicInteger PATHS = new AtomicInteger();
    private static final String AUTH = "Basic " + Base64.getEncoder().encodeToString("ops:pw".getBytes(
            StandardCharsets.UTF_8));
    private static final String COMPOSE = "services:\n  web:\n    image: nginx\n    deploy:\n      replicas: 3\n"
            + "      resources: {limits: {cpus: 0.1, memory: 32}}\n";

    private TestingServer zooKeeper;
    private MesosMasterSimulator master;
    private final List<HighlyAvailableFramework> instances = new ArrayList<>();
    private HttpClient http = HttpClient.newHttpClient();
    private Map<String, String> env;

    @BeforeEach
    void start() throws Exception {
        zooKeeper = new TestingServer(true);
        master = MesosMasterSimulator.start(SimulatorConfig.builder().agentCount(3)
                .heartbeatInterval(Duration.ofSeconds(1)).offerInterval(Duration.ofMillis(50)).build());
        String root = "zk://" + zooKeeper.getConnectString() + "/mc" + PATHS.incrementAndGet();
        env = new HashMap<>(Map.of("MESOS_MASTER", master.url(), "FRAMEWORK_HOSTNAME", "127.0.0.1",
                "FRAMEWORK_LISTEN", "127.0.0.1", "FRAMEWORK_PORT", "0", "AUTH_USERNAME", "ops", "AUTH_PASSWORD", "pw",
                "MESOS_COMPOSE_STATE", root + "/state", "MESOS_COMPOSE_HA", root + "/ha",
                "MESOS_COMPOSE_HA_SESSION_TIMEOUT", "4s"));
    }

    @AfterEach
    void stop() throws Exception {
        instances.forEach(HighlyAvailableFramework::close);
        master.close();
        zooKeeper.close();
    }

    private HighlyAvailableFramework instance() {
        HighlyAvailableFramework f = HighlyAvailableFramework.start(FrameworkConfig.fromEnvironment(env),
                SecretResolver.NONE, Clock.systemUTC(), () -> {
                    throw new AssertionError("an instance wanted to exit");
                });
        instances.add(f);
        return f;
    }

    private HttpResponse<String> send(HighlyAvailableFramework to, String method, String path, String body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(to.apiUri() + path)).header("Authorization", AUTH)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(30)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode health(HighlyAvailableFramework of) throws Exception {
        return Json.MAPPER.readTree(send(of, "GET", "/health", null).body());
    }

    /** Tasks the instance's API lists as running; -1 while it does not answer. */
    private int runningListedBy(HighlyAvailableFramework instance) {
        try {
            return send(instance, "GET", "/api/compose/v1/tasks", null).body().split("TASK_RUNNING", -1).length - 1;
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String apply(String compose) throws IOException {
        return Json.MAPPER.writeValueAsString(Map.of("files", List.of(Map.of("name", "compose.yml", "content",
                compose))));
    }

    @Test
    void theLeaderSchedulesAndAStandbyAnswersReadsAndHasTheLeaderCarryOutOperations() throws Exception {
        HighlyAvailableFramework a = instance();
        await("a leads and is subscribed", a::subscribed);
        HighlyAvailableFramework b = instance();
        String aUrl = a.apiUri().toString().replaceAll("/$", "");

        JsonNode standbyHealth = health(b);
        assertThat(send(b, "GET", "/health", null).statusCode()).as("a standby is healthy").isEqualTo(200);
        assertThat(standbyHealth.at("/ha/role").asText()).isEqualTo("standby");
        assertThat(standbyHealth.at("/ha/leader").asText()).isEqualTo(aUrl);
        assertThat(health(a).at("/ha/role").asText()).isEqualTo("leader");

        HttpResponse<String> launched = send(b, "PUT", "/api/compose/v1/projects/shop", apply(COMPOSE));
        assertThat(launched.statusCode()).as(launched.body()).isEqualTo(201);
        assertThat(Json.MAPPER.readTree(launched.body()).get("version").asLong()).isEqualTo(1);
        await("three tasks run", () -> master.runningTasks().size() == 3);
        await("the standby lists them running", () -> runningListedBy(b) == 3);

        HttpResponse<String> diff = send(b, "POST", "/api/compose/v1/projects/shop/diff",
                apply(COMPOSE.replace("replicas: 3", "replicas: 5")));
        assertThat(diff.statusCode()).as(diff.body()).isEqualTo(200);
        assertThat(Json.MAPPER.readTree(diff.body()).at("/services/0/change").asText())
                .as("the standby compares with the plans it keeps built").isEqualTo("SCALED");
        String task = master.runningTasks().getFirst().id();
        HttpResponse<String> fromStandby = send(b, "GET", "/api/compose/v1/tasks/" + task + "/logs", null);
        assertThat(fromStandby.statusCode()).as("the standby reads a task's output from its agent: "
                + fromStandby.body()).isEqualTo(200);
        assertThat(fromStandby.body()).isEqualTo(send(a, "GET", "/api/compose/v1/tasks/" + task + "/logs", null)
                .body());

        HttpResponse<String> scaled = send(b, "PUT", "/api/compose/v1/projects/shop/services/web/scale",
                "{\"replicas\": 1}");
        assertThat(scaled.statusCode()).as(scaled.body()).isEqualTo(202);
        assertThat(scaled.body()).contains("scaled to 1");
        await("one task runs", () -> master.runningTasks().size() == 1);

        HttpResponse<String> refused = send(b, "PUT", "/api/compose/v1/projects/shop",
                apply("services:\n  web:\n    imgae: nginx\n"));
        assertThat(refused.statusCode()).isEqualTo(422);
        assertThat(refused.body()).contains("compose.yml:3:5: error: service \\\"web\\\": imgae: unknown field");
        assertThat(send(b, "DELETE", "/api/compose/v1/tasks/no-such-task", null).statusCode()).isEqualTo(404);

        JsonNode frameworks = Json.MAPPER.readTree(http.send(HttpRequest.newBuilder(URI.create(master.url()
                + "/master/frameworks")).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(frameworks.findValuesAsText("webui_url")).as("the leader's API is registered").contains(aUrl);
    }

    @Test
    void whenTheLeaderGoesTheStandbyFailsOverWithTheSameFrameworkIdAndLaunchesNothingAgain() throws Exception {
        HighlyAvailableFramework a = instance();
        await("a leads and is subscribed", a::subscribed);
        HighlyAvailableFramework b = instance();
        assertThat(send(a, "PUT", "/api/compose/v1/projects/shop", apply(COMPOSE)).statusCode()).isEqualTo(201);
        await("three tasks run", () -> master.runningTasks().size() == 3);
        Set<String> before = master.tasks().stream().map(TaskView::id).collect(Collectors.toSet());
        String frameworkId = master.tasks().getFirst().frameworkId();
        long accepts = master.calls(Call.Type.ACCEPT);

        a.close();
        await("b leads and is subscribed", b::subscribed);
        assertThat(health(b).at("/ha/role").asText()).isEqualTo("leader");
        await("b has reconciled the three tasks", () -> runningListedBy(b) == 3);
        assertThat(master.tasks()).extracting(TaskView::frameworkId).containsOnly(frameworkId);
        assertThat(master.tasks()).extracting(TaskView::id).containsExactlyInAnyOrderElementsOf(before);
        assertThat(master.calls(Call.Type.ACCEPT)).as("nothing launched again").isEqualTo(accepts);

        HttpResponse<String> scaled = send(b, "PUT", "/api/compose/v1/projects/shop/services/web/scale",
                "{\"replicas\": 4}");
        assertThat(scaled.statusCode()).as(scaled.body()).isEqualTo(202);
        await("the new leader schedules", () -> master.runningTasks().size() == 4);
    }

    @Test
    void overHttpsAStandbyHasTheLeaderCarryOutOperationsWhenAPrivateCaIssuedTheirCertificates(@TempDir Path dir)
            throws Exception {
        // Each instance its own certificate for 127.0.0.1, issued by the cluster's CA, whose certificate is in each
        // chain (SSL_CRT_BASE64, as the Go project takes it); no other TLS setting.
        PrivateCa ca = PrivateCa.create(dir, "cluster");
        http = HttpClient.newBuilder().sslContext(TlsContexts.client("the instances", Optional.of(ca.certificate()),
                false)).build();
        HighlyAvailableFramework a = instance(ca.issue("a"));
        await("a leads and is subscribed", a::subscribed);
        HighlyAvailableFramework b = instance(ca.issue("b"));
        assertThat(a.apiUri().getScheme()).isEqualTo("https");
        assertThat(health(b).at("/ha/leader").asText()).startsWith("https://127.0.0.1:");

        HttpResponse<String> launched = send(b, "PUT", "/api/compose/v1/projects/shop", apply(COMPOSE));
        assertThat(launched.statusCode()).as(launched.body()).isEqualTo(201);
        await("three tasks run", () -> master.runningTasks().size() == 3);
        HttpResponse<String> scaled = send(b, "PUT", "/api/compose/v1/projects/shop/services/web/scale",
                "{\"replicas\": 1}");
        assertThat(scaled.statusCode()).as(scaled.body()).isEqualTo(202);
        await("one task runs", () -> master.runningTasks().size() == 1);
    }

    private HighlyAvailableFramework instance(PrivateCa.Issued certificate) throws IOException {
        env.put("SSL_CRT_BASE64", PemKeyPair.base64(certificate.chain()));
        env.put("SSL_KEY_BASE64", PemKeyPair.base64(certificate.key()));
        return instance();
    }

    @Test
    void theEmbeddedStoreIsRefusedAtStartWithHa() {
        env.put("MESOS_COMPOSE_STATE", "mesos-compose-data");
        assertThatThrownBy(this::instance)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("high availability (--ha) needs a state every instance reaches");
    }
}
