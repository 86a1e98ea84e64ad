package io.mesoscompose.simulator;

import io.mesoscompose.simulator.validation.FrameworkValidation;
import io.mesoscompose.simulator.validation.OfferConstraintsFilter;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.scheduler.Protos.OfferConstraints;

/** The master's book on one framework. Guarded by the {@link ClusterState} lock. */
final class SimFramework {

    /** As the master's {@code --max_completed_tasks_per_framework} default. */
    static final int MAX_COMPLETED_TASKS = 1000;

    final String id;
    private FrameworkInfo info;
    private Optional<EventStream> stream = Optional.empty();
    private boolean removed;
    private final Set<String> suppressedRoles = new HashSet<>();
    private OfferConstraints offerConstraints = OfferConstraints.getDefaultInstance();
    /** Agent ID to the instant until which this framework refused that agent's resources. */
    private final Map<String, Instant> refusedUntil = new HashMap<>();
    private Optional<ScheduledFuture<?>> failoverTimer = Optional.empty();
    private final Deque<SimTask> completed = new ArrayDeque<>();
    final Instant registered;
    private Optional<Instant> reregistered = Optional.empty();
    private Optional<Instant> unregistered = Optional.empty();

    SimFramework(String id, FrameworkInfo info, Instant registered) {
        this.id = id;
        this.info = info;
        this.registered = registered;
    }

    FrameworkInfo info() {
        return info;
    }

    List<String> roles() {
        return FrameworkValidation.rolesOf(info);
    }

    boolean connected() {
        return stream.isPresent() && !stream.get().isClosed();
    }

    Optional<EventStream> stream() {
        return stream;
    }

    boolean removed() {
        return removed;
    }

    boolean hasCapability(FrameworkInfo.Capability.Type type) {
        return info.getCapabilitiesList().stream().anyMatch(c -> c.getType() == type);
    }

    /** A (re)subscription: the new info and stream; the old stream (if open) is closed by the caller. */
    void subscribed(FrameworkInfo newInfo, EventStream newStream, List<String> suppressed,
            OfferConstraints constraints, Instant now) {
        offerConstraints = constraints;
        if (stream.isPresent()) {
            reregistered = Optional.of(now);
        }
        info = newInfo;
        stream = Optional.of(newStream);
        suppressedRoles.clear();
        suppressedRoles.addAll(suppressed);
        unregistered = Optional.empty();
        failoverTimer.ifPresent(t -> t.cancel(false));
        failoverTimer = Optional.empty();
    }

    void disconnected(ScheduledFuture<?> removal, Instant now) {
        failoverTimer = Optional.of(removal);
        unregistered = Optional.of(now);
    }

    void markRemoved(Instant now) {
        removed = true;
        unregistered = Optional.of(now);
        stream.ifPresent(EventStream::close);
    }

    Optional<Instant> reregistered() {
        return reregistered;
    }

    Optional<Instant> unregistered() {
        return unregistered;
    }

    /** Whether {@code agent} may be offered in {@code role}: the role not suppressed, its offer constraints met. */
    boolean offerable(String role, SimAgent agent) {
        return !suppressedRoles.contains(role)
                && !OfferConstraintsFilter.excludes(offerConstraints, role, agent.hostname(), agent.attributes());
    }

    void suppress(List<String> roles) {
        suppressedRoles.addAll(roles);
    }

    void revive(List<String> roles) {
        suppressedRoles.removeAll(roles);
        refusedUntil.clear();
    }

    void refuse(String agentId, Instant until) {
        refusedUntil.put(agentId, until);
    }

    boolean refuses(String agentId, Instant now) {
        Instant until = refusedUntil.get(agentId);
        return until != null && until.isAfter(now);
    }

    void completed(SimTask task) {
        completed.addLast(task);
        while (completed.size() > MAX_COMPLETED_TASKS) {
            completed.removeFirst();
        }
    }

    List<SimTask> completedTasks() {
        return List.copyOf(completed);
    }
}
