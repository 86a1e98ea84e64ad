package io.mesoscompose.compose.model;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/**
 * {@code deploy:}, with the service-level shortcuts ({@code scale}, {@code cpus}, {@code mem_limit}, ...) already
 * folded in.
 */
public record Deploy(
        Mode mode,
        int replicas,
        Resources limits,
        Resources reservations,
        List<Constraint> constraints,
        Optional<UpdateConfig> updateConfig,
        Map<String, String> labels,
        Optional<UpdateConfig> rollbackConfig,
        List<SpreadPreference> spread) {

    public static final Deploy DEFAULT =
            new Deploy(Mode.REPLICATED, 1, Resources.NONE, Resources.NONE, List.of(), Optional.empty(), Map.of());

    public Deploy {
        constraints = List.copyOf(constraints);
        labels = Maps.ordered(labels);
        spread = List.copyOf(spread);
    }

    /** Without {@code rollback_config}. */
    public Deploy(Mode mode, int replicas, Resources limits, Resources reservations, List<Constraint> constraints,
                  Optional<UpdateConfig> updateConfig, Map<String, String> labels) {
        this(mode, replicas, limits, reservations, constraints, updateConfig, labels, Optional.empty());
    }

    /** Without placement preferences. */
    public Deploy(Mode mode, int replicas, Resources limits, Resources reservations, List<Constraint> constraints,
                  Optional<UpdateConfig> updateConfig, Map<String, String> labels, Optional<UpdateConfig> rollbackConfig) {
        this(mode, replicas, limits, reservations, constraints, updateConfig, labels, rollbackConfig, List.of());
    }

    public enum Mode { REPLICATED, GLOBAL }

    /**
     * CPU and memory. Memory is in MB, the unit Mesos uses: compose units ({@code 50M}, {@code 1g}, {@code 512k})
     * are converted, and a bare number means MB, as in the Go mesos-compose and the user's example.
     */
    public record Resources(OptionalDouble cpus, OptionalDouble memoryMb, OptionalInt gpus) {
        public static final Resources NONE = new Resources(OptionalDouble.empty(), OptionalDouble.empty(), OptionalInt.empty());
    }

    /**
     * {@code deploy.update_config} (how a changed service is rolled out) or {@code deploy.rollback_config} (how a
     * failed update is undone), with Docker Swarm's meaning: see {@code scheduler.RollingUpdate}.
     *
     * @param parallelism     replicas replaced per batch; 0 means all at once
     * @param delay           waited after each batch has finished before the next starts
     * @param monitor         how long after a new task started its failure still counts against the update
     * @param maxFailureRatio the fraction of the updated tasks that may fail before {@code failureAction} is taken
     */
    public record UpdateConfig(
            int parallelism,
            Duration delay,
            Order order,
            FailureAction failureAction,
            Duration monitor,
            double maxFailureRatio) {

        /**
         * Swarm's defaults for an update (and a rollback) without a config: one at a time, no delay, stop-first,
         * pause on the first failure seen within 5 s (swarmkit api/defaults/service.go {@code Service.Update}).
         */
        public static final UpdateConfig DEFAULT = new UpdateConfig(1, Duration.ZERO, Order.STOP_FIRST,
                FailureAction.PAUSE, Duration.ofSeconds(5), 0);

        public enum Order { STOP_FIRST, START_FIRST }

        public enum FailureAction { PAUSE, CONTINUE, ROLLBACK }
    }
}
