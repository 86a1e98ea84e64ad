package io.mesoscompose.api.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What applying new compose files would do to one service.
 *
 * @param change         {@code UNCHANGED}, {@code SCALED} (same task definition, another replica count),
 *                       {@code REPLACED} (its tasks are replaced: the task definition changed), {@code ADDED} or
 *                       {@code REMOVED}
 * @param replicasBefore the replicas wanted now (0 for an added service)
 * @param replicasAfter  the replicas the files ask for (0 for a removed service)
 * @param tasksReplaced  running tasks that would be stopped and started anew (replaced) or stopped (removed)
 * @param reasons        why it is replaced: what changed ({@code image nginx:1.25 → nginx:1.27}, {@code command},
 *                       {@code environment API_KEY (changed)}, ...); names, never the values of the environment,
 *                       of labels or of secrets
 */
public record ServiceChange(
        @JsonProperty("service") String service,
        @JsonProperty("change") Change change,
        @JsonProperty("replicas_before") int replicasBefore,
        @JsonProperty("replicas_after") int replicasAfter,
        @JsonProperty("tasks_replaced") int tasksReplaced,
        @JsonProperty("reasons") List<String> reasons) {

    public enum Change { UNCHANGED, SCALED, REPLACED, ADDED, REMOVED }

    public ServiceChange {
        reasons = List.copyOf(reasons);
    }

    /** One line, as {@code mesos-compose diff} prints it: {@code web: replaced (2 tasks): image a → b; command}. */
    public String describe() {
        String scale = replicasBefore == replicasAfter ? "" : " " + replicasBefore + " → " + replicasAfter;
        return service + ": " + switch (change) {
            case UNCHANGED -> "unchanged (" + replicasAfter + (replicasAfter == 1 ? " replica)" : " replicas)");
            case SCALED -> "scaled" + scale;
            case ADDED -> "added (" + replicasAfter + (replicasAfter == 1 ? " replica)" : " replicas)");
            case REMOVED -> "removed (" + tasks(tasksReplaced) + " stopped)";
            case REPLACED -> "replaced (" + tasks(tasksReplaced) + ")" + (scale.isEmpty() ? "" : ", scaled" + scale)
                    + ": " + String.join("; ", reasons);
        };
    }

    private static String tasks(int n) {
        return n + (n == 1 ? " task" : " tasks");
    }
}
