package io.mesoscompose.plan;

import io.mesoscompose.compose.Diagnostic;
import io.mesoscompose.compose.model.Constraint;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.mesos.v1.Protos.ContainerInfo;
import org.apache.mesos.v1.Protos.NetworkInfo;
import org.apache.mesos.v1.Protos.TaskInfo;

/** The {@code table} format of {@link PlanPrinter}: aligned columns, one line per service, then the warnings. */
final class PlanTable {
    private static final List<String> HEADER = List.of("SERVICE", "TASK NAME", "CONTAINER", "IMAGE", "NETWORK", "PORTS",
            "CPUS", "MEM", "DISK", "REPLICAS", "CONSTRAINTS", "RESTART", "FETCH", "EXECUTOR");

    private PlanTable() {}

    static String render(ProjectPlan plan, PlanSettings settings) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(HEADER);
        for (ServicePlan s : plan.services()) {
            TaskInfo t = s.template();
            ContainerInfo c = PlanPrinter.container(t);
            var command = t.hasCommand() ? t.getCommand() : t.getExecutor().getCommand();
            rows.add(List.of(
                    s.service(),
                    s.taskName(),
                    c.hasType() ? c.getType().name().toLowerCase(Locale.ROOT) : "none",
                    c.hasDocker() ? c.getDocker().getImage()
                            : c.hasMesos() ? c.getMesos().getImage().getDocker().getName() : "-",
                    network(c),
                    orDash(String.join(",", PlanPrinter.ports(t))),
                    number(s.needs().cpus()),
                    number(s.needs().memMb()),
                    number(s.needs().diskMb()),
                    Integer.toString(s.replicas()),
                    orDash(s.constraints().stream().map(Constraint::source).collect(Collectors.joining(","))),
                    PlanPrinter.restart(s) + (s.lifecycle() == ServicePlan.Lifecycle.JOB ? " (job)" : ""),
                    orDash(command.getUrisList().stream().map(u -> u.getValue()).collect(Collectors.joining(","))),
                    t.hasExecutor() ? t.getExecutor().getName() : "-"));
        }
        StringBuilder out = new StringBuilder("project ").append(plan.project())
                .append(" (role ").append(settings.role()).append(")\n");
        int[] width = new int[HEADER.size()];
        rows.forEach(r -> {
            for (int i = 0; i < r.size(); i++) width[i] = Math.max(width[i], r.get(i).length());
        });
        for (List<String> r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < r.size(); i++) {
                line.append(i == r.size() - 1 ? r.get(i) : String.format("%-" + width[i] + "s  ", r.get(i)));
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        for (Diagnostic w : plan.warnings()) {
            out.append(w).append('\n');
        }
        return out.toString();
    }

    private static String network(ContainerInfo c) {
        String names = c.getNetworkInfosList().stream().map(NetworkInfo::getName).collect(Collectors.joining(","));
        if (c.hasDocker()) {
            String mode = c.getDocker().getNetwork().name().toLowerCase(Locale.ROOT);
            return names.isEmpty() ? mode : mode + "(" + names + ")";
        }
        if (c.hasMesos()) {
            return names.isEmpty() ? "host" : "cni(" + names + ")";
        }
        return "host";
    }

    private static String number(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
    }

    private static String orDash(String s) {
        return s.isEmpty() ? "-" : s;
    }
}
