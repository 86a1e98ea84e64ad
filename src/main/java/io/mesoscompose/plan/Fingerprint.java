package io.mesoscompose.plan;

import io.mesoscompose.compose.model.Constraint;
import io.mesoscompose.compose.model.Dependency;
import io.mesoscompose.compose.model.RestartPolicy;
import io.mesoscompose.compose.model.VaultRef;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.mesos.v1.Protos.TaskInfo;

/**
 * What running replicas were made from, as SHA-256 hex: the template's bytes (protobuf serialisation is
 * deterministic for our messages: no maps, no unknown fields), the lifecycle, restart policy, resources, host
 * ports, secret references (not values), placement and dependencies. Replicas are left out on purpose: scaling
 * adds or removes tasks, it must not replace the ones that run.
 */
final class Fingerprint {
    private Fingerprint() {}

    static String of(TaskInfo template, ServicePlan.Lifecycle lifecycle, RestartPolicy restart,
                     ServicePlan.ResourceNeeds needs, List<ServicePlan.HostPortRequest> ports,
                     Map<String, VaultRef> secretEnv, List<Constraint> constraints, List<Dependency> dependsOn) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(template.toByteArray());
            StringBuilder rest = new StringBuilder()
                    .append('\n').append(lifecycle)
                    .append('\n').append(restart)
                    .append('\n').append(needs)
                    .append('\n').append(ports)
                    // Sorted: Map.copyOf iterates in an order that changes with every JVM start, and a fingerprint
                    // that changes with a restart would replace every task of the service after it.
                    .append('\n').append(new TreeMap<>(secretEnv));
            constraints.forEach(c -> rest.append('\n').append(c.source()));
            dependsOn.forEach(d -> rest.append('\n').append(d));
            sha.update(rest.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
