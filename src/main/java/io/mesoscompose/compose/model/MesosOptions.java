package io.mesoscompose.compose.model;

import java.util.List;
import java.util.Optional;

/**
 * The per-service {@code mesos:} extension (and the older {@code biz.aventer.mesos_compose.*} labels, already
 * folded in with the compose fields taking precedence).
 *
 * @param taskName        an alternative task name ({@code mesos.task_name})
 * @param executorCommand a custom executor's command ({@code mesos.executer.command}; the Go project's spelling)
 * @param fetch           URIs for the Mesos fetcher
 */
public record MesosOptions(Optional<String> taskName, Optional<String> executorCommand, List<FetchUri> fetch) {
    public static final MesosOptions NONE = new MesosOptions(Optional.empty(), Optional.empty(), List.of());

    public MesosOptions {
        fetch = List.copyOf(fetch);
    }
}
