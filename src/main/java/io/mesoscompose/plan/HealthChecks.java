package io.mesoscompose.plan;

import io.mesoscompose.compose.model.ContainerType;
import io.mesoscompose.compose.model.HealthCheck;
import java.time.Duration;
import java.util.List;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.CommandInfo;

/**
 * A compose healthcheck as a Mesos HealthCheck.
 *
 * <p><b>Timings.</b> The compose form gets compose's defaults where the file says nothing (interval 30s, timeout
 * 30s, retries 3, start period 0, no delay), so a check behaves as under {@code docker compose}: interval →
 * interval_seconds, timeout → timeout_seconds, start_period → grace_period_seconds (failures inside it do not count),
 * retries → consecutive_failures. The Mesos form (the Go project's) gets Mesos' own defaults (delay 15s, interval
 * 10s, timeout 20s, 3 failures, grace 10s): the Go project hands its check to Mesos as written.
 *
 * <p><b>Commands.</b> A check must run what {@code docker compose} would run in the container. How Mesos runs a
 * COMMAND check depends on the executor (src/checks/checker_process.cpp):
 * <ul>
 *   <li>Docker containerizer ({@code dockerCommandCheck}): {@code docker exec <container> sh -c <value>} for a shell
 *       command, {@code docker exec <container> <value> <arguments…>} otherwise — so {@code CMD} argv goes as
 *       value = argv[0], arguments = argv[1..];</li>
 *   <li>Mesos containerizer and {@code none} ({@code commandCheck}, in the task's mount namespace): {@code sh -c
 *       <value>} for a shell command, otherwise exec of value with argv = arguments — so value = argv[0], arguments
 *       = argv (argv[0] included).</li>
 * </ul>
 * {@code CMD-SHELL} and the string form are shell commands in both ({@code /bin/sh -c}, as Docker runs them). The
 * Mesos form's command is passed on as written. HTTP and TCP checks probe the container port from inside the task's
 * network.
 */
final class HealthChecks {
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(30);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    static final int DEFAULT_RETRIES = 3;

    /** Mesos' HealthCheck defaults (include/mesos/v1/mesos.proto), for the Mesos form. */
    static final Duration MESOS_DELAY = Duration.ofSeconds(15);
    static final Duration MESOS_INTERVAL = Duration.ofSeconds(10);
    static final Duration MESOS_TIMEOUT = Duration.ofSeconds(20);
    static final Duration MESOS_GRACE = Duration.ofSeconds(10);

    private HealthChecks() {}

    static Protos.HealthCheck toMesos(HealthCheck h, ContainerType type) {
        boolean compose = h.form() == HealthCheck.Form.COMPOSE;
        var b = Protos.HealthCheck.newBuilder()
                .setDelaySeconds(seconds(h.delay().orElse(compose ? Duration.ZERO : MESOS_DELAY)))
                .setIntervalSeconds(seconds(h.interval().orElse(compose ? DEFAULT_INTERVAL : MESOS_INTERVAL)))
                .setTimeoutSeconds(seconds(h.timeout().orElse(compose ? DEFAULT_TIMEOUT : MESOS_TIMEOUT)))
                .setGracePeriodSeconds(seconds(h.startPeriod().orElse(compose ? Duration.ZERO : MESOS_GRACE)))
                .setConsecutiveFailures(h.retries().orElse(DEFAULT_RETRIES));
        switch (h.check()) {
            case HealthCheck.Check.Command c -> b.setType(Protos.HealthCheck.Type.COMMAND).setCommand(command(c, type));
            case HealthCheck.Check.MesosCommand c -> b.setType(Protos.HealthCheck.Type.COMMAND)
                    .setCommand(CommandInfo.newBuilder().setShell(false).setValue(c.value())
                            .addAllArguments(c.arguments()));
            case HealthCheck.Check.Http http -> b.setType(Protos.HealthCheck.Type.HTTP)
                    .setHttp(Protos.HealthCheck.HTTPCheckInfo.newBuilder()
                            .setPort(http.port()).setPath(http.path()).setScheme(http.scheme())
                            .addAllStatuses(http.statuses()));
            case HealthCheck.Check.Tcp tcp -> b.setType(Protos.HealthCheck.Type.TCP)
                    .setTcp(Protos.HealthCheck.TCPCheckInfo.newBuilder().setPort(tcp.port()));
        }
        return b.build();
    }

    private static CommandInfo command(HealthCheck.Check.Command c, ContainerType type) {
        CommandInfo.Builder cmd = CommandInfo.newBuilder().setShell(c.shell());
        if (c.shell()) {
            return cmd.setValue(String.join(" ", c.argv())).build();
        }
        List<String> argv = c.argv();
        cmd.setValue(argv.get(0));
        return switch (type) {
            case DOCKER -> cmd.addAllArguments(argv.subList(1, argv.size())).build();
            case MESOS, NONE -> cmd.addAllArguments(argv).build();
        };
    }

    private static double seconds(Duration d) {
        return d.toMillis() / 1000.0;
    }
}
