package io.mesoscompose.cli;

import io.mesoscompose.client.ApiException;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "restart", mixinStandardHelpOptions = true, description = "Replaces every task of the services named.")
final class RestartCommand extends ClientCommand {
    @Mixin
    ProjectOptions project;

    @Parameters(arity = "1..*", paramLabel = "SERVICE")
    List<String> services;

    @Override
    int execute() throws IOException, InterruptedException, ApiException {
        String name = project.project();
        for (String service : services) {
            connection.client().restart(name, service);
            spec.commandLine().getOut().println("service " + service + " of " + name + ": restarting");
        }
        return 0;
    }
}
