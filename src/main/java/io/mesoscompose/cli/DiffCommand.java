package io.mesoscompose.cli;

import io.mesoscompose.api.model.DiagnosticView;
import io.mesoscompose.api.model.ProjectDiff;
import io.mesoscompose.api.model.ServiceChange;
import io.mesoscompose.client.ApiException;
import java.io.IOException;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Shows what up would do with the compose files, service by service: unchanged, scaled,"
                + " replaced and why, added, removed. Changes nothing.",
                "Exit code 0, also when there are changes; 1 when the files would be refused (with each error)."})
final class DiffCommand extends ClientCommand {
    @Mixin
    ProjectOptions project;

    @Override
    int execute() throws IOException, InterruptedException, ApiException {
        ProjectOptions.Submission submission = project.submission();
        print(connection.client().diff(submission.project(), submission.request()), spec.commandLine().getOut());
        return 0;
    }

    /** The difference as lines: a header, one line per service, then the warnings. */
    static void print(ProjectDiff diff, PrintWriter out) {
        out.println(diff.currentVersion().map(v -> "project " + diff.project() + " (version " + v + " runs now):")
                .orElse("project " + diff.project() + " (not running: every service is added):"));
        for (ServiceChange change : diff.services()) {
            out.println("  " + change.describe());
        }
        for (DiagnosticView warning : diff.warnings()) {
            out.println(warning.text() != null ? warning.text() : "warning: " + warning.message());
        }
        if (diff.unchanged()) {
            out.println("nothing to change");
        }
        out.flush();
    }
}
