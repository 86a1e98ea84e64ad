package io.mesoscompose.cli;

import io.mesoscompose.api.model.ApplyRequest;
import io.mesoscompose.client.ApiException;
import io.mesoscompose.client.UpRunner;
import java.io.Console;
import java.io.IOException;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Sends the compose files to the framework and shows each service's progress until all run.",
                "Exit code 0 when every service runs (jobs: started), 1 when one fails (with the reason)."})
final class UpCommand extends ClientCommand {
    @Mixin
    ProjectOptions project;

    @Option(names = {"-d", "--detach"}, description = "send the files and return without following the progress")
    boolean detach;

    @Option(names = "--dry-run", description = "show what would change, service by service (as diff), and change nothing")
    boolean dryRun;

    @Option(names = "--timeout", defaultValue = "600", description = "seconds to wait for every service (default ${DEFAULT-VALUE})")
    long timeoutSeconds;

    @Override
    int execute() throws IOException, InterruptedException, ApiException {
        ProjectOptions.Submission submission = project.submission();
        String name = submission.project();
        ApplyRequest request = submission.request();
        if (dryRun) {
            DiffCommand.print(connection.client().diff(name, request), spec.commandLine().getOut());
            spec.commandLine().getOut().println("dry run: nothing was applied");
            return 0;
        }
        if (detach) {
            long version = connection.client().apply(name, request).version();
            spec.commandLine().getOut().println("project " + name + ": version " + version + " accepted");
            return 0;
        }
        return new UpRunner(connection.client(), spec.commandLine().getOut(), onTerminal())
                .run(name, request, Duration.ofSeconds(timeoutSeconds));
    }

    /**
     * Whether output goes to a terminal, where progress is redrawn in place. From JDK 22 on, System.console() exists
     * even when redirected and {@code Console.isTerminal()} tells; it is called reflectively as we build for 21.
     */
    static boolean onTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException olderJdk) {
            return true;
        }
    }
}
