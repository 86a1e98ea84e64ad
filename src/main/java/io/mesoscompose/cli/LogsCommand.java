package io.mesoscompose.cli;

import io.mesoscompose.client.ApiException;
import io.mesoscompose.client.LogsRunner;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "logs", mixinStandardHelpOptions = true,
        description = {"Shows the output (stdout and stderr) of the project's tasks, read from their Mesos sandboxes,"
                + " each line prefixed with its service and replica, as docker compose logs does.",
                "SERVICE or TASK ID: only those (default: every task of the project)."})
final class LogsCommand extends ClientCommand {
    // Not ProjectOptions' -f: here -f is --follow, as in docker compose logs -f.
    @Option(names = {"-p", "--project-name"}, description = "project name (env COMPOSE_PROJECT_NAME; default: the"
            + " directory of the first file)")
    String projectName;

    @Option(names = "--file", description = "compose file the project name is taken from (repeatable); default"
            + " compose.yaml / docker-compose.yml in the current directory")
    List<Path> files = new ArrayList<>();

    @Option(names = {"-f", "--follow"}, description = "keep printing new output, also of tasks that start meanwhile,"
            + " until the tasks shown have ended")
    boolean follow;

    @Option(names = {"-n", "--tail"}, paramLabel = "N", description = "only the last N lines of each stream (default: all)")
    Integer tail;

    @Option(names = "--no-color", description = "no colours, also on a terminal")
    boolean noColour;

    @Parameters(arity = "0..*", paramLabel = "SERVICE|TASK")
    List<String> names = new ArrayList<>();

    private String project() {
        ProjectOptions options = new ProjectOptions();
        options.files = files;
        options.project = projectName;
        return options.project();
    }

    @Override
    int execute() throws IOException, InterruptedException, ApiException {
        if (tail != null && tail < 0) {
            spec.commandLine().getErr().println("error: --tail must be 0 or more");
            return 2;
        }
        boolean colour = !noColour && UpCommand.onTerminal() && !ClientOptions.environment.containsKey("NO_COLOR");
        return new LogsRunner(connection.client(), spec.commandLine().getOut(), spec.commandLine().getErr(), colour)
                .run(project(), names, follow, Optional.ofNullable(tail));
    }
}
