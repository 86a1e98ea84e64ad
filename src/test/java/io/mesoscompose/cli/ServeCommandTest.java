package io.mesoscompose.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.config.Setting;
import io.mesoscompose.config.Settings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServeCommandTest {

    @TempDir
    Path dir;
    private final Map<String, String> originalEnv = ClientOptions.environment;
    private final Path originalDir = ClientOptions.workingDirectory;

    @AfterEach
    void restore() {
        ClientOptions.environment = originalEnv;
        ClientOptions.workingDirectory = originalDir;
    }

    @Test
    void helpListsEveryEnvironmentVariableWithItsDefault() {
        CliRun run = CliRun.of("serve", "--help");
        assertThat(run.exitCode()).isZero();
        for (Setting s : Settings.ALL) {
            assertThat(run.out()).contains(s.name() + "  (default:");
        }
        assertThat(run.out()).contains("--simulate[=AGENTS]").contains("HOST_CONSTRAINT_LIST");
    }

    @Test
    void versionNamesTheGitCommitTheJarWasBuiltFrom() {
        CliRun run = CliRun.of("--version");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().strip()).matches("mesos-compose \\S+ \\(commit [0-9a-f]{7,}.*\\)");
    }

    @Test
    void simulateRunsAClusterInProcessAndTheClientFromThatDirectoryFindsTheCredentials() throws Exception {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        ServeCommand serve = cl.getSubcommands().get("serve").getCommand();
        AtomicInteger exit = new AtomicInteger(-1);
        Path state = dir.resolve(ServeCommand.SIMULATED_STATE_DIR);
        Thread runner = Thread.ofVirtual().start(() -> exit.set(cl.execute("serve", "--simulate=2", "--port", "0",
                "--state", state.toString())));
        try {
            assertThat(serve.started.await(30, TimeUnit.SECONDS)).as("serve --simulate started").isTrue();
            String api = serve.running.apiUri().toString();
            assertThat(out.toString()).contains("simulated Mesos cluster of 2 agents", "HTTP API:         " + api, "dashboard:        " + api + "/ui",
                    state.resolve("api-credentials.properties").toString());

            Path compose = Files.writeString(dir.resolve("compose.yaml"), """
                    services:
                      web:
                        image: nginx:1.27-alpine
                        ports: ["80"]
                        deploy:
                          replicas: 2
                          resources:
                            limits: {cpus: "0.1", memory: 64M}
                    """);
            ClientOptions.environment = Map.of("MESOS_COMPOSE_URL", api, "HOME", dir.toString());
            ClientOptions.workingDirectory = dir;
            CliRun up = CliRun.of("up", "-f", compose.toString(), "-p", "demo", "--timeout", "30");
            assertThat(up.exitCode()).as(up.err()).isZero();
            CliRun ps = CliRun.of("ps", "-p", "demo");
            assertThat(ps.out().lines().filter(l -> l.contains(" web#") && l.contains(" running "))).hasSize(2);
        } finally {
            serve.stop.countDown();
            runner.join(30_000);
        }
        assertThat(exit.get()).isZero();
    }
}
