package io.mesoscompose.plan;

import io.mesoscompose.compose.CommandWords;
import io.mesoscompose.compose.model.Command;
import io.mesoscompose.compose.model.ContainerType;
import io.mesoscompose.compose.model.EnvValue;
import io.mesoscompose.compose.model.FetchUri;
import io.mesoscompose.compose.model.MesosOptions;
import io.mesoscompose.compose.model.Service;
import io.mesoscompose.compose.model.VaultRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.Environment;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.ExecutorInfo;

/**
 * What the task runs: CommandInfo from {@code entrypoint}, {@code command}, {@code arguments} and {@code shell}, the
 * environment, the fetcher URIs, and the custom executor.
 *
 * <p><b>Shell or not.</b> Only {@code shell: true} (the Go project's extension) runs the command through
 * {@code /bin/sh -c}. Otherwise a string {@code command}/{@code entrypoint} is split into words with shell quoting
 * rules ({@link CommandWords}) and run without a shell, as docker compose does: the image's ENTRYPOINT stays for a
 * {@code command}, {@code $VAR} is not expanded. Without a command or entrypoint there is nothing for a shell to run,
 * so {@code shell} is then false (as in the Go project).
 *
 * <p><b>Resulting CommandInfo</b> ({@code E} = entrypoint words, {@code C} = command words, {@code A} = arguments):
 * <table>
 *   <tr><th>case</th><th>shell</th><th>value</th><th>arguments</th></tr>
 *   <tr><td>nothing set</td><td>false</td><td>unset (the image's ENTRYPOINT/CMD run)</td><td>A (appended to the
 *       image's ENTRYPOINT, replacing its CMD)</td></tr>
 *   <tr><td>shell</td><td>true</td><td>E C A joined into one {@code /bin/sh -c} line: strings as written, list
 *       elements and arguments quoted ({@code command: "sleep"}, {@code arguments: ["1000"]} →
 *       {@code sleep 1000})</td><td>none (Mesos ignores them with a shell)</td></tr>
 *   <tr><td>Docker, entrypoint, no shell</td><td>false</td><td>unset; Docker parameter {@code entrypoint=E[0]}</td>
 *       <td>E[1..] C A</td></tr>
 *   <tr><td>Docker, command, no shell</td><td>false</td><td>C[0] (replaces the image's CMD, its ENTRYPOINT
 *       stays)</td><td>C[1..] A</td></tr>
 *   <tr><td>UCR or none, entrypoint/command, no shell</td><td>false</td><td>argv[0] of E C A</td><td>E C A
 *       (Mesos' convention: arguments include argv[0])</td></tr>
 * </table>
 * The Docker rows follow how Mesos' Docker containerizer builds {@code docker run} (src/docker/docker.cpp: value then
 * arguments after the image, {@code --entrypoint /bin/sh} with {@code -c value} for a shell). Mesos' own
 * containerizer runs a set value as given and ignores the image's ENTRYPOINT and CMD
 * (isolators/docker/runtime.cpp), so a UCR {@code command} without {@code entrypoint} gets a warning.
 *
 * <p><b>Custom executor</b> ({@code mesos.executer.command}): as in the Go project, the task carries no
 * CommandInfo; the executor's CommandInfo (shell) is {@code exec '<executor>' <the shell line above>} and gets the
 * environment and the fetch URIs.
 */
final class Commands {
    private Commands() {}

    static boolean usesShell(Service s) {
        boolean hasCommand = s.command().isPresent() || s.entrypoint().isPresent();
        return hasCommand && s.shell().orElse(false);
    }

    /** The one shell line for E C A. */
    static String shellLine(Service s) {
        List<String> parts = new ArrayList<>();
        s.entrypoint().ifPresent(c -> parts.add(shellText(c)));
        s.command().ifPresent(c -> parts.add(shellText(c)));
        if (!s.arguments().isEmpty()) {
            parts.add(ShellWords.join(s.arguments()));
        }
        return String.join(" ", parts.stream().filter(p -> !p.isEmpty()).toList());
    }

    private static String shellText(Command c) {
        return switch (c) {
            case Command.StringForm f -> f.text().trim();
            case Command.ExecForm f -> ShellWords.join(f.argv());
        };
    }

    /** The argv of a command; empty when a string cannot be split (the loader refuses such files). */
    private static Optional<List<String>> words(Optional<Command> c) {
        return c.map(cmd -> switch (cmd) {
            case Command.StringForm f -> switch (CommandWords.split(f.text())) {
                case CommandWords.Result.Words w -> Optional.of(w.words());
                case CommandWords.Result.Refused r -> Optional.<List<String>>empty();
            };
            case Command.ExecForm f -> Optional.of(f.argv());
        }).orElse(Optional.of(List.of()));
    }

    /** The Docker {@code --entrypoint}, when the entrypoint is not run through a shell. */
    static Optional<String> dockerEntrypoint(Service s, ContainerType type) {
        if (type != ContainerType.DOCKER || usesShell(s)) {
            return Optional.empty();
        }
        return words(s.entrypoint()).orElse(List.of()).stream().findFirst();
    }

    /** The task's CommandInfo: program, environment literals and fetch URIs. */
    static CommandInfo command(Service s, ContainerType type, List<FetchUri> fetch, Warnings warnings) {
        CommandInfo.Builder c = CommandInfo.newBuilder();
        if (usesShell(s)) {
            c.setShell(true).setValue(shellLine(s));
        } else {
            Optional<List<String>> e = words(s.entrypoint());
            Optional<List<String>> cmd = words(s.command());
            if (e.isEmpty() || cmd.isEmpty()) {
                warnings.error("command", "a command string that cannot be split into words needs shell: true",
                        "see docs/compose-reference.md, command");
            }
            c.setShell(false);
            if (type == ContainerType.DOCKER) {
                dockerArgv(e.orElse(List.of()), cmd.orElse(List.of()), s.arguments(), c);
            } else {
                mesosArgv(e.orElse(List.of()), cmd.orElse(List.of()), s.arguments(), type, c, warnings);
            }
        }
        // Docker gets --user as a parameter; for UCR and the command executor Mesos switches the user itself.
        Users.commandUser(s, type, warnings).ifPresent(c::setUser);
        c.setEnvironment(environment(s));
        fetch.forEach(u -> c.addUris(uri(u)));
        return c.build();
    }

    /** {@code docker run IMAGE value arguments…}: the entrypoint goes in as a parameter ({@link #dockerEntrypoint}). */
    private static void dockerArgv(List<String> e, List<String> cmd, List<String> arguments, CommandInfo.Builder c) {
        if (!e.isEmpty()) {
            c.addAllArguments(e.subList(1, e.size())).addAllArguments(cmd);
        } else if (!cmd.isEmpty()) {
            c.setValue(cmd.get(0)).addAllArguments(cmd.subList(1, cmd.size()));
        }
        c.addAllArguments(arguments);
    }

    /** Mesos' own convention: value is the program, arguments the whole argv including argv[0]. */
    private static void mesosArgv(List<String> e, List<String> cmd, List<String> arguments, ContainerType type,
                                  CommandInfo.Builder c, Warnings warnings) {
        List<String> argv = new ArrayList<>(e);
        argv.addAll(cmd);
        if (!argv.isEmpty()) {
            c.setValue(argv.get(0));
        }
        argv.addAll(arguments);
        c.addAllArguments(argv);
        if (argv.isEmpty() && type == ContainerType.NONE) {
            warnings.add("command", "container_type none runs no image, so it needs a command", null);
        }
        if (type == ContainerType.MESOS && e.isEmpty() && !cmd.isEmpty()) {
            warnings.add("command", "the Mesos containerizer runs the command as given: the image's ENTRYPOINT"
                    + " does not run (Docker would keep it)", "if the image needs its ENTRYPOINT, repeat it under"
                    + " entrypoint:");
        }
    }

    static Environment environment(Service s) {
        Environment.Builder env = Environment.newBuilder();
        s.environment().forEach((name, value) -> {
            if (value instanceof EnvValue.Literal l) {
                env.addVariables(Environment.Variable.newBuilder()
                        .setName(name).setType(Environment.Variable.Type.VALUE).setValue(l.value()));
            }
        });
        return env.build();
    }

    /** Environment variables whose values come from Vault when a replica is launched. */
    static Map<String, VaultRef> secretEnv(Service s) {
        Map<String, VaultRef> refs = new LinkedHashMap<>();
        s.environment().forEach((name, value) -> {
            if (value instanceof EnvValue.Vault v) {
                refs.put(name, v.ref());
            }
        });
        return refs;
    }

    static CommandInfo.URI uri(FetchUri u) {
        CommandInfo.URI.Builder b = CommandInfo.URI.newBuilder()
                .setValue(u.value()).setExecutable(u.executable()).setExtract(u.extract()).setCache(u.cache());
        u.outputFile().ifPresent(b::setOutputFile);
        return b.build();
    }

    /**
     * The custom executor, if the service names one. Its ExecutorID is a placeholder until {@link TaskFactory}
     * gives it the task's ID (one executor per task); the master fills in the framework ID.
     */
    static Optional<ExecutorInfo> executor(Service s, MesosOptions mesos, CommandInfo taskCommand) {
        return mesos.executorCommand().filter(x -> !x.isBlank()).map(executor -> {
            String line = shellLine(s);
            String value = "exec " + ShellWords.quote(executor) + (line.isEmpty() ? "" : " " + line);
            String name = executor.substring(executor.lastIndexOf('/') + 1);
            return ExecutorInfo.newBuilder()
                    .setType(ExecutorInfo.Type.CUSTOM)
                    .setExecutorId(ExecutorID.newBuilder().setValue(TaskFactory.TEMPLATE_ID))
                    .setName(name)
                    .setCommand(taskCommand.toBuilder().clearArguments().setShell(true).setValue(value))
                    .build();
        });
    }
}
