package io.mesoscompose.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesoscompose.api.model.LogStream;
import io.mesoscompose.client.SseReader;
import io.mesoscompose.json.Json;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code GET /tasks/{id}/logs} over loopback HTTP against the in-memory backend's task output. */
class LogRoutesTest {
    private final FakeBackend backend = new FakeBackend();
    private LoopbackApi api;
    private String task;

    @BeforeEach
    void start() throws Exception {
        api = new LoopbackApi(new LogRoutes(backend, Duration.ofMillis(20)).register(new Router()));
        task = backend.task("shop", "web", 1, "TASK_RUNNING", null).taskId();
    }

    @AfterEach
    void stop() throws Exception {
        api.close();
    }

    private JsonNode get(String query, int status) throws Exception {
        HttpResponse<String> response = api.send("GET", "/api/compose/v1/tasks/" + task + "/logs" + query, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return Json.MAPPER.readTree(response.body());
    }

    @Test
    void oneReadAnswersTheBytesFromTheOffsetAndWhereToReadOn() throws Exception {
        backend.log(task, LogStream.STDOUT, "one\ntwo\nthree\n");

        JsonNode log = get("?offset=4", 200);

        assertThat(log.get("data").asText()).isEqualTo("two\nthree\n");
        assertThat(log.get("offset").asLong()).isEqualTo(4);
        assertThat(log.get("next_offset").asLong()).isEqualTo(14);
        assertThat(log.get("stream").asText()).isEqualTo("stdout");
        assertThat(log.get("task_ended").asBoolean()).isFalse();
    }

    @Test
    void tailStartsWhereTheLastLinesBeginEvenWhenReadsAreShortAndTheLastLineIsUnfinished() throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 1; i <= 2000; i++) {
            text.append("line ").append(i).append('\n');
        }
        backend.log(task, LogStream.STDERR, text + "partial");
        backend.readCap(1000);

        assertThat(get("?stream=stderr&tail=3", 200).get("data").asText()).isEqualTo("line 1999\nline 2000\npartial");
        assertThat(get("?stream=stderr&tail=0", 200).get("data").asText()).isEmpty();
        backend.log(task, LogStream.STDOUT, "a\nb\n");
        assertThat(get("?tail=1", 200).get("data").asText()).isEqualTo("b\n");
        assertThat(get("?tail=50", 200).get("data").asText()).isEqualTo("a\nb\n");
    }

    @Test
    void aUtf8CharacterCutByTheEndOfAReadWaitsForTheNextReadWhileTheTaskRuns() throws Exception {
        backend.log(task, LogStream.STDOUT, "é€");
        backend.readCap(4); // é is 2 bytes, € is 3: the read stops inside €

        JsonNode first = get("?offset=0", 200);
        assertThat(first.get("data").asText()).isEqualTo("é");
        assertThat(first.get("next_offset").asLong()).isEqualTo(2);
        assertThat(get("?offset=2", 200).get("data").asText()).isEqualTo("€");
    }

    @Test
    void badParametersAre400AndAnUnknownTask404() throws Exception {
        assertThat(get("?stream=stdlog", 400).get("error").asText()).isEqualTo("stream must be stdout or stderr, not \"stdlog\"");
        assertThat(get("?offset=-3", 400).get("error").asText()).isEqualTo("offset must be a whole number of 0 or more, not \"-3\"");
        assertThat(get("?offset=1&tail=2", 400).get("error").asText()).isEqualTo("give offset or tail, not both");
        HttpResponse<String> unknown = api.send("GET", "/api/compose/v1/tasks/nope/logs", null);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(Json.MAPPER.readTree(unknown.body()).get("error").asText()).isEqualTo("no task nope");
    }

    @Test
    void followingSendsTheOutputAsItGrowsThenEndsOnceTheTaskHasEndedAndAllWasSent() throws Exception {
        backend.log(task, LogStream.STDOUT, "starting\n");
        HttpRequest request = HttpRequest.newBuilder(api.baseUri().resolve(
                        "/api/compose/v1/tasks/" + task + "/logs?follow=true"))
                .header("Authorization", LoopbackApi.basic(LoopbackApi.USER + ":" + LoopbackApi.PASSWORD)).build();
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        List<String> received = new ArrayList<>();
        try (SseReader events = new SseReader(response.body())) {
            SseReader.Event first = events.next().orElseThrow();
            received.add(first.name() + " " + Json.MAPPER.readTree(first.data()).get("data").asText());
            backend.log(task, LogStream.STDOUT, "serving\n");
            SseReader.Event second = events.next().orElseThrow();
            received.add(second.name() + " " + Json.MAPPER.readTree(second.data()).get("data").asText());
            backend.log(task, LogStream.STDOUT, "stopped\n");
            backend.state(task, "TASK_FINISHED");
            Optional<SseReader.Event> event;
            while ((event = events.next()).isPresent()) {
                JsonNode data = Json.MAPPER.readTree(event.get().data());
                received.add(event.get().name() + " " + (data.has("data") ? data.get("data").asText()
                        : data.get("reason").asText()));
            }
        }
        assertThat(received).containsExactly("log starting\n", "log serving\n", "log stopped\n",
                "end the task has ended");
    }
}
