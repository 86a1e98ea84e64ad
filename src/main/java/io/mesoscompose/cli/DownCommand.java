package io.mesoscompose.cli;

import io.mesoscompose.client.ApiException;
import io.mesoscompose.client.ComposeClient;
import java.io.IOException;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Takes the project down: kills every task of it and waits until none runs.")
final class DownCommand extends ClientCommand {
    @Mixin
    ProjectOptions project;

    @Option(names = "--timeout", defaultValue = "120", description = "seconds to wait for the tasks to end (default ${DEFAULT-VALUE})")
    long timeoutSeconds;

    @Option(names = {"-d", "--detach"}, description = "do not wait for the tasks to end")
    boolean detach;

    @Override
    int execute() throws IOException, InterruptedException, ApiException {
        String name = project.project();
        ComposeClient client = connection.client();
        client.down(name);
        spec.commandLine().getOut().println("project " + name + ": taking down");
        if (detach) {
            return 0;
        }
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        long live;
        // Polling is enough here: a handful of requests while Mesos kills the tasks.
        while ((live = client.tasks(Optional.of(name)).stream().filter(t -> !t.isTerminal()).count()) > 0) {
            if (System.nanoTime() > deadline) {
                spec.commandLine().getErr().println(live + " task(s) of " + name + " still live after " + timeoutSeconds
                        + "s; the framework goes on killing them");
                return 1;
            }
            Thread.sleep(500);
        }
        spec.commandLine().getOut().println("project " + name + " is down");
        return 0;
    }
}
