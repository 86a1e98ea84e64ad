package io.mesoscompose.state;

import io.mesoscompose.compose.SourceFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * What the fixture {@code src/test/resources/state/version-1/state.mv.db} holds: an embedded store written by
 * mesos-compose at commit fae8c49 (schema version 1, every record JSON), through {@code EmbeddedStateStore.commit}
 * with exactly these records. Later versions must load it as it is.
 */
final class StoredByVersionOne {

    static final String FRAMEWORK_ID = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0-0007";

    static final ProjectRecord PROJECT = new ProjectRecord("shop", 4,
            List.of(new SourceFile("compose.yml", "services:\n  web:\n    image: nginx:${TAG}\n    ports: [\"80\"]\n")),
            Map.of("TAG", "1.25"), ProjectRecord.Desired.RUNNING, Instant.parse("2026-11-30T14:55:50.1Z"));

    /** As the launcher writes a task before its ACCEPT. */
    static final TaskRecord STAGING = new TaskRecord("shop_web.019ad5a1-8e31-7c4d-9b62-2f1a7c3e5d90", "shop", "web", 0,
            4, "e972f380e37015b165cb206df12fff492e39d7257026f9f28198b00b740dc673", Optional.of("sim-agent-0"),
            Optional.of("agent0.sim.local"), "TASK_STAGING", TaskRecord.Desired.RUN, Map.of("80/tcp", 31002),
            Optional.empty(), Optional.empty(), Optional.empty(), 0, Instant.parse("2026-11-30T14:55:51.733167660Z"),
            Instant.parse("2026-11-30T14:55:51.733167660Z"),
            List.of(new TaskRecord.Transition("TASK_STAGING", Instant.parse("2026-11-30T14:55:51.733167660Z"),
                    Optional.empty())));

    /** Every optional present, two ports, a non-ASCII message, a reason, a kill wanted. */
    static final TaskRecord FAILED = new TaskRecord("shop_web.019ad5a1-8e31-7c4d-9b62-2f1a7c3e5d91", "shop", "web", 1,
            3, "fp", Optional.of("a1"), Optional.of("h1"), "TASK_FAILED", TaskRecord.Desired.KILL,
            Map.of("80/tcp", 31000, "443", 443), Optional.of("Command exited with status 3 \"quoted\" ü"),
            Optional.of(3), Optional.of(false), 2, Instant.parse("2026-11-25T06:00:00Z"),
            Instant.parse("2026-11-25T06:00:01.5Z"), List.of(
                    new TaskRecord.Transition("TASK_RUNNING", Instant.parse("2026-11-25T06:00:00.123Z"), Optional.empty()),
                    new TaskRecord.Transition("TASK_FAILED", Instant.parse("2026-11-25T06:00:01.5Z"),
                            Optional.of("REASON_COMMAND_EXECUTOR_FAILED"))));

    /** No agent yet, healthy, no ports, a history at its cap. */
    static final TaskRecord RUNNING = new TaskRecord("blog_db.5b1c9f0e-2d3a-4e6f-8a7b-9c0d1e2f3a4b", "blog", "db", 0, 1,
            "0123", Optional.empty(), Optional.empty(), "TASK_RUNNING", TaskRecord.Desired.RUN, Map.of(),
            Optional.of(""), Optional.empty(), Optional.of(true), 7, Instant.ofEpochSecond(0),
            Instant.ofEpochSecond(1_764_514_551L, 1), IntStream.range(0, TaskRecord.HISTORY_LIMIT)
                    .mapToObj(i -> new TaskRecord.Transition(i % 2 == 0 ? "TASK_RUNNING" : "TASK_STARTING",
                            Instant.ofEpochSecond(1_764_514_500L + i), i % 3 == 0 ? Optional.of("REASON_" + i) : Optional.empty()))
                    .toList());

    static final List<TaskRecord> TASKS = List.of(STAGING, FAILED, RUNNING);

    private StoredByVersionOne() {}

    /** Copies the fixture into {@code dir} as its state file. */
    static void copyTo(Path dir) throws IOException {
        try (InputStream in = StoredByVersionOne.class.getResourceAsStream("/state/version-1/state.mv.db")) {
            Files.copy(in, dir.resolve("state.mv.db"));
        }
    }

    /** Writes the fixture (used once, with the code of version 1). */
    public static void main(String[] args) {
        try (EmbeddedStateStore store = EmbeddedStateStore.open(Path.of(args[0]))) {
            store.commit(new StateChange.SetFrameworkId(FRAMEWORK_ID), new StateChange.PutProject(PROJECT));
            store.commit(TASKS.stream().<StateChange>map(StateChange.PutTask::new).toList());
        }
    }
}
