package io.mesoscompose.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mesoscompose.json.Json;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaskRecordJsonTest {

    /** A task record exactly as the versions before the compact form wrote it (Jackson data binding of the record). */
    private static final String PREVIOUS_FORM = """
            {"taskId":"bench_web.01a22cf4-83b6-7000-8bbc-c320353b7654","project":"bench","service":"web","replica":0,\
            "projectVersion":1,"fingerprint":"e972f380e37015b165cb206df12fff492e39d7257026f9f28198b00b740dc673",\
            "agentId":"sim-agent-0","hostname":"agent0.sim.local","state":"TASK_RUNNING","desired":"RUN","hostPorts":{},\
            "message":null,"exitCode":null,"healthy":null,"attempt":0,"createdAt":"2026-11-30T14:55:51.733167660Z",\
            "updatedAt":"2026-11-30T14:55:55.238304610Z","history":[{"state":"TASK_STAGING",\
            "at":"2026-11-30T14:55:51.733167660Z","reason":null},{"state":"TASK_STARTING",\
            "at":"2026-11-30T14:55:52.402941863Z","reason":null},{"state":"TASK_RUNNING",\
            "at":"2026-11-30T14:55:55.238304610Z","reason":null}]}""";

    private static final TaskRecord PREVIOUS_RECORD = new TaskRecord("bench_web.01a22cf4-83b6-7000-8bbc-c320353b7654",
            "bench", "web", 0, 1, "e972f380e37015b165cb206df12fff492e39d7257026f9f28198b00b740dc673",
            Optional.of("sim-agent-0"), Optional.of("agent0.sim.local"), "TASK_RUNNING", TaskRecord.Desired.RUN, Map.of(),
            Optional.empty(), Optional.empty(), Optional.empty(), 0, Instant.parse("2026-11-30T14:55:51.733167660Z"),
            Instant.parse("2026-11-30T14:55:55.238304610Z"), List.of(
                    new TaskRecord.Transition("TASK_STAGING", Instant.parse("2026-11-30T14:55:51.733167660Z"), Optional.empty()),
                    new TaskRecord.Transition("TASK_STARTING", Instant.parse("2026-11-30T14:55:52.402941863Z"), Optional.empty()),
                    new TaskRecord.Transition("TASK_RUNNING", Instant.parse("2026-11-30T14:55:55.238304610Z"), Optional.empty())));

    /** Every optional present, a port, a reason, a whole-second instant and a millisecond one. */
    private static final TaskRecord FULL = new TaskRecord("shop_web.1", "shop", "web", 3, 7, "fp", Optional.of("a1"),
            Optional.of("h1"), "TASK_FAILED", TaskRecord.Desired.KILL, Map.of("80", 31000, "443", 31001),
            Optional.of("Command exited with status 3 \"quoted\" ü"), Optional.of(3), Optional.of(false), 2,
            Instant.parse("2026-11-25T06:00:00Z"), Instant.parse("2026-11-25T06:00:01.5Z"), List.of(
                    new TaskRecord.Transition("TASK_RUNNING", Instant.parse("2026-11-25T06:00:00.123Z"), Optional.empty()),
                    new TaskRecord.Transition("TASK_FAILED", Instant.parse("2026-11-25T06:00:01.5Z"),
                            Optional.of("REASON_COMMAND_EXECUTOR_FAILED"))));

    @Test
    void readsTheRecordsThePreviousVersionsWrote() throws Exception {
        assertThat(TaskRecordJson.decode(PREVIOUS_FORM)).isEqualTo(PREVIOUS_RECORD);
        assertThat(TaskRecordJson.decode(Json.MAPPER.writeValueAsString(FULL))).isEqualTo(FULL);
    }

    @Test
    void recordsRoundTripExactlyWithEveryFieldPresentOrAbsent() {
        assertThat(TaskRecordJson.decode(TaskRecordJson.encode(FULL))).isEqualTo(FULL);
        assertThat(TaskRecordJson.decode(TaskRecordJson.encode(PREVIOUS_RECORD))).isEqualTo(PREVIOUS_RECORD);
    }

    @Test
    void thePreviousVersionsReadTheCompactFormToo() throws Exception {
        for (TaskRecord t : List.of(FULL, PREVIOUS_RECORD)) {
            assertThat(Json.MAPPER.readValue(TaskRecordJson.encode(t), TaskRecord.class)).isEqualTo(t);
        }
    }

    @Test
    void leavesOutWhatIsAbsentSoARecordIsSmaller() {
        String compact = TaskRecordJson.encode(PREVIOUS_RECORD);
        assertThat(compact).doesNotContain("null").contains("\"hostPorts\":{}")
                .contains("\"createdAt\":\"2026-11-30T14:55:51.733167660Z\"");
        assertThat(compact.length()).isLessThan(PREVIOUS_FORM.length() - 80);
    }

    @Test
    void skipsFieldsItDoesNotKnow() {
        String later = PREVIOUS_FORM.replace("\"attempt\":0,", "\"attempt\":0,\"later\":{\"a\":[1,{\"b\":null}]},");
        assertThat(TaskRecordJson.decode(later)).isEqualTo(PREVIOUS_RECORD);
    }

    @Test
    void refusesAnIncompleteOrMistypedRecordClearly() {
        assertThatThrownBy(() -> TaskRecordJson.decode(PREVIOUS_FORM.replace("\"taskId\":", "\"id\":")))
                .isInstanceOf(StateStoreException.class).hasMessage("stored TaskRecord is unreadable: field taskId is missing");
        assertThatThrownBy(() -> TaskRecordJson.decode(PREVIOUS_FORM.replace("\"replica\":0", "\"replica\":\"0\"")))
                .isInstanceOf(StateStoreException.class).hasMessageContaining("replica");
        assertThatThrownBy(() -> TaskRecordJson.decode(PREVIOUS_FORM.replace("\"RUN\"", "\"RUNNING\"")))
                .isInstanceOf(StateStoreException.class).hasMessageContaining("RUNNING");
        assertThatThrownBy(() -> TaskRecordJson.decode(PREVIOUS_FORM.replace("2026-11-30T14:55:52", "2026-02-30T14:55:52")))
                .isInstanceOf(StateStoreException.class).hasMessageContaining("stored TaskRecord is unreadable");
        assertThatThrownBy(() -> TaskRecordJson.decode(PREVIOUS_FORM.substring(0, 100)))
                .isInstanceOf(StateStoreException.class).hasMessageContaining("stored TaskRecord is unreadable");
    }

    @Test
    void readsInstantsAsInstantParseDoes() {
        for (String text : List.of("2026-11-30T14:55:51Z", "2026-11-30T14:55:51.7Z", "2026-11-30T14:55:51.733167660Z",
                "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z", "2024-02-29T12:00:00.000001Z",
                "+12026-11-30T14:55:51Z", "-0001-01-01T00:00:00Z", "2026-11-30T23:59:60Z")) {
            assertThat(TaskRecordJson.instant(text)).as(text).isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void aStoreThePreviousVersionWroteLoads(@TempDir Path dir) {
        try (MVStore raw = new MVStore.Builder().fileName(dir.resolve("state.mv.db").toString()).open()) {
            raw.<String, String>openMap("meta").put("schema_version", "1");
            raw.<String, String>openMap("tasks").put(PREVIOUS_RECORD.taskId(), PREVIOUS_FORM);
        }
        try (EmbeddedStateStore store = EmbeddedStateStore.open(dir)) {
            assertThat(store.tasks()).containsExactly(PREVIOUS_RECORD);
            store.commit(new StateChange.PutTask(FULL));
            assertThat(store.task(FULL.taskId())).contains(FULL);
        }
    }
}
