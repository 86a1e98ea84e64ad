package io.mesoscompose.cli;

import io.mesoscompose.simulator.SimulateCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code mesos-compose}: one program, several commands. Each command is its own class in this package; this class
 * only lists them.
 */
@Command(
        name = "mesos-compose",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "Runs docker-compose projects as Apache Mesos tasks.",
        subcommands = {
            CommandLine.HelpCommand.class,
            ValidateCommand.class,
            PlanCommand.class,
            ServeCommand.class,
            SimulateCommand.class,
            UpCommand.class,
            DownCommand.class,
            PsCommand.class,
            ScaleCommand.class,
            RestartCommand.class,
            LogsCommand.class,
            DiffCommand.class,
        })
public final class Main {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests to run commands in-process. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(Main::userError);
        ServeCommand.addSettingsHelp(cl.getSubcommands().get("serve"));
        return cl;
    }

    /** Problems the user can fix (a missing file, a bad setting) are one line, not a stack trace. */
    private static int userError(Exception e, CommandLine cl, CommandLine.ParseResult parsed) throws Exception {
        if (e instanceof NoSuchFileException missing) {
            cl.getErr().println("mesos-compose " + cl.getCommandName() + ": no such file: " + missing.getFile());
            cl.getErr().flush();
            return 2;
        }
        if (e instanceof IOException || e instanceof UncheckedIOException
                || e instanceof IllegalStateException || e instanceof IllegalArgumentException) {
            cl.getErr().println("mesos-compose " + cl.getCommandName() + ": " + e.getMessage());
            cl.getErr().flush();
            return 2;
        }
        throw e;
    }

    /** {@code mesos-compose --version}: the version and the git commit the jar was built from. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {BuildInfo.load().describe()};
        }
    }
}
