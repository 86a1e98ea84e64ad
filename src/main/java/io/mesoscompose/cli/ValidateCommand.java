package io.mesoscompose.cli;

import io.mesoscompose.compose.LoadResult;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code mesos-compose validate}: loads and checks compose files; no cluster, no framework needed. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = "Check compose files: every error and warning with file:line:column. Exit code 1 on errors.")
public final class ValidateCommand implements Callable<Integer> {

    @Mixin
    ProjectOptions compose;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws java.io.IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LoadResult result = compose.loadLocally();
        if (!ProjectOptions.report(result, err)) {
            return 1;
        }
        var project = result.project().orElseThrow();
        // The plan is part of validity: some fields cannot be honoured with the framework's settings.
        var plan = io.mesoscompose.plan.Planner.plan(project, io.mesoscompose.plan.PlanSettings.fromConfig(
                io.mesoscompose.config.FrameworkConfig.fromEnvironment(System.getenv())));
        plan.warnings().forEach(err::println);
        err.flush();
        if (plan.hasErrors()) {
            return 1;
        }
        out.println("project \"" + project.name() + "\" is valid: " + project.services().size()
                + (project.services().size() == 1 ? " service" : " services") + " ("
                + String.join(", ", project.services().keySet()) + ")");
        out.flush();
        return 0;
    }
}
