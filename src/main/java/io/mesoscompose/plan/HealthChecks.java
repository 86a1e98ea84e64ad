package io.mesoscompose.plan;

import io.mesoscompose.compose.model.HealthCheck;
import java.time.Duration;
import org.apache.mesos.v1.Protos.CommandInfo;

/**
 * Compose's healthcheck as a Mesos HealthCheck. Compose's own defaults apply where the file says nothing (interval
 * 30s, timeout 30s, retries 3, start period 0), so a check behaves as under {@code docker compose}:
 * interval → interval_seconds, timeout → timeout_seconds, start_period → grace_period_seconds (failures inside it
 * do not count), retries → consecutive_failures.
 *
 * <p>{@code CMD-SHELL}/string tests run through the shell; {@code CMD} lists run as argv (value = argv[0],
 * arguments = argv, Mesos' convention). HTTP and TCP checks probe the container port from inside the task's network.
 */
final class HealthChecks {
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final int DEFAULT_RETRIES = 3;

    private HealthChecks() {}

    static org.apache.mesos.v1.Protos.HealthCheck toMesos(HealthCheck h) {
        var b = org.apache.mesos.v1.Protos.HealthCheck.newBuilder()
                .setDelaySeconds(0)
                .setIntervalSeconds(seconds(h.interval().orElse(DEFAULT_INTERVAL)))
                .setTimeoutSeconds(seconds(h.timeout().orElse(DEFAULT_TIMEOUT)))
                .setGracePeriodSeconds(seconds(h.startPeriod().orElse(Duration.ZERO)))
                .setConsecutiveFailures(h.retries().orElse(DEFAULT_RETRIES));
        switch (h.check()) {
            case HealthCheck.Check.Command c -> {
                CommandInfo.Builder cmd = CommandInfo.newBuilder().setShell(c.shell());
                if (c.shell()) {
                    cmd.setValue(String.join(" ", c.argv()));
                } else if (!c.argv().isEmpty()) {
                    cmd.setValue(c.argv().get(0)).addAllArguments(c.argv());
                }
                b.setType(org.apache.mesos.v1.Protos.HealthCheck.Type.COMMAND).setCommand(cmd);
            }
            case HealthCheck.Check.Http http -> b.setType(org.apache.mesos.v1.Protos.HealthCheck.Type.HTTP)
                    .setHttp(org.apache.mesos.v1.Protos.HealthCheck.HTTPCheckInfo.newBuilder()
                            .setPort(http.port()).setPath(http.path()).setScheme(http.scheme()));
            case HealthCheck.Check.Tcp tcp -> b.setType(org.apache.mesos.v1.Protos.HealthCheck.Type.TCP)
                    .setTcp(org.apache.mesos.v1.Protos.HealthCheck.TCPCheckInfo.newBuilder().setPort(tcp.port()));
        }
        return b.build();
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
