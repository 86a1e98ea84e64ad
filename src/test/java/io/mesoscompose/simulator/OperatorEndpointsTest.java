package io.mesoscompose.simulator;

import static io.mesoscompose.simulator.WireHarness.task;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mesoscompose.json.Json;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The operator endpoints read as the Mesos CLI (avmesos-cli: agent list, framework list, task list) and a log reader
 * read them, with the real master's and agent's field names (src/master/readonly_handler.cpp, src/common/http.cpp,
 * src/slave/http.cpp, src/files/files.cpp).
 */
class OperatorEndpointsTest {

    WireHarness h;
    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws Exception {
        FrameworkInfo info = TestScheduler.framework("mesos-compose").toBuilder().setHostname("fw.example.com")
                .setWebuiUrl("http://fw.example.com:10000").setFailoverTimeout(60).build();
        h = WireHarness.start(WireHarness.config(), info);
        launchRunning("web", "listening on :8080\nready");
    }

    @AfterEach
    void stop() throws Exception {
        h.close();
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(h.master.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    JsonNode json(String path) throws Exception {
        HttpResponse<String> answer = get(path);
        assertThat(answer.statusCode()).as(path + ": " + answer.body()).isEqualTo(200);
        return Json.MAPPER.readTree(answer.body());
    }

    @Test
    void frameworkListReadsIdActiveHostnameAndName() throws Exception {
        for (String path : new String[] {"/master/frameworks/", "/master/frameworks", "/frameworks"}) {
            JsonNode f = json(path).get("frameworks").get(0);
            assertThat(f.get("id").asText()).isEqualTo(h.scheduler.frameworkId);
            assertThat(f.get("active").asBoolean()).isTrue();
            assertThat(f.get("hostname").asText()).isEqualTo("fw.example.com");
            assertThat(f.get("name").asText()).isEqualTo("mesos-compose");
            assertThat(f.get("webui_url").asText()).isEqualTo("http://fw.example.com:10000");
            assertThat(f.get("tasks").get(0).get("id").asText()).isEqualTo("web");
        }
    }

    @Test
    void agentListReadsIdHostnameActiveAndAnAddressFromThePid() throws Exception {
        JsonNode agent = json("/slaves").get("slaves").get(0);
        assertThat(agent.get("id").asText()).isEqualTo("agent-1");
        assertThat(agent.get("hostname").asText()).isEqualTo("agent1.sim.local");
        assertThat(agent.get("active").asBoolean()).isTrue();
        assertThat(agent.get("pid").asText()).isEqualTo("slave(1)@" + h.master.url().substring("http://".length()));
        assertThat(agent.get("resources").get("cpus").asDouble()).isEqualTo(2.0);
        assertThat(agent.get("resources").get("ports").asText()).isEqualTo("[31000-31009]");
        assertThat(agent.get("used_resources").get("mem").asDouble()).isEqualTo(32.0);
        assertThat(json("/master/slaves").get("slaves").get(0).get("pid")).isEqualTo(agent.get("pid"));
    }

    @Test
    void oneAgentAskedForBySlaveIdIsListedAloneAsInTheWholeList() throws Exception {
        // readonly_handler.cpp slaves(): SlavesWriter with IDAcceptor<SlaveID>(query "slave_id")
        JsonNode all = json("/master/slaves").get("slaves");
        JsonNode one = json("/master/slaves?slave_id=agent-1").get("slaves");
        assertThat(one).hasSize(1);
        JsonNode listed = null;
        for (JsonNode agent : all) {
            if (agent.get("id").asText().equals("agent-1")) {
                listed = agent;
            }
        }
        // the offers come and go meanwhile (every 20 ms): the rest is the same agent written the same way
        ((ObjectNode) one.get(0)).remove("offered_resources");
        ((ObjectNode) listed).remove("offered_resources");
        assertThat(one.get(0)).isEqualTo(listed);
        assertThat(one.get(0).get("used_resources").get("cpus").asDouble()).isPositive();
        assertThat(json("/master/slaves?slave_id=no-such-agent").get("slaves")).isEmpty();
    }

    @Test
    void taskListReadsTheLastStatusFrameworkAndExecutor() throws Exception {
        JsonNode task = json("/tasks?order=asc&limit=-1").get("tasks").get(0);
        assertThat(task.get("id").asText()).isEqualTo("web");
        assertThat(task.get("state").asText()).isEqualTo("TASK_RUNNING");
        JsonNode statuses = task.get("statuses");
        assertThat(statuses.get(statuses.size() - 1).get("state").asText()).isEqualTo("TASK_RUNNING");
        assertThat(statuses.get(0).get("container_status").get("container_id").get("value").asText()).isNotEmpty();
        assertThat(task.get("framework_id").asText()).isEqualTo(h.scheduler.frameworkId);
        assertThat(task.get("executor_id").asText()).isEmpty(); // a command task has no executor of its own
        assertThat(task.get("slave_id").asText()).isEqualTo("agent-1");
        assertThat(task.get("role").asText()).isEqualTo("*");
        assertThat(json("/master/tasks?task_id=nope").get("tasks")).isEmpty();
    }

    @Test
    void stateHoldsTheClusterUnderTheMastersFieldNames() throws Exception {
        JsonNode state = json("/master/state");
        assertThat(state.get("version").asText()).isEqualTo("1.11.0");
        assertThat(state.get("activated_slaves").asDouble()).isEqualTo(1.0);
        assertThat(state.get("leader").asText()).startsWith("master@");
        assertThat(state.get("frameworks").get(0).get("tasks").get(0).get("name").asText()).isEqualTo("web");
        assertThat(state.get("slaves").get(0).get("id").asText()).isEqualTo("agent-1");
        assertThat(json("/state").get("frameworks").get(0).get("id")).isEqualTo(state.get("frameworks").get(0).get("id"));
    }

    /** Launches a task {@code id} on the next offer, printing {@code stdout}, and waits until it runs. */
    void launchRunning(String id, String stdout) throws Exception {
        Offer offer = h.offer();
        h.scheduler.call(WireHarness.accept(offer, WireHarness.launch(HealthyClusterTest.labelled(task(id, offer),
                TaskScripts.STDOUT, stdout).build())));
        h.updatesUntil(id, s -> s.getState() == TaskState.TASK_RUNNING);
    }

    /**
     * An answer prints each protobuf it shows once and shows equal ones (the tasks of a service have the same labels,
     * container and so on) as one node: each task in the whole state still reads as it does asked for alone.
     */
    @Test
    void tasksThatShareProtobufsReadInTheStateAsEachAlone() throws Exception {
        launchRunning("web2", "listening on :8080\nready");
        JsonNode tasks = json("/master/state").get("frameworks").get(0).get("tasks");
        assertThat(tasks).hasSize(2);
        for (JsonNode task : tasks) {
            JsonNode alone = json("/master/tasks?task_id=" + task.get("id").asText()).get("tasks").get(0);
            assertThat(task).isEqualTo(alone);
        }
        assertThat(tasks.get(0).get("labels")).isNotEmpty().isEqualTo(tasks.get(1).get("labels"));
        assertThat(containerId(tasks.get(0))).isNotEqualTo(containerId(tasks.get(1)));
    }

    static String containerId(JsonNode task) {
        return task.get("statuses").get(0).get("container_status").get("container_id").get("value").asText();
    }

    /** The sandbox of the task, found as a log reader finds it: /slaves pid → /slave(N)/state → directory. */
    String sandbox() throws Exception {
        String pid = json("/slaves").get("slaves").get(0).get("pid").asText();
        String process = pid.substring(0, pid.indexOf('@'));
        JsonNode executor = json("/" + process + "/state").get("frameworks").get(0).get("executors").get(0);
        assertThat(executor.get("id").asText()).isEqualTo("web");
        assertThat(executor.get("tasks").get(0).get("id").asText()).isEqualTo("web");
        return executor.get("directory").asText();
    }

    String read(String path, String more) throws Exception {
        return get("/files/read?path=" + URLEncoder.encode(path, StandardCharsets.UTF_8) + more).body();
    }

    @Test
    void theAgentReportsTheSandboxWhereTheTasksOutputIs() throws Exception {
        String directory = sandbox();
        assertThat(directory).startsWith("/var/lib/mesos/agent/slaves/agent-1/frameworks/" + h.scheduler.frameworkId
                + "/executors/web/runs/");
        assertThat(Json.MAPPER.readTree(read(directory + "/stdout", "&offset=0")).get("data").asText())
                .isEqualTo("listening on :8080\nready\n");
        String virtual = "/frameworks/" + h.scheduler.frameworkId + "/executors/web/runs/latest/stdout";
        assertThat(Json.MAPPER.readTree(read(virtual, "&offset=0")).get("data").asText()).startsWith("listening");
    }

    // Mesos: src/files/files.cpp, FilesProcess::__read and _read
    @Test
    void filesReadAnswersAsTheAgentDoes() throws Exception {
        String stdout = sandbox() + "/stdout";
        JsonNode size = Json.MAPPER.readTree(read(stdout, "&offset=-1"));
        assertThat(size.get("offset").asLong()).isEqualTo(25);
        assertThat(size.get("data").asText()).isEmpty();
        assertThat(Json.MAPPER.readTree(read(stdout, "")).get("offset").asLong()).isEqualTo(25); // no offset: -1
        JsonNode part = Json.MAPPER.readTree(read(stdout, "&offset=10&length=4"));
        assertThat(part.get("data").asText()).isEqualTo("on :");
        assertThat(part.get("offset").asLong()).isEqualTo(10);
        JsonNode past = Json.MAPPER.readTree(read(stdout, "&offset=100"));
        assertThat(past.get("data").asText()).isEmpty();
        assertThat(past.get("offset").asLong()).isEqualTo(100);
        assertThat(Json.MAPPER.readTree(read(sandbox() + "/stderr", "&offset=0")).get("data").asText()).isEmpty();

        assertThat(get("/files/read").statusCode()).isEqualTo(400);
        assertThat(get("/files/read").body()).isEqualTo("Expecting 'path=value' in query.\n");
        assertThat(get("/files/read?path=%2Fnowhere%2Fstdout").statusCode()).isEqualTo(404);
        HttpResponse<String> directory = get("/files/read?path=" + URLEncoder.encode(sandbox(),
                StandardCharsets.UTF_8));
        assertThat(directory.statusCode()).isEqualTo(400);
        assertThat(directory.body()).isEqualTo("Cannot read a directory.\n");
        HttpResponse<String> negative = get("/files/read?offset=-2&path=" + URLEncoder.encode(stdout,
                StandardCharsets.UTF_8));
        assertThat(negative.statusCode()).isEqualTo(400);
        assertThat(negative.body()).isEqualTo("Negative offset provided: -2.\n");
    }

    // Mesos: src/files/files.cpp (__read puts the bytes read in a JSON::String), 3rdparty/stout jsonify.hpp
    // (StringWriter writes it with rapidjson, no encoding validation)
    @Test
    void filesReadCopiesTheFilesBytesIntoTheJsonAsTheyAre() throws Exception {
        launchRunning("text", "caf\u00e9 \"q\" \\ \t\u0001");
        String stdout = "/frameworks/" + h.scheduler.frameworkId + "/executors/text/runs/latest/stdout";
        String query = "/files/read?path=" + URLEncoder.encode(stdout, StandardCharsets.UTF_8);

        byte[] split = http.send(HttpRequest.newBuilder(URI.create(h.master.url() + query + "&offset=0&length=4"))
                .build(), HttpResponse.BodyHandlers.ofByteArray()).body();
        assertThat(split).as("the read ends inside the two bytes of \u00e9: the first is sent alone, as it is")
                .isEqualTo(bytes("{\"data\":\"caf", 0xC3, "\",\"offset\":0}"));
        byte[] whole = http.send(HttpRequest.newBuilder(URI.create(h.master.url() + query + "&offset=0")).build(),
                HttpResponse.BodyHandlers.ofByteArray()).body();
        assertThat(whole).isEqualTo(bytes("{\"data\":\"caf", 0xC3, 0xA9,
                " \\\"q\\\" \\\\ \\t\\u0001\\n\",\"offset\":0}"));
    }

    /** ASCII text and single bytes, in order. */
    static byte[] bytes(Object... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Object p : parts) {
            if (p instanceof Integer b) {
                out.write(b);
            } else {
                out.writeBytes(p.toString().getBytes(StandardCharsets.US_ASCII));
            }
        }
        return out.toByteArray();
    }

    @Test
    void aFinishedTasksSandboxStaysListedAmongCompletedExecutors() throws Exception {
        String directory = sandbox();
        h.kill("web");
        h.updatesUntil("web", s -> s.getState() == TaskState.TASK_KILLED);
        JsonNode framework = json("/slave(1)/state").get("frameworks").get(0);
        assertThat(framework.get("executors")).isEmpty();
        JsonNode done = framework.get("completed_executors").get(0);
        assertThat(done.get("directory").asText()).isEqualTo(directory);
        assertThat(done.get("completed_tasks").get(0).get("state").asText()).isEqualTo("TASK_KILLED");
        assertThat(Json.MAPPER.readTree(read(directory + "/stdout", "&offset=0")).get("data").asText())
                .startsWith("listening");
        JsonNode all = json("/tasks?order=asc&limit=-1").get("tasks").get(0);
        assertThat(all.get("state").asText()).isEqualTo("TASK_KILLED");
        assertThat(json("/frameworks").get("frameworks").get(0).get("completed_tasks").get(0).get("id").asText())
                .isEqualTo("web");
    }
}
