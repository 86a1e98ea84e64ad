package io.mesoscompose.framework;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.cli.Main;
import io.mesoscompose.simulator.MesosMasterSimulator;
import io.mesoscompose.simulator.SimulatorConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The user's path: {@code mesos-compose up / ps / down} against the real framework on the simulated master. */
class ClientAgainstFrameworkTest {

    private static String[] run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new String[] {Integer.toString(code), out.toString(), err.toString()};
    }

    @Test
    void upPsDown(@TempDir Path state, @TempDir Path project) throws Exception {
        try (MesosMasterSimulator master = MesosMasterSimulator.start(SimulatorConfig.builder()
                .agents(SimulatorConfig.generateAgents(2, 3)).heartbeatInterval(Duration.ofSeconds(1))
                .offerInterval(Duration.ofMillis(100)).build());
             FrameworkHarness harness = new FrameworkHarness(master, state, Map.of()).start()) {
            Path file = Files.writeString(project.resolve("compose.yaml"),
                    "services:\n  web:\n    image: nginx:${TAG}\n    deploy: {replicas: 2}\n");
            Files.writeString(project.resolve(".env"), "TAG=1.27\n");
            String url = harness.framework.apiUri().toString();

            String[] up = run("up", "--url", url, "-f", file.toString(), "-p", "shop", "--timeout", "60");
            assertThat(up[0]).as(up[1] + up[2]).isEqualTo("0");
            assertThat(master.runningTasks()).hasSize(2);

            String[] ps = run("ps", "--url", url, "-p", "shop");
            assertThat(ps[0]).as(ps[2]).isEqualTo("0");
            assertThat(ps[1]).contains("shop_web.", "web#0", "web#1", "running");

            String[] down = run("down", "--url", url, "-p", "shop");
            assertThat(down[0]).as(down[1] + down[2]).isEqualTo("0");
            assertThat(master.runningTasks()).isEmpty();
            assertThat(harness.framework.scheduler().snapshot().plans().get("shop")).isNull();
        }
    }
}
