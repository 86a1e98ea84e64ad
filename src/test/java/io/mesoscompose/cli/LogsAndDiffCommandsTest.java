package io.mesoscompose.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.api.FakeBackend;
import io.mesoscompose.api.model.LogStream;
import io.mesoscompose.api.model.TaskView;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code logs}, {@code diff} and {@code up --dry-run} in-process against the whole API and the in-memory backend. */
class LogsAndDiffCommandsTest {
    @TempDir
    Path dir;
    private FakeApiFixture fixture;
    private FakeBackend backend;
    private Path config;
    private Path composeFile;

    @BeforeEach
    void start() throws Exception {
        fixture = new FakeApiFixture(dir);
        backend = fixture.backend;
        config = fixture.config;
        composeFile = fixture.composeFile;
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    private String[] with(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--config", config.toString(), "-p", "shop"));
        return all.toArray(String[]::new);
    }

    @Test
    void diffAndDryRunSayWhatUpWouldDoAndChangeNothing() {
        CliRun diff = CliRun.of(with("diff", "-f", composeFile.toString()));
        assertThat(diff.exitCode()).as(diff.err()).isZero();
        assertThat(diff.out()).isEqualTo("""
                project shop (not running: every service is added):
                  web: added (1 replica)
                  db: added (1 replica)
                """);
        CliRun dry = CliRun.of(with("up", "--dry-run", "-f", composeFile.toString()));
        assertThat(dry.out()).endsWith("dry run: nothing was applied\n");
        assertThat(backend.calls).containsExactly("diff shop [" + composeFile + "]", "diff shop [" + composeFile + "]");
        assertThat(backend.project("shop")).isEmpty();
    }

    @Test
    void aRefusedFileMakesDiffFailWithEachError() throws Exception {
        Files.writeString(composeFile, "version: '3'\n");
        CliRun diff = CliRun.of(with("diff", "-f", composeFile.toString()));
        assertThat(diff.exitCode()).isEqualTo(1);
        assertThat(diff.err()).contains("invalid compose file").contains("a compose file needs a services section");
    }

    @Test
    void logsPrintsEachTasksLinesPrefixedWithItsServiceAndReplica() {
        TaskView web = backend.task("shop", "web", 1, "TASK_RUNNING", null);
        TaskView db = backend.task("shop", "db", 0, "TASK_RUNNING", null);
        backend.log(web.taskId(), LogStream.STDOUT, "GET / 200\nGET /health 200\n");
        backend.log(web.taskId(), LogStream.STDERR, "warn: slow\n");
        backend.log(db.taskId(), LogStream.STDOUT, "ready to accept connections");

        CliRun all = CliRun.of(with("logs"));
        assertThat(all.exitCode()).as(all.err()).isZero();
        assertThat(all.out()).isEqualTo("""
                db#0   | ready to accept connections
                web#1  | GET / 200
                web#1  | GET /health 200
                web#1  | warn: slow
                """);
        assertThat(CliRun.of(with("logs", "--tail", "1", "web")).out()).isEqualTo("""
                web#1  | GET /health 200
                web#1  | warn: slow
                """);
        assertThat(CliRun.of(with("logs", db.taskId())).out()).isEqualTo("db#0   | ready to accept connections\n");
        CliRun unknown = CliRun.of(with("logs", "nope"));
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("no service or task \"nope\" in project shop");
    }

    @Test
    void logsFollowPrintsNewOutputAndEndsWhenTheTasksHaveEnded() throws Exception {
        TaskView web = backend.task("shop", "web", 1, "TASK_RUNNING", null);
        backend.log(web.taskId(), LogStream.STDOUT, "started\n");
        StringWriter out = new StringWriter();
        CompletableFuture<CliRun> follow = CompletableFuture.supplyAsync(() -> CliRun.of(out, with("logs", "-f")));
        awaitOutput(out, "web#1  | started\n");
        backend.log(web.taskId(), LogStream.STDOUT, "still serving\nbye");
        awaitOutput(out, "still serving\n");
        backend.state(web.taskId(), "TASK_FINISHED");

        CliRun done = follow.get(30, TimeUnit.SECONDS);
        assertThat(done.exitCode()).as(done.err()).isZero();
        assertThat(done.out()).isEqualTo("web#1  | started\nweb#1  | still serving\nweb#1  | bye\n");
    }

    private static void awaitOutput(StringWriter out, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!out.toString().contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(out.toString()).contains(text);
    }
}
