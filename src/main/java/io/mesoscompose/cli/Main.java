package io.mesoscompose.cli;

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
            io.mesoscompose.simulator.SimulateCommand.class,
            UpCommand.class,
            DownCommand.class,
            PsCommand.class,
            ScaleCommand.class,
            RestartCommand.class,
        })
public final class Main {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, also used by tests to run commands in-process. */
    public static CommandLine commandLine() {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[] {"mesos-compose " + (v == null ? "(development build)" : v)};
        }
    }
}
