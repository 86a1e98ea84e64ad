package io.mesoscompose.cli;

import io.mesoscompose.api.model.TaskView;
import io.mesoscompose.client.ApiException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "ps", mixinStandardHelpOptions = true, description = "Lists the project's tasks: state, host, ports, last message.")
final class PsCommand extends ClientCommand {
    @Mixin
    ProjectOptions project;

    @Option(names = {"-a", "--all"}, description = "also ended tasks (finished, failed, killed)")
    boolean all;

    @Override
    int execute() throws IOException, InterruptedException, ApiException {
        List<TaskView> tasks = connection.client().tasks(Optional.of(project.project())).stream()
                .filter(t -> all || !t.isTerminal())
                .sorted(Comparator.comparing(TaskView::service).thenComparingInt(TaskView::replica)
                        .thenComparing(TaskView::createdAt))
                .toList();
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("TASK ID", "SERVICE", "STATE", "HOST", "PORTS", "MESSAGE"));
        for (TaskView t : tasks) {
            rows.add(List.of(t.taskId(), t.service() + "#" + t.replica(), state(t), t.mesosAgent().hostname(),
                    ports(t.hostPorts()), t.message().orElse("")));
        }
        print(rows);
        return 0;
    }

    private static String state(TaskView t) {
        String state = t.state().replaceFirst("^TASK_", "").toLowerCase(Locale.ROOT);
        String health = t.healthy().map(h -> h ? " (healthy)" : " (unhealthy)").orElse("");
        String exit = t.exitCode().map(c -> " (exit " + c + ")").orElse("");
        return state + health + exit;
    }

    /** {@code 31002->80/tcp}, as docker compose ps shows them. */
    static String ports(Map<String, Integer> hostPorts) {
        return hostPorts.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getValue() + "->" + e.getKey()).collect(Collectors.joining(", "));
    }

    private void print(List<List<String>> rows) {
        int columns = rows.get(0).size();
        int[] width = new int[columns];
        for (List<String> row : rows) {
            for (int i = 0; i < columns; i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(i == columns - 1 ? row.get(i) : String.format("%-" + (width[i] + 3) + "s", row.get(i)));
            }
            spec.commandLine().getOut().println(line.toString().stripTrailing());
        }
    }
}
