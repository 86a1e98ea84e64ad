package io.mesoscompose.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.api.FakeBackend;
import io.mesoscompose.api.LoopbackApi;
import io.mesoscompose.api.model.PendingTask;
import io.mesoscompose.testsupport.IncludingProject;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.PrintWriter;
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
import picocli.CommandLine;

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
    private final FakeBackend backend = new FakeBackend();
    private LoopbackApi api;
    private Path config;
    private Path composeFile;
    private final Map<String, String> originalEnv = ClientOptions.environment;

    @BeforeEach
    void start() throws Exception {
        api = new LoopbackApi(backend, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
        config = Files.writeString(dir.resolve("client.properties"),
                "url=" + api.baseUri() + "\nuser=" + LoopbackApi.USER + "\npassword=" + LoopbackApi.PASSWORD + "\n");
        composeFile = Files.writeString(dir.resolve("compose.yml"), COMPOSE);
        ClientOptions.environment = Map.of("TAG", "1.25", "HOME", "/root");
    }

    @AfterEach
    void stop() throws Exception {
        ClientOptions.environment = originalEnv;
        api.close();
    }

    record Run(int exit, String out, String err) {}

    private Run run(String... args) {
        return run(new StringWriter(), args);
    }

    private Run run(StringWriter out, String... args) {
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private CompletableFuture<Run> upInBackground(StringWriter out) {
        return CompletableFuture.supplyAsync(() -> run(out, "up", "--config", config.toString(), "-f",
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
        CompletableFuture<Run> up = upInBackground(out);
        awaitOutput(out, " … db   0/1 running");
        backend.task("shop", "web", 0, "TASK_STAGING", null);
        backend.task("shop", "db", 0, "TASK_STAGING", null);
        backend.task("shop", "web", 0, "TASK_RUNNING", null);
        backend.task("shop", "db", 0, "TASK_RUNNING", null);
        Run result = up.get(60, TimeUnit.SECONDS);

        assertThat(result.exit()).as(result.err()).isZero();
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
        Run run = run("up", "--config", config.toString(), "-f", compose.toString(), "-p", "shop", "--detach");
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(backend.attachments).containsExactly(IncludingProject.NAMED_FILES);
        assertThat(backend.variables).containsExactly(Map.of("BASE_TAG", "1.27", "CACHE_TAG", "7"));
    }

    @Test
    void upFailsWithTheReasonWhenATaskFails() throws Exception {
        StringWriter out = new StringWriter();
        CompletableFuture<Run> up = upInBackground(out);
        awaitOutput(out, " … db   0/1 running");
        backend.task("shop", "web", 0, "TASK_RUNNING", null);
        backend.task("shop", "db", 0, "TASK_FAILED", "Container exited with status 1");
        Run result = up.get(60, TimeUnit.SECONDS);

        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).contains("service db failed: task shop_db.2 TASK_FAILED (exit code 1): "
                + "Container exited with status 1");
    }

    @Test
    void upEndsWhenTheProjectIsTakenDownMeanwhile() throws Exception {
        StringWriter out = new StringWriter();
        CompletableFuture<Run> up = upInBackground(out);
        awaitOutput(out, " … db   0/1 running");
        backend.kill("shop");
        Run result = up.get(60, TimeUnit.SECONDS);
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).endsWith("project shop was taken down while starting\n");
    }

    @Test
    void upGivesUpAfterItsTimeoutAndSaysWhatWaits() throws Exception {
        backend.pending(new PendingTask("shop", "db", 0, "no offer with 4 cpus (largest 2)"));
        Run result = run("up", "--config", config.toString(), "-f", composeFile.toString(), "-p", "shop", "--timeout", "1");
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).contains(" … db   0/1 running, 1 pending: no offer with 4 cpus (largest 2)")
                .contains("gave up waiting after 1s");
    }

    @Test
    void upOfAnInvalidFilePrintsEachDiagnostic() throws Exception {
        Files.writeString(composeFile, "version: '3'\n");
        Run result = run("up", "--config", config.toString(), "-f", composeFile.toString(), "-p", "shop");
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("error: invalid compose file")
                .contains(composeFile + ":1:1: error: services: a compose file needs a services section");
    }

    @Test
    void wrongCredentialsAreTold() throws Exception {
        Files.writeString(config, "url=" + api.baseUri() + "\nuser=admin\npassword=wrong\n");
        Run result = run("ps", "--config", config.toString(), "-p", "shop");
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).contains("authentication required").contains("MESOS_COMPOSE_PASSWORD");
    }

    @Test
    void psListsTheTasksAsATable() throws Exception {
        run("up", "-d", "--config", config.toString(), "-f", composeFile.toString(), "-p", "shop");
        backend.task("shop", "web", 0, "TASK_RUNNING", "healthy");
        backend.task("shop", "db", 0, "TASK_FINISHED", null);
        Run ps = run("ps", "--config", config.toString(), "-p", "shop");
        assertThat(ps.exit()).isZero();
        String[] lines = ps.out().split("\n");
        assertThat(lines[0]).startsWith("TASK ID").contains("SERVICE").contains("STATE").contains("HOST").contains("PORTS");
        assertThat(lines).hasSize(2);
        assertThat(lines[1]).contains("shop_web.").contains("web#0").contains("running").contains("agent1.example")
                .contains("31001->80/tcp").endsWith("healthy");
        assertThat(run("ps", "-a", "--config", config.toString(), "-p", "shop").out().split("\n")).hasSize(3);
    }

    @Test
    void scaleRestartAndDown() throws Exception {
        run("up", "-d", "--config", config.toString(), "-f", composeFile.toString(), "-p", "shop");
        assertThat(run("scale", "--config", config.toString(), "-p", "shop", "web=3", "db=0").exit()).isZero();
        assertThat(run("restart", "--config", config.toString(), "-p", "shop", "web").exit()).isZero();
        Run down = run("down", "--config", config.toString(), "-p", "shop");
        assertThat(down.exit()).isZero();
        assertThat(down.out()).contains("project shop is down");
        assertThat(backend.calls).containsSubsequence("scale shop web 3", "scale shop db 0", "restart shop web", "kill shop");
        assertThat(run("scale", "--config", config.toString(), "-p", "shop", "web=x").exit()).isEqualTo(2);
        Run missing = run("restart", "--config", config.toString(), "-p", "shop", "nope");
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err()).contains("no service nope");
    }
}
