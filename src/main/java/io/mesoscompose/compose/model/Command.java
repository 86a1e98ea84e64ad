package io.mesoscompose.compose.model;

import java.util.List;

/**
 * {@code command:} or {@code entrypoint:}. Compose allows a string or a list, and they mean different things on
 * Mesos: a string is shell form (run through {@code /bin/sh -c} when the service asks for a shell), a list is exec
 * form (argv as written).
 */
public sealed interface Command {
    record ShellForm(String text) implements Command {}

    record ExecForm(List<String> argv) implements Command {
        public ExecForm {
            argv = List.copyOf(argv);
        }
    }
}
