package io.mesoscompose.simulator;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import org.apache.mesos.v1.Protos.FrameworkInfo;

/** The master's book on one framework. Guarded by the {@link ClusterState} lock. */
final class SimFramework {
    final String id;
    FrameworkInfo info;
    EventStream stream;
    boolean removed;
    final Set<String> suppressedRoles = new HashSet<>();
    /** Agent ID to the instant until which this framework refused that agent's resources. */
    final Map<String, Instant> refusedUntil = new HashMap<>();
    ScheduledFuture<?> failoverTimer;

    SimFramework(String id, FrameworkInfo info) {
        this.id = id;
        this.info = info;
    }

    List<String> roles() {
        if (info.getRolesCount() > 0) {
            return info.getRolesList();
        }
        return List.of(info.hasRole() ? info.getRole() : "*");
    }

    boolean connected() {
        return stream != null && !stream.isClosed();
    }

    boolean hasCapability(org.apache.mesos.v1.Protos.FrameworkInfo.Capability.Type type) {
        return info.getCapabilitiesList().stream().anyMatch(c -> c.getType() == type);
    }
}
