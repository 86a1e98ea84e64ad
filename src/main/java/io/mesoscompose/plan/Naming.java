package io.mesoscompose.plan;

import io.mesoscompose.compose.model.NetworkMode;
import io.mesoscompose.compose.model.Service;
import java.util.Optional;

/**
 * Names as the Go mesos-compose makes them, so Traefik rules and the Mesos CLI keep working:
 * <ul>
 *   <li>task name {@code <prefix>:<project>:<service>}; a {@code mesos.task_name} replaces it, and one that does not
 *       start with {@code <prefix>:} is put under the prefix ({@code app1} → {@code mc:app1}) so every task of the
 *       framework stays recognisable by its prefix;</li>
 *   <li>DiscoveryInfo.name: the task name with {@code :} replaced by the info-name delimiter ({@code mc.test.app1});</li>
 *   <li>discovery port names: {@code <taskname>:<containerport>} with {@code :} replaced by the port-name delimiter
 *       ({@code mc_test_app1_80}) — Traefik's Mesos provider uses these as service names.</li>
 * </ul>
 */
final class Naming {
    private Naming() {}

    static String taskName(String project, Service service, Optional<String> alternative, PlanSettings settings) {
        String prefix = settings.taskNamePrefix();
        return alternative.map(String::trim).filter(n -> !n.isEmpty())
                .map(n -> n.startsWith(prefix + ":") ? n : prefix + ":" + n)
                .orElse(prefix + ":" + project + ":" + service.name());
    }

    static String discoveryName(String taskName, PlanSettings settings) {
        return taskName.replace(":", settings.discoveryInfoNameDelimiter());
    }

    static String discoveryPortName(String taskName, int containerPort, PlanSettings settings) {
        return (taskName + ":" + containerPort).replace(":", settings.discoveryPortNameDelimiter());
    }

    /**
     * The container hostname: {@code hostname}, else {@code container_name}, with the configured prefix. None in
     * host mode (the container is the agent's host). Where the Go project invents a random UUID we set nothing:
     * Docker then uses the container ID, which is just as unique, and the plan stays a pure function.
     */
    static Optional<String> hostname(Service service, NetworkMode mode, PlanSettings settings) {
        if (mode == NetworkMode.HOST) {
            return Optional.empty();
        }
        return service.hostname().or(service::containerName).filter(h -> !h.isBlank())
                .map(h -> settings.hostnamePrefix().orElse("") + h);
    }
}
