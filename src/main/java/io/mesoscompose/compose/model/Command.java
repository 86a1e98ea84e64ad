package io.mesoscompose.compose.model;

import java.util.List;

/**
 * {@code command:} or {@code entrypoint:}. Compose allows a string or a list. A string is split into words with
 * shell quoting rules and run without a shell, as docker compose does ({@code compose.CommandWords}); only
 * {@code shell: true} (the mesos-compose extension) runs the text as written through {@code /bin/sh -c}. A list is
 * the argv as written.
 */
public sealed interface Command {
    /** The string as written; its words come from {@code compose.CommandWords}. */
    record StringForm(String text) implements Command {}

    record ExecForm(List<String> argv) implements Command {
        public ExecForm {
            argv = List.copyOf(argv);
        }
    }
}
