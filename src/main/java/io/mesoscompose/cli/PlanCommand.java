package io.mesoscompose.cli;

import io.mesoscompose.plan.PlanPrinter;
import io.mesoscompose.plan.PlanSettings;
import io.mesoscompose.plan.ProjectPlan;
import java.io.PrintWriter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code mesos-compose plan}: shows the Mesos tasks compose files become, with no cluster. The framework settings
 * that shape tasks (task-name prefix, default resources, ...) come from the same environment variables
 * {@code serve} reads, so the preview matches what the framework would launch.
 */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Show the Mesos tasks compose files become (no cluster needed). Exit code 1 on errors.")
public final class PlanCommand implements Callable<Integer> {

    @Mixin
    ProjectOptions compose;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table (default), json or yaml")
    String format;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws java.io.IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        PlanPrinter.Format f = PlanPrinter.Format.parse(format);
        PlanSettings settings = ProjectOptions.settingsFromEnvironment();
        Optional<ProjectPlan> plan = compose.loadAndPlan(settings, err);
        if (plan.isEmpty()) {
            return 1;
        }
        String rendered = PlanPrinter.render(plan.get(), settings, f);
        out.print(rendered.endsWith("\n") ? rendered : rendered + "\n");
        out.flush();
        return 0;
    }
}
