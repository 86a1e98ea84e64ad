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
        Map<String, String> labels) {

    public static final Deploy DEFAULT =
            new Deploy(Mode.REPLICATED, 1, Resources.NONE, Resources.NONE, List.of(), Optional.empty(), Map.of());

    public Deploy {
        constraints = List.copyOf(constraints);
        labels = Maps.ordered(labels);
    }

    public enum Mode { REPLICATED, GLOBAL }

    /**
     * CPU and memory. Memory is in MB, the unit Mesos uses: compose units ({@code 50M}, {@code 1g}, {@code 512k})
     * are converted, and a bare number means MB, as in the Go mesos-compose and the user's example.
     */
    public record Resources(OptionalDouble cpus, OptionalDouble memoryMb, OptionalInt gpus) {
        public static final Resources NONE = new Resources(OptionalDouble.empty(), OptionalDouble.empty(), OptionalInt.empty());
    }

    /** {@code deploy.update_config}: how a changed service is rolled out. */
    public record UpdateConfig(
            int parallelism,
            Duration delay,
            Order order,
            FailureAction failureAction,
            Duration monitor,
            double maxFailureRatio) {

        public enum Order { STOP_FIRST, START_FIRST }

        public enum FailureAction { PAUSE, CONTINUE, ROLLBACK }
    }
}
