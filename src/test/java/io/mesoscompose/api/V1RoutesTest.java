package io.mesoscompose.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesoscompose.api.model.ApplyRequest;
import io.mesoscompose.api.model.PendingTask;
import io.mesoscompose.compose.SourceFile;
import io.mesoscompose.json.Json;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The v1 API over loopback HTTP against the in-memory backend. */
class V1RoutesTest {
    private final FakeBackend backend = new FakeBackend();
    private LoopbackApi api;

    @BeforeEach
    void start() throws Exception {
        api = new LoopbackApi(new V1Routes(backend).register(new Router()));
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        return Json.MAPPER.readTree(response.body());
    }

    private HttpResponse<String> up(String project, String compose) throws Exception {
        String body = Json.MAPPER.writeValueAsString(new ApplyRequest(
                List.of(new SourceFile("compose.yml", compose)), Map.of("TAG", "1.2")));
        return api.send("PUT", "/api/compose/v1/projects/" + project, body);
    }

    @Test
    void firstPutLaunchesSecondUpdates() throws Exception {
        HttpResponse<String> created = up("shop", CompatRoutesTest.COMPOSE);
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(json(created).get("version").asLong()).isEqualTo(1);
        HttpResponse<String> updated = up("shop", CompatRoutesTest.COMPOSE);
        assertThat(updated.statusCode()).isEqualTo(200);
        assertThat(json(updated).get("version").asLong()).isEqualTo(2);
        assertThat(backend.calls).containsExactly("launch shop [compose.yml]", "update shop [compose.yml]");
        assertThat(backend.variables).containsOnly(Map.of("TAG", "1.2"));
    }

    @Test
    void profilesOfTheRequestReachTheLoaderAsComposeProfiles() throws Exception {
        String body = Json.MAPPER.writeValueAsString(new ApplyRequest(
                List.of(new SourceFile("compose.yml", CompatRoutesTest.COMPOSE)), Map.of("TAG", "1.2"),
                List.of("debug", "ci")));
        assertThat(api.send("PUT", "/api/compose/v1/projects/shop", body).statusCode()).isEqualTo(201);
        assertThat(backend.variables).containsExactly(Map.of("TAG", "1.2", "COMPOSE_PROFILES", "debug,ci"));
    }

    @Test
    void refusedFilesAnswer422WithEachDiagnostic() throws Exception {
        HttpResponse<String> response = up("shop", "version: '3'\n");
        assertThat(response.statusCode()).isEqualTo(422);
        JsonNode body = json(response);
        assertThat(body.get("error").asText()).isEqualTo("invalid compose file");
        JsonNode d = body.get("diagnostics").get(0);
        assertThat(d.get("file").asText()).isEqualTo("compose.yml");
        assertThat(d.get("line").asInt()).isEqualTo(1);
        assertThat(d.get("column").asInt()).isEqualTo(1);
        assertThat(d.get("field").asText()).isEqualTo("services");
        assertThat(d.get("message").asText()).isEqualTo("a compose file needs a services section");
        assertThat(d.get("hint").asText()).isEqualTo("add services:");
        assertThat(d.get("severity").asText()).isEqualTo("error");
    }

    @Test
    void malformedBodiesAnswer400() throws Exception {
        HttpResponse<String> response = api.send("PUT", "/api/compose/v1/projects/shop", "services: {}");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).get("error").asText()).startsWith("the body must be JSON");
        assertThat(api.send("PUT", "/api/compose/v1/projects/shop", "{\"files\": []}").statusCode()).isEqualTo(400);
        assertThat(api.send("PUT", "/api/compose/v1/projects/shop", "{\"files\": [{\"name\": \"a.yml\"}]}").statusCode()).isEqualTo(400);
        assertThat(api.send("PUT", "/api/compose/v1/projects/shop",
                "{\"files\": [{\"name\": \"a.yml\", \"content\": \"services: {}\"}], \"variables\": {\"A\": null}}").statusCode()).isEqualTo(400);
        assertThat(backend.calls).isEmpty();
    }

    @Test
    void projectListAndDetailCountTasksPerService() throws Exception {
        up("shop", CompatRoutesTest.COMPOSE.replace("image: redis", "image: redis\n    deploy:\n      replicas: 2"));
        backend.task("shop", "app", 0, "TASK_RUNNING", null);
        backend.task("shop", "app", 1, "TASK_STAGING", null);
        backend.task("shop", "db", 0, "TASK_FAILED", "Container exited with status 1");
        backend.pending(new PendingTask("shop", "db", 1, "no offer with 4 cpus (largest 2)"));

        JsonNode projects = json(api.send("GET", "/api/compose/v1/projects", null));
        assertThat(projects.get(0).get("name").asText()).isEqualTo("shop");
        JsonNode app = projects.get(0).get("services").get(0);
        assertThat(app.get("service").asText()).isEqualTo("app");
        assertThat(app.get("desired").asInt()).isEqualTo(2);
        assertThat(app.get("running").asInt()).isEqualTo(1);
        assertThat(app.get("staging").asInt()).isEqualTo(1);

        JsonNode detail = json(api.send("GET", "/api/compose/v1/projects/shop", null));
        assertThat(detail.get("sources").get(0).get("content").asText()).contains("image: redis");
        assertThat(detail.get("plan").get(1).get("task_info").get("name").asText()).isEqualTo("mc:shop:db");
        JsonNode db = detail.get("services").get(1);
        assertThat(db.get("failed").asInt()).isEqualTo(1);
        assertThat(db.get("pending").asInt()).isEqualTo(1);
        assertThat(db.get("pending_reason").asText()).isEqualTo("no offer with 4 cpus (largest 2)");
        assertThat(db.get("last_failure").asText()).contains("TASK_FAILED (exit code 1): Container exited with status 1");
        assertThat(detail.has("variables")).as("variables may hold secrets").isFalse();
    }

    @Test
    void unknownProjectIs404AsJson() throws Exception {
        HttpResponse<String> response = api.send("GET", "/api/compose/v1/projects/nope", null);
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("error").asText()).isEqualTo("no project nope");
        assertThat(api.send("GET", "/api/compose/v1/projects/nope/services", null).statusCode()).isEqualTo(404);
    }

    @Test
    void tasksCarryStateHostPortsAndLastMessageAndFilterByProject() throws Exception {
        up("shop", CompatRoutesTest.COMPOSE);
        up("blog", CompatRoutesTest.COMPOSE);
        backend.task("shop", "app", 0, "TASK_RUNNING", "healthy");
        backend.task("blog", "app", 0, "TASK_RUNNING", null);
        JsonNode tasks = json(api.send("GET", "/api/compose/v1/tasks?project=shop", null));
        assertThat(tasks.size()).isEqualTo(1);
        JsonNode task = tasks.get(0);
        assertThat(task.get("State").asText()).isEqualTo("TASK_RUNNING");
        assertThat(task.get("MesosAgent").get("hostname").asText()).isEqualTo("agent1.example");
        assertThat(task.get("host_ports").get("80/tcp").asInt()).isEqualTo(31001);
        assertThat(task.get("message").asText()).isEqualTo("healthy");
        assertThat(task.has("terminal")).as("helper methods are not serialized").isFalse();
        assertThat(json(api.send("GET", "/api/compose/v1/tasks", null)).size()).isEqualTo(2);
    }

    @Test
    void scaleRestartAndKill() throws Exception {
        up("shop", CompatRoutesTest.COMPOSE);
        String id = backend.task("shop", "app", 0, "TASK_RUNNING", null).taskId();
        assertThat(api.send("PUT", "/api/compose/v1/projects/shop/services/app/scale", "{\"replicas\": 3}").statusCode()).isEqualTo(202);
        assertThat(api.send("POST", "/api/compose/v1/projects/shop/services/app/restart", "").statusCode()).isEqualTo(202);
        assertThat(api.send("DELETE", "/api/compose/v1/projects/shop/services/db", null).statusCode()).isEqualTo(202);
        assertThat(api.send("POST", "/api/compose/v1/tasks/" + id + "/restart", "").statusCode()).isEqualTo(202);
        assertThat(api.send("DELETE", "/api/compose/v1/tasks/" + id, null).statusCode()).isEqualTo(202);
        assertThat(api.send("DELETE", "/api/compose/v1/projects/shop", null).statusCode()).isEqualTo(202);
        assertThat(backend.calls).containsExactly("launch shop [compose.yml]", "scale shop app 3", "restart shop app",
                "kill shop db", "restartTask " + id, "killTask " + id, "kill shop");
    }

    @Test
    void scaleValidatesItsBody() throws Exception {
        up("shop", CompatRoutesTest.COMPOSE);
        assertThat(api.send("PUT", "/api/compose/v1/projects/shop/services/app/scale", "{\"replicas\": -1}").statusCode()).isEqualTo(400);
        assertThat(api.send("PUT", "/api/compose/v1/projects/shop/services/app/scale", "three").statusCode()).isEqualTo(400);
        HttpResponse<String> missing = api.send("PUT", "/api/compose/v1/projects/shop/services/nope/scale", "{\"replicas\": 1}");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).get("error").asText()).isEqualTo("no service nope");
    }

    @Test
    void pendingListsTheReason() throws Exception {
        backend.pending(new PendingTask("shop", "db", 0, "constraint node.hostname==db1: no such agent"));
        JsonNode pending = json(api.send("GET", "/api/compose/v1/pending", null));
        assertThat(pending.get(0).get("reason").asText()).isEqualTo("constraint node.hostname==db1: no such agent");
        assertThat(pending.get(0).get("replica").asInt()).isZero();
    }

    @Test
    void frameworkOperations() throws Exception {
        assertThat(api.send("POST", "/api/compose/v1/framework/reregister", "").statusCode()).isEqualTo(202);
        assertThat(api.send("POST", "/api/compose/v1/framework/suppress", "").statusCode()).isEqualTo(202);
        assertThat(api.send("DELETE", "/api/compose/v1/framework/id", null).statusCode()).isEqualTo(202);
        assertThat(backend.calls).containsExactly("reregister", "suppress", "forgetFrameworkId");
    }

    @Test
    void everyRouteNeedsCredentials() throws Exception {
        assertThat(api.send("GET", "/api/compose/v1/projects", null, null).statusCode()).isEqualTo(401);
        assertThat(api.send("GET", "/api/compose/v1/tasks", null, "admin:nope").statusCode()).isEqualTo(401);
    }
}
