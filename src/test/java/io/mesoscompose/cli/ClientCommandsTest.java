package io.mesoscompose.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.api.FakeBackend;
import io.mesoscompose.api.model.PendingTask;
import io.mesoscompose.testsupport.IncludingProject;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client commands run in-process against the whole API over loopback HTTP, with the in-memory backend. */
class ClientCommandsTest {
    static final String COMPOSE = """
            services:
              web:
                image: nginx:${TAG}
              db:
                image: redis
            """;

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

    private CompletableFuture<CliRun> upInBackground(StringWriter out) {
        return CompletableFuture.supplyAsync(() -> CliRun.of(out, "up", "--config", config.toString(), "-f",
                composeFile.toString(), "-p", "shop", "--timeout", "60"));
    }

    /** Waits until {@code up} shows its first counts: it follows the stream from then on. */
    private static void awaitOutput(StringWriter out, String text) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!out.toString().contains(text) && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(out.toString()).contains(text);
    }

    @Test
    void upShowsProgressUntilEveryServiceRuns() throws Exception {
        StringWriter out = new StringWriter();
        CompletableFuture<CliRun> up = upInBackground(out);
        awaitOutput(out, " … db   0/1 running");
        backend.task("shop", "web", 0, "TASK_STAGING", null);
        backend.task("shop", "db", 0, "TASK_STAGING", null);
        backend.task("shop", "web", 0, "TASK_RUNNING", null);
        backend.task("shop", "db", 0, "TASK_RUNNING", null);
        CliRun result = up.get(60, TimeUnit.SECONDS);

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(result.out()).contains("project shop: version 1 accepted")
                .contains(" … web  0/1 running, 1 staging")
                .contains(" ✔ web  1/1 running")
                .contains(" ✔ db   1/1 running")
                .endsWith("project shop is up\n");
        assertThat(backend.variables).containsExactly(Map.of("TAG", "1.25"));
        assertThat(backend.project("shop").orElseThrow().sources().get(0).name()).isEqualTo(composeFile.toString());
    }

    @Test
    void upSendsTheFilesTheComposeFileNamesAndTheVariablesTheyReferTo() throws Exception {
        Path compose = IncludingProject.writeTo(dir);
        ClientOptions.environment = Map.of("BASE_TAG", "1.27", "CACHE_TAG", "7", "UNUSED", "x", "HOME", "/root");
        CliRun run = CliRun.of("up", "--config", config.toString(), "-f", compose.toString(), "-p", "shop", "--detach");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(backend.attachments).containsExactly(IncludingProject.NAMED_FILES);
        assertThat(backend.variables).containsExactly(Map.of("BASE_TAG", "1.27", "CACHE_TAG", "7"));
    }

    @Test
    void upFailsWithTheReasonWhenATaskFails() throws Exception {
        StringWriter out = new StringWriter();
        CompletableFuture<CliRun> up = upInBackground(out);
        awaitOutput(out, " … db   0/1 running");
        backend.task("shop", "web", 0, "TASK_RUNNING", null);
        backend.task("shop", "db", 0, "TASK_FAILED", "Container exited with status 1");
        CliRun result = up.get(60, TimeUnit.SECONDS);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains("service db failed: task shop_db.2 TASK_FAILED (exit code 1): "
                + "Container exited with status 1");
    }

    @Test
    void upEndsWhenTheProjectIsTakenDownMeanwhile() throws Exception {
        StringWriter out = new StringWriter();
        CompletableFuture<CliRun> up = upInBackground(out);
        awaitOutput(out, " … db   0/1 running");
        backend.kill("shop");
        CliRun result = up.get(60, TimeUnit.SECONDS);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).endsWith("project shop was taken down while starting\n");
    }

    @Test
    void upGivesUpAfterItsTimeoutAndSaysWhatWaits() throws Exception {
        backend.pending(new PendingTask("shop", "db", 0, "no offer with 4 cpus (largest 2)"));
        CliRun result = CliRun.of("up", "--config", config.toString(), "-f", composeFile.toString(), "-p", "shop", "--timeout", "1");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.out()).contains(" … db   0/1 running, 1 pending: no offer with 4 cpus (largest 2)")
                .contains("gave up waiting after 1s");
    }

    @Test
    void upOfAnInvalidFilePrintsEachDiagnostic() throws Exception {
        Files.writeString(composeFile, "version: '3'\n");
        CliRun result = CliRun.of("up", "--config", config.toString(), "-f", composeFile.toString(), "-p", "shop");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("error: invalid compose file")
                .contains(composeFile + ":1:1: error: services: a compose file needs a services section");
    }

    @Test
    void aProjectNameComposeGoRefusesIsRefusedBeforeAnythingIsSent() {
        // compose-go cli/options.go WithName: "-p MyApp" is an error, not the project "myapp"
        CliRun run = CliRun.of("up", "--config", config.toString(), "-f", composeFile.toString(), "-p", "MyApp", "-d");
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains("error: --project-name: invalid project name \"MyApp\": must consist only of"
                + " lowercase alphanumeric characters").contains("(such as \"myapp\")");
        assertThat(backend.calls).isEmpty();
    }

    @Test
    void wrongCredentialsAreTold() throws Exception {
        Files.writeString(config, "url=" + fixture.api.baseUri() + "\nuser=admin\npassword=wrong\n");
        CliRun result = CliRun.of("ps", "--config", config.toString(), "-p", "shop");
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("authentication required").contains("MESOS_COMPOSE_PASSWORD");
    }

    @Test
    void psListsTheTasksAsATable() throws Exception {
        CliRun.of("up", "-d", "--config", config.toString(), "-f", composeFile.toString(), "-p", "shop");
        backend.task("shop", "web", 0, "TASK_RUNNING", "healthy");
        backend.task("shop", "db", 0, "TASK_FINISHED", null);
        CliRun ps = CliRun.of("ps", "--config", config.toString(), "-p", "shop");
        assertThat(ps.exitCode()).isZero();
        String[] lines = ps.out().split("\n");
        assertThat(lines[0]).startsWith("TASK ID").contains("SERVICE").contains("STATE").contains("HOST").contains("PORTS");
        assertThat(lines).hasSize(2);
        assertThat(lines[1]).contains("shop_web.").contains("web#0").contains("running").contains("agent1.example")
                .contains("31001->80/tcp").endsWith("healthy");
        assertThat(CliRun.of("ps", "-a", "--config", config.toString(), "-p", "shop").out().split("\n")).hasSize(3);
    }

    @Test
    void scaleRestartAndDown() throws Exception {
        CliRun.of("up", "-d", "--config", config.toString(), "-f", composeFile.toString(), "-p", "shop");
        assertThat(CliRun.of("scale", "--config", config.toString(), "-p", "shop", "web=3", "db=0").exitCode()).isZero();
        assertThat(CliRun.of("restart", "--config", config.toString(), "-p", "shop", "web").exitCode()).isZero();
        CliRun down = CliRun.of("down", "--config", config.toString(), "-p", "shop");
        assertThat(down.exitCode()).isZero();
        assertThat(down.out()).contains("project shop is down");
        assertThat(backend.calls).containsSubsequence("scale shop web 3", "scale shop db 0", "restart shop web", "kill shop");
        assertThat(CliRun.of("scale", "--config", config.toString(), "-p", "shop", "web=x").exitCode()).isEqualTo(2);
        CliRun missing = CliRun.of("restart", "--config", config.toString(), "-p", "shop", "nope");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("no service nope");
    }
}
