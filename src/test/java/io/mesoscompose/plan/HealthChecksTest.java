package io.mesoscompose.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.compose.model.ComposeProject;
import io.mesoscompose.compose.model.ContainerType;
import io.mesoscompose.compose.model.HealthCheck;
import io.mesoscompose.compose.model.Service;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.mesos.v1.Protos;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.junit.jupiter.api.Test;

/**
 * A health check runs what {@code docker compose} would run in the container. The facts about Mesos are from Apache
 * Mesos src/checks/checker_process.cpp: {@code dockerCommandCheck} (Docker containerizer) runs
 * {@code docker exec <container> sh -c <value>} for a shell command and {@code docker exec <container> <value>
 * <arguments…>} otherwise; {@code commandCheck} (Mesos containerizer, command executor) runs {@code sh -c <value>}, or
 * execs {@code value} with argv = {@code arguments}.
 */
class HealthChecksTest {

    /** The argv the Docker executor's check runs inside the container (after {@code docker exec <container>}). */
    static List<String> inDockerContainer(CommandInfo c) {
        if (c.getShell()) {
            return List.of("sh", "-c", c.getValue());
        }
        List<String> argv = new ArrayList<>();
        if (c.hasValue()) {
            argv.add(c.getValue());
        }
        argv.addAll(c.getArgumentsList());
        return argv;
    }

    /** The program and argv the command executor's check runs: {@code value} exec'd with argv = arguments. */
    static List<String> inMesosContainer(CommandInfo c) {
        if (c.getShell()) {
            return List.of("sh", "-c", c.getValue());
        }
        List<String> programAndArgv = new ArrayList<>(List.of(c.getValue()));
        programAndArgv.addAll(c.getArgumentsList());
        return programAndArgv;
    }

    static Protos.HealthCheck planned(HealthCheck h, ContainerType type) {
        Service s = Service.builder("s", "img").containerType(type).healthcheck(h).build();
        ComposeProject p = new ComposeProject("p", Map.of("s", s), Map.of(), Map.of(), Map.of(), Map.of());
        return Planner.plan(p, PlanSettings.defaults()).services().get(0).template().getHealthCheck();
    }

    static HealthCheck compose(HealthCheck.Check check) {
        return new HealthCheck(check, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                SeedExample.POS);
    }

    @Test
    void aCmdTestRunsItsArgvOnceUnderDockerExec() {
        var h = planned(compose(new HealthCheck.Check.Command(List.of("curl", "-f", "http://localhost/"), false)),
                ContainerType.DOCKER);
        assertThat(h.getCommand().getValue()).isEqualTo("curl"); // validateHealthCheck: a COMMAND check needs a value
        assertThat(inDockerContainer(h.getCommand())).containsExactly("curl", "-f", "http://localhost/");
    }

    @Test
    void aCmdTestUnderTheMesosContainerizerExecsArgvZeroWithTheWholeArgv() {
        for (ContainerType type : List.of(ContainerType.MESOS, ContainerType.NONE)) {
            var h = planned(compose(new HealthCheck.Check.Command(List.of("pg_isready", "-U", "pg"), false)), type);
            assertThat(inMesosContainer(h.getCommand())).containsExactly("pg_isready", "pg_isready", "-U", "pg");
        }
    }

    @Test
    void cmdShellAndTheStringFormRunThroughTheShellEverywhere() {
        for (ContainerType type : ContainerType.values()) {
            var h = planned(compose(new HealthCheck.Check.Command(List.of("curl -f http://localhost/ || exit 1"), true)),
                    type);
            assertThat(inDockerContainer(h.getCommand()))
                    .containsExactly("sh", "-c", "curl -f http://localhost/ || exit 1");
        }
    }

    @Test
    void theMesosFormsCommandIsPassedOnAsWritten() {
        var h = planned(new HealthCheck(new HealthCheck.Check.MesosCommand("/usr/bin/pg_isready",
                        List.of("pg_isready", "-U", "pg")), Optional.empty(), Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.empty(), HealthCheck.Form.MESOS, SeedExample.POS),
                ContainerType.DOCKER);
        assertThat(h.getCommand()).isEqualTo(CommandInfo.newBuilder().setShell(false).setValue("/usr/bin/pg_isready")
                .addAllArguments(List.of("pg_isready", "-U", "pg")).build());
    }

    // Mesos' defaults (include/mesos/v1/mesos.proto HealthCheck): delay 15, interval 10, timeout 20, 3 failures,
    // grace 10; the Go project leaves them to Mesos.
    @Test
    void aMesosFormCheckWithoutTimingsGetsMesosDefaults() {
        var h = planned(new HealthCheck(new HealthCheck.Check.Command(List.of("mysqladmin ping -h localhost"),
                true), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                HealthCheck.Form.MESOS, SeedExample.POS), ContainerType.DOCKER);
        Protos.HealthCheck defaults = Protos.HealthCheck.getDefaultInstance();
        assertThat(List.of(h.getDelaySeconds(), h.getIntervalSeconds(), h.getTimeoutSeconds(), h.getGracePeriodSeconds()))
                .containsExactly(defaults.getDelaySeconds(), defaults.getIntervalSeconds(), defaults.getTimeoutSeconds(),
                        defaults.getGracePeriodSeconds());
        assertThat(h.getConsecutiveFailures()).isEqualTo(defaults.getConsecutiveFailures());
    }

    @Test
    void aComposeCheckGetsComposeDefaultsAndItsOwnTimings() {
        var d = planned(compose(new HealthCheck.Check.Tcp(5432)), ContainerType.DOCKER);
        assertThat(List.of(d.getDelaySeconds(), d.getIntervalSeconds(), d.getTimeoutSeconds(), d.getGracePeriodSeconds()))
                .containsExactly(0.0, 30.0, 30.0, 0.0);
        var h = planned(new HealthCheck(new HealthCheck.Check.Tcp(5432), Optional.of(Duration.ofSeconds(5)),
                Optional.of(Duration.ofMillis(2500)), Optional.of(4), Optional.of(Duration.ofSeconds(60)),
                Optional.of(Duration.ofSeconds(1)), HealthCheck.Form.COMPOSE, SeedExample.POS), ContainerType.DOCKER);
        assertThat(List.of(h.getDelaySeconds(), h.getIntervalSeconds(), h.getTimeoutSeconds(), h.getGracePeriodSeconds()))
                .containsExactly(1.0, 5.0, 2.5, 60.0);
        assertThat(h.getConsecutiveFailures()).isEqualTo(4);
    }

    @Test
    void httpChecksCarryPortPathSchemeAndStatuses() {
        var h = planned(compose(new HealthCheck.Check.Http(8080, "/health", "https", List.of(200))), ContainerType.DOCKER);
        assertThat(h.getType()).isEqualTo(Protos.HealthCheck.Type.HTTP);
        assertThat(h.getHttp()).isEqualTo(Protos.HealthCheck.HTTPCheckInfo.newBuilder().setPort(8080).setPath("/health")
                .setScheme("https").addStatuses(200).build());
    }
}
