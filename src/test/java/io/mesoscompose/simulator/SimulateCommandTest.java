package io.mesoscompose.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.cli.Main;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SimulateCommandTest {

    @Test
    void servesTheRequestedNumberOfAgentsUntilStopped() throws Exception {
        SimulateCommand command = new SimulateCommand();
        AtomicInteger exit = new AtomicInteger(-1);
        Thread runner = Thread.ofVirtual().start(() -> exit.set(
                new CommandLine(command).execute("--agents", "4", "--port", "0", "--seed", "9")));
        assertThat(command.started.await(10, TimeUnit.SECONDS)).isTrue();
        String state = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                command.master.url() + "/state")).build(), HttpResponse.BodyHandlers.ofString()).body();
        assertThat(state.split("\"id\":\"sim-agent-", -1)).hasSize(5);
        command.stop.countDown();
        runner.join(10_000);
        assertThat(exit.get()).isZero();
    }

    @Test
    void isASubcommandOfMain() {
        assertThat(Main.commandLine().getSubcommands()).containsKey("simulate");
    }
}
