package io.mesoscompose.cli;

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
        var plan = compose.loadAndPlan(ProjectOptions.settingsFromEnvironment(), err);
        if (plan.isEmpty()) {
            return 1;
        }
        var services = plan.get().services().stream().map(s -> s.service()).toList();
        out.println("project \"" + plan.get().project() + "\" is valid: " + services.size()
                + (services.size() == 1 ? " service" : " services") + " (" + String.join(", ", services) + ")");
        out.flush();
        return 0;
    }
}
