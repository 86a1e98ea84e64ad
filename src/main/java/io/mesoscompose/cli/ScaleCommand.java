package io.mesoscompose.cli;

import io.mesoscompose.client.ApiException;
import java.io.IOException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "scale", mixinStandardHelpOptions = true, description = "Sets the number of replicas: SERVICE=N …")
final class ScaleCommand extends ClientCommand {
    @Mixin
    ProjectOptions project;

    @Parameters(arity = "1..*", paramLabel = "SERVICE=N")
    List<String> targets;

    @Override
    int execute() throws IOException, InterruptedException, ApiException {
        String name = project.project();
        for (String target : targets) {
            int eq = target.indexOf('=');
            int replicas;
            try {
                replicas = Integer.parseInt(target.substring(eq + 1));
            } catch (NumberFormatException | IndexOutOfBoundsException e) {
                replicas = -1;
            }
            if (eq <= 0 || replicas < 0) {
                spec.commandLine().getErr().println("error: \"" + target + "\" is not SERVICE=N (N ≥ 0)");
                return 2;
            }
            String service = target.substring(0, eq);
            connection.client().scale(name, service, replicas);
            spec.commandLine().getOut().println("service " + service + " of " + name + ": scaled to " + replicas);
        }
        return 0;
    }
}
