package io.mesoscompose.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesoscompose.api.model.PendingTask;
import io.mesoscompose.json.Json;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each v0 route with the request the Mesos CLI's compose plugin (mesos_cli/compose/main.py) sends: method, path,
 * the file as raw body, basic auth from {@code [compose.<fw>] principal/secret}; and the answer it reads.
 */
class CompatRoutesTest {
    static final String COMPOSE = """
            version: '3.9'
            services:
              app:
                image: alpine:latest
                command: "sleep"
              db:
                image: redis
            """;

    private final FakeBackend backend = new FakeBackend();
    private LoopbackApi api;

    @BeforeEach
    void start() throws Exception {
        api = new LoopbackApi(new CompatRoutes(backend).register(new Router()));
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json; charset=utf-8");
        assertThat(response.headers().firstValue("Api-Service")).hasValue("v0");
        return Json.MAPPER.readTree(response.body());
    }

    private static void assertOk(HttpResponse<String> response, String function) throws Exception {
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = json(response);
        assertThat(body.get("number").asInt()).isZero();
        assertThat(body.get("function").asText()).isEqualTo(function);
        assertThat(body.get("message").asText()).isEqualTo("ok");
    }

    @Test
    void launchSendsTheFileAsBody() throws Exception {
        // mesos compose launch mc myproj docker-compose.yml
        HttpResponse<String> response = api.send("PUT", "/api/compose/v0/myproj", COMPOSE);
        assertOk(response, "V0ComposePush");
        assertThat(json(response).get("version").asLong()).isEqualTo(1);
        assertThat(backend.calls).containsExactly("launch myproj [docker-compose.yml]");
        assertThat(backend.project("myproj").orElseThrow().sources().get(0).content()).isEqualTo(COMPOSE);
    }

    @Test
    void invalidComposeAnswersNonZeroWithThePreciseDiagnostics() throws Exception {
        HttpResponse<String> response = api.send("PUT", "/api/compose/v0/myproj", "version: '3.9'\n");
        assertThat(response.statusCode()).isEqualTo(406);
        JsonNode body = json(response);
        assertThat(body.get("number").asInt()).isEqualTo(CompatRoutes.INVALID);
        assertThat(body.get("function").asText()).isEqualTo("V0ComposePush");
        assertThat(body.get("message").asText()).isEqualTo("invalid compose file\n"
                + "docker-compose.yml:1:1: error: services: a compose file needs a services section (add services:)");
        JsonNode diagnostic = body.get("diagnostics").get(0);
        assertThat(diagnostic.get("file").asText()).isEqualTo("docker-compose.yml");
        assertThat(diagnostic.get("line").asInt()).isEqualTo(1);
        assertThat(diagnostic.get("severity").asText()).isEqualTo("error");
        assertThat(backend.projects()).isEmpty();
    }

    @Test
    void updateUsesTheCustomUpdateMethod() throws Exception {
        api.send("PUT", "/api/compose/v0/myproj", COMPOSE);
        HttpResponse<String> response = api.send("UPDATE", "/api/compose/v0/myproj", COMPOSE);
        assertOk(response, "V0ComposeUpdate");
        assertThat(json(response).get("version").asLong()).isEqualTo(2);
        assertThat(backend.calls).endsWith("update myproj [docker-compose.yml]");
    }

    @Test
    void launchingARunningProjectAgainUpdatesIt() throws Exception {
        api.send("PUT", "/api/compose/v0/myproj", COMPOSE);
        HttpResponse<String> again = api.send("PUT", "/api/compose/v0/myproj", COMPOSE);
        assertOk(again, "V0ComposePush");
        assertThat(backend.calls).containsExactly("launch myproj [docker-compose.yml]", "update myproj [docker-compose.yml]");
    }

    @Test
    void updateOfAnUnknownProjectIsRefused() throws Exception {
        HttpResponse<String> response = api.send("UPDATE", "/api/compose/v0/nope", COMPOSE);
        assertThat(response.statusCode()).isEqualTo(406);
        assertThat(json(response).get("message").asText()).contains("no project nope");
    }

    @Test
    void listReadsTheKeysThePluginPrints() throws Exception {
        api.send("PUT", "/api/compose/v0/myproj", COMPOSE);
        backend.task("myproj", "app", 0, "TASK_RUNNING", null);
        backend.task("myproj", "db", 0, "TASK_FINISHED", null);
        HttpResponse<String> response = api.send("GET", "/api/compose/v0/tasks", null);
        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode tasks = json(response);
        assertThat(tasks.size()).as("ended tasks are not listed").isEqualTo(1);
        JsonNode task = tasks.get(0);
        assertThat(task.get("TaskID").asText()).startsWith("myproj_app.");
        assertThat(task.get("task_name").asText()).isEqualTo("mc:myproj:app");
        assertThat(task.get("State").asText()).isEqualTo("TASK_RUNNING");
        assertThat(task.get("MesosAgent").get("hostname").asText()).isEqualTo("agent1.example");
    }

    @Test
    void listShowsReplicasNotLaunchedYetWithTheReasonTheyWait() throws Exception {
        // The Go project stores a task before launch and lists it (V0ShowAllTasks lists every stored task);
        // once scheduled its State is "__NEW" (scheduler/heartbeat.go).
        api.send("PUT", "/api/compose/v0/myproj", COMPOSE);
        backend.task("myproj", "app", 0, "TASK_RUNNING", null);
        backend.pending(new PendingTask("myproj", "db", 0, "no offer with 4 cpus (largest 2) (3 offers checked)"));
        JsonNode tasks = json(api.send("GET", "/api/compose/v0/tasks", null));
        assertThat(tasks).hasSize(2);
        JsonNode pending = tasks.get(1);
        assertThat(pending.get("TaskID").asText()).isEmpty();
        assertThat(pending.get("task_name").asText()).isEqualTo("mc:myproj:db");
        assertThat(pending.get("State").asText()).isEqualTo("__NEW");
        assertThat(pending.get("MesosAgent").get("hostname").asText()).isEmpty();
        assertThat(pending.get("message").asText()).isEqualTo("no offer with 4 cpus (largest 2) (3 offers checked)");
        assertThat(pending.get("replica").asInt()).isZero();
        assertThat(pending.get("project_version").asLong()).isEqualTo(1);
    }

    @Test
    void listOfNoTasksIsAnEmptyArray() throws Exception {
        assertThat(api.send("GET", "/api/compose/v0/tasks", null).body()).isEqualTo("[]");
    }

    @Test
    void killByTaskNameUsesTheServiceRoute() throws Exception {
        // mesos compose kill mc mc:myproj:app → split on ':' → DELETE /api/compose/v0/myproj/app
        api.send("PUT", "/api/compose/v0/myproj", COMPOSE);
        assertOk(api.send("DELETE", "/api/compose/v0/myproj/app", ""), "V0ComposeKillService");
        assertThat(backend.calls).endsWith("kill myproj app");
    }

    @Test
    void killAndRestartByACustomTaskNameFindTheService() throws Exception {
        // the seed's mesos.task_name "mc:test:app1": the plugin sends /test/app1, the Go project looks up that name
        api.send("PUT", "/api/compose/v0/myproj", COMPOSE.replace("command: \"sleep\"",
                "command: \"sleep\"\n    mesos:\n      task_name: \"mc:test:app1\""));
        assertThat(backend.task("myproj", "app", 0, "TASK_RUNNING", null).taskName()).isEqualTo("mc:test:app1");
        assertOk(api.send("DELETE", "/api/compose/v0/test/app1", ""), "V0ComposeKillService");
        assertOk(api.send("PUT", "/api/compose/v0/test/app1/restart", ""), "V0ComposeRestartService");
        assertThat(backend.calls).endsWith("kill myproj app", "restart myproj app");
    }

    @Test
    void killOfAnUnknownServiceAnswersNotFound() throws Exception {
        HttpResponse<String> response = api.send("DELETE", "/api/compose/v0/myproj/app", "");
        assertThat(response.statusCode()).isEqualTo(406);
        assertThat(json(response).get("number").asInt()).isEqualTo(CompatRoutes.NOT_FOUND);
    }

    @Test
    void killByTaskIdUsesTheTasksRoute() throws Exception {
        api.send("PUT", "/api/compose/v0/myproj", COMPOSE);
        String id = backend.task("myproj", "app", 0, "TASK_RUNNING", null).taskId();
        assertOk(api.send("DELETE", "/api/compose/v0/tasks/" + id, ""), "V0ComposeKillTask");
        assertThat(backend.calls).endsWith("killTask " + id);
    }

    @Test
    void killOneTaskOfAService() throws Exception {
        api.send("PUT", "/api/compose/v0/myproj", COMPOSE);
        String id = backend.task("myproj", "app", 0, "TASK_RUNNING", null).taskId();
        assertOk(api.send("DELETE", "/api/compose/v0/myproj/app/" + id, null), "V0ComposeKillTask");
        assertThat(api.send("DELETE", "/api/compose/v0/myproj/db/" + id, null).statusCode()).isEqualTo(406);
        assertThat(backend.calls).containsOnlyOnce("killTask " + id);
    }

    @Test
    void restartByTaskNameAndByTaskId() throws Exception {
        api.send("PUT", "/api/compose/v0/myproj", COMPOSE);
        String id = backend.task("myproj", "app", 0, "TASK_RUNNING", null).taskId();
        assertOk(api.send("PUT", "/api/compose/v0/myproj/app/restart", ""), "V0ComposeRestartService");
        assertOk(api.send("PUT", "/api/compose/v0/tasks/" + id + "/restart", ""), "V0ComposeRestartTask");
        assertThat(backend.calls).endsWith("restart myproj app", "restartTask " + id);
    }

    @Test
    void frameworkOperations() throws Exception {
        assertOk(api.send("PUT", "/api/compose/v0/framework/reregister", ""), "V0FrameworkReRegister");
        assertOk(api.send("PUT", "/api/compose/v0/framework/supress", ""), "V0FrameworkSuppress");
        assertOk(api.send("PUT", "/api/compose/v0/framework/suppress", ""), "V0FrameworkSuppress");
        assertOk(api.send("DELETE", "/api/compose/v0/framework", null), "V0FrameworkRemoveID");
        assertThat(backend.calls).containsExactly("reregister", "suppress", "suppress", "forgetFrameworkId");
    }

    @Test
    void versionsAreTextAndNeedNoCredentials() throws Exception {
        HttpResponse<String> response = api.send("GET", "/api/compose/versions", null, null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/plain; charset=utf-8");
        assertThat(response.body()).isEqualTo("/api/compose/v0");
    }

    @Test
    void everyOtherRouteRefusesMissingOrWrongCredentials() throws Exception {
        assertThat(api.send("GET", "/api/compose/v0/tasks", null, null).statusCode()).isEqualTo(401);
        assertThat(api.send("PUT", "/api/compose/v0/myproj", COMPOSE, "admin:wrong").statusCode()).isEqualTo(401);
        assertThat(api.send("PUT", "/api/compose/v0/framework/supress", "", null).statusCode()).isEqualTo(401);
        assertThat(backend.calls).isEmpty();
    }

    @Test
    void reservedOrMalformedProjectNamesAreRefused() throws Exception {
        HttpResponse<String> response = api.send("PUT", "/api/compose/v0/tasks", COMPOSE);
        assertThat(response.statusCode()).isEqualTo(406);
        assertThat(json(response).get("message").asText()).contains("cannot be a project name");
        assertThat(api.send("PUT", "/api/compose/v0/my%20proj", COMPOSE).statusCode()).isEqualTo(406);
        assertThat(backend.calls).isEmpty();
    }
}
