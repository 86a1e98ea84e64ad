package io.mesoscompose.cli;

import io.mesoscompose.compose.LoadResult;
import io.mesoscompose.config.FrameworkConfig;
import io.mesoscompose.plan.PlanPrinter;
import io.mesoscompose.plan.PlanSettings;
import io.mesoscompose.plan.Planner;
import io.mesoscompose.plan.ProjectPlan;
import java.io.PrintWriter;
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
        PlanSettings settings = PlanSettings.fromConfig(FrameworkConfig.fromEnvironment(System.getenv()));
        LoadResult result = compose.loadLocally();
        if (!ProjectOptions.report(result, err)) {
            return 1;
        }
        ProjectPlan plan = Planner.plan(result.project().orElseThrow(), settings);
        plan.warnings().forEach(err::println);
        err.flush();
        if (plan.hasErrors()) {
            return 1;
        }
        String rendered = PlanPrinter.render(plan, settings, f);
        out.print(rendered.endsWith("\n") ? rendered : rendered + "\n");
        out.flush();
        return 0;
    }
}
