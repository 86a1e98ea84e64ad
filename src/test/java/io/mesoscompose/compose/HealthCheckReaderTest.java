package io.mesoscompose.compose;

import static io.mesoscompose.compose.InlineCompose.errors;
import static io.mesoscompose.compose.InlineCompose.service;
import static io.mesoscompose.compose.InlineCompose.warnings;
import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.compose.model.HealthCheck;
import io.mesoscompose.compose.model.HealthCheck.Check;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a Mesos master refuses in a HealthCheck (Apache Mesos src/common/validation.cpp, validateHealthCheck) is refused
 * here at the field, or normalised where the meaning is clear; the Go mesos-compose's Mesos form is read with its
 * meaning (its types.go decodes {@code healthcheck:} into Mesos' HealthCheck; api/compose.go setHealthCheck picks
 * the type).
 */
class HealthCheckReaderTest {

    private static HealthCheck check(String healthcheck) {
        return service("services:\n  s:\n    image: i\n    healthcheck:\n" + healthcheck.indent(6), "s")
                .healthcheck().orElseThrow();
    }

    private static String file(String healthcheck) {
        return "services:\n  s:\n    image: i\n    healthcheck:\n" + healthcheck.indent(6);
    }

    // validateHealthCheck: "Unsupported HTTP health check scheme" unless http or https.
    @Test
    void anHttpSchemeInAnotherCaseIsLowerCased() {
        assertThat(check("http: {port: 8080, scheme: HTTP}").check()).isEqualTo(new Check.Http(8080, "/", "http"));
        assertThat(check("http: {port: 8443, scheme: Https}").check()).isEqualTo(new Check.Http(8443, "/", "https"));
    }

    @Test
    void anHttpSchemeMesosDoesNotProbeIsRefusedAtTheField() {
        assertThat(warnings(file("http: {port: 8080, scheme: h2c}"))).isEmpty();
        assertThat(errors(file("http: {port: 8080, scheme: h2c}"))).containsExactly(
                "c.yml:5:34: error: service \"s\": healthcheck.http.scheme: scheme \"h2c\" is not one Mesos probes;"
                        + " expected http or https (for an h2c (HTTP/2 cleartext) service use a tcp: check, or a"
                        + " command: check such as curl --http2-prior-knowledge)");
    }

    // validateHealthCheck: "The path '...' of HTTP health check must start with '/'".
    @Test
    void anHttpPathWithoutItsLeadingSlashGetsOne() {
        assertThat(check("http: {port: 8080, path: health}").check()).isEqualTo(new Check.Http(8080, "/health", "http"));
        assertThat(check("http: {port: 8080, path: \"\"}").check()).isEqualTo(new Check.Http(8080, "/", "http"));
    }

    // validateHealthCheck: "Expecting '..._seconds' to be non-negative".
    @Test
    void negativeTimingsAreRefused() {
        assertThat(errors(file("delay_seconds: -1\ncommand: {value: \"true\"}"))).singleElement().asString()
                .startsWith("c.yml:5:22: error: service \"s\": healthcheck.delay_seconds: -1 is out of range");
        assertThat(errors(file("test: [CMD, \"true\"]\ninterval: -5s"))).singleElement().asString()
                .startsWith("c.yml:6:17: error: service \"s\": healthcheck.interval: \"-5s\" is not a duration");
    }

    // validateHealthCheck: "Command health check must contain 'shell command'".
    @Test
    void aCommandCheckWithoutACommandIsRefused() {
        assertThat(errors(file("test: \"\""))).containsExactly("c.yml:5:13: error: service \"s\": healthcheck.test: an"
                + " empty test command; Mesos refuses a command check without a command (write the command, e.g."
                + " test: curl -f http://localhost/, or set disable: true)");
        assertThat(errors(file("test: [CMD-SHELL, \" \"]"))).hasSize(1);
        assertThat(errors(file("test: [CMD]"))).hasSize(1);
        assertThat(errors(file("command: {shell: false, arguments: [-c]}"))).singleElement().asString()
                .contains("healthcheck.command: a command check needs value:");
    }

    // Go docs/example/mesos-compose.yml ("example of all supported parameters"), its healthcheck block.
    @Test
    void theGoExampleOfAllParametersIsTheCommandCheckWithItsTimings() {
        String go = """
                services:
                  app:
                    image: alpine:latest
                    healthcheck:
                      delay_seconds: 15
                      interval_seconds: 10
                      timeout_seconds: 20
                      consecutive_failures: 3
                      grace_period_seconds: 10
                      command:
                        value: "mysqladmin ping -h localhost"
                      http:
                        scheme:
                        port:
                        path:
                        statuses:
                          - 200
                      tcp:
                        port:
                """;
        HealthCheck h = service(go, "app").healthcheck().orElseThrow();
        assertThat(h.check()).isEqualTo(new Check.Command(List.of("mysqladmin ping -h localhost"), true));
        assertThat(h.form()).isEqualTo(HealthCheck.Form.MESOS);
        assertThat(List.of(h.delay(), h.interval(), h.timeout(), h.startPeriod())).containsExactly(
                java.util.Optional.of(Duration.ofSeconds(15)), java.util.Optional.of(Duration.ofSeconds(10)),
                java.util.Optional.of(Duration.ofSeconds(20)), java.util.Optional.of(Duration.ofSeconds(10)));
        assertThat(h.retries()).contains(3);
        assertThat(warnings(go)).noneMatch(w -> w.contains("healthcheck"));
    }

    // Go docs/example/mysql.yaml: only command.value; Mesos' defaults for the rest.
    @Test
    void theGoMysqlExampleHasNoTimingsOfItsOwn() {
        HealthCheck h = check("command:\n  value: \"mysqladmin ping -h localhost\"");
        assertThat(h.form()).isEqualTo(HealthCheck.Form.MESOS);
        assertThat(h.interval()).isEmpty();
        assertThat(h.delay()).isEmpty();
    }

    @Test
    void theMesosFormsCommandKeepsShellAndArguments() {
        assertThat(check("command: {value: /usr/bin/pg_isready, shell: false, arguments: [pg_isready, -U, pg]}").check())
                .isEqualTo(new Check.MesosCommand("/usr/bin/pg_isready", List.of("pg_isready", "-U", "pg")));
    }

    @Test
    void httpStatusesAreKeptWithAWarningThatMesosOwnExecutorsIgnoreThem() {
        String f = file("http: {port: 8080, path: /health, statuses: [200, 204]}");
        assertThat(service(f, "s").healthcheck().orElseThrow().check())
                .isEqualTo(new Check.Http(8080, "/health", "http", List.of(200, 204)));
        assertThat(warnings(f)).singleElement().asString().contains("healthcheck.http.statuses: passed on, but Mesos'"
                + " own executors do not read it");
    }

    // api/compose.go setHealthCheck: command if it has a value, else http with a port, else tcp with a port.
    @Test
    void withSeveralMesosChecksCommandComesFirstAndTheOthersAreNamedAsIgnored() {
        String f = file("tcp: {port: 5432}\nhttp: {port: 8080}\ncommand: {value: pg_isready}");
        assertThat(service(f, "s").healthcheck().orElseThrow().check())
                .isEqualTo(new Check.Command(List.of("pg_isready"), true));
        assertThat(warnings(f)).hasSize(2).allMatch(w -> w.contains("ignored: the check is command:"));
        assertThat(check("tcp: {port: 5432}\nhttp: {port: 8080}").check()).isEqualTo(new Check.Http(8080, "/", "http"));
    }

    @Test
    void emptyMesosEntriesAreNoCheckWithAWarning() {
        String f = file("http: {port: }\ntcp: {port: }");
        assertThat(InlineCompose.load(f).project().orElseThrow().services().get("s").healthcheck()).isEmpty();
        assertThat(warnings(f)).singleElement().asString()
                .contains("healthcheck: no health check: command has no value, http and tcp no port");
    }

    // The Go project's decoder (yaml.v3 on a struct without yaml tags) reads lower-cased field names.
    @Test
    void theGoDecodersLowerCasedTimingNamesAreRead() {
        HealthCheck h = check("intervalseconds: 5\ntimeoutseconds: 2\nconsecutivefailures: 4\n"
                + "graceperiodseconds: 30\ndelayseconds: 1\ntcp: {port: 5432}");
        assertThat(List.of(h.interval(), h.timeout(), h.startPeriod(), h.delay())).containsExactly(
                java.util.Optional.of(Duration.ofSeconds(5)), java.util.Optional.of(Duration.ofSeconds(2)),
                java.util.Optional.of(Duration.ofSeconds(30)), java.util.Optional.of(Duration.ofSeconds(1)));
        assertThat(h.retries()).contains(4);
    }

    // Docker's HealthConfig (swarmkit api/types.proto): a zero interval, timeout or retries means "inherit".
    @Test
    void composeZeroTimingsMeanTheDefault() {
        HealthCheck h = check("test: [CMD, \"true\"]\ninterval: 0s\ntimeout: 0s\nretries: 0");
        assertThat(h.interval()).isEmpty();
        assertThat(h.timeout()).isEmpty();
        assertThat(h.retries()).isEmpty();
        assertThat(h.form()).isEqualTo(HealthCheck.Form.COMPOSE);
    }

    @Test
    void aComposeTestBesideAMesosCheckIsRefused() {
        assertThat(errors(file("test: [CMD, \"true\"]\ntcp: {port: 80}"))).singleElement().asString()
                .contains("a health check has one test; found a second one (keep either test: or tcp:)");
    }
}
