package io.mesoscompose.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.compose.model.Deploy;
import io.mesoscompose.compose.model.Deploy.UpdateConfig;
import io.mesoscompose.compose.model.Deploy.UpdateConfig.FailureAction;
import io.mesoscompose.compose.model.Deploy.UpdateConfig.Order;
import io.mesoscompose.plan.PlanSettings;
import io.mesoscompose.plan.Planner;
import io.mesoscompose.plan.ServicePlan;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code deploy.update_config} and {@code deploy.rollback_config}: every field read, defaulted and checked. */
class DeployReaderTest {

    private static LoadResult load(String deploy) {
        String yaml = "services:\n  s:\n    image: i\n    deploy:\n" + deploy.indent(6);
        return ComposeLoader.load(new LoadRequest(List.of(new SourceFile("c.yml", yaml)), Optional.of("p"), Map.of(),
                f -> Optional.empty()));
    }

    private static Deploy deploy(String yaml) {
        LoadResult r = load(yaml);
        assertThat(r.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::toString)).isEmpty();
        return r.project().orElseThrow().services().get("s").deploy();
    }

    private static List<String> warnings(String yaml) {
        return load(yaml).diagnostics().stream().filter(d -> !d.isError()).map(Diagnostic::toString).toList();
    }

    @Test
    void everyFieldOfBothConfigsIsRead() {
        // compose-go loader/tests/deploy_test.go: the same values under update_config and rollback_config.
        String fields = "  parallelism: 3\n  delay: 10s\n  failure_action: continue\n  monitor: 60s\n"
                + "  max_failure_ratio: 0.3\n  order: start-first\n";
        Deploy d = deploy("update_config:\n" + fields + "rollback_config:\n" + fields);
        UpdateConfig expected = new UpdateConfig(3, Duration.ofSeconds(10), Order.START_FIRST, FailureAction.CONTINUE,
                Duration.ofSeconds(60), 0.3);
        assertThat(d.updateConfig()).contains(expected);
        assertThat(d.rollbackConfig()).contains(expected);
    }

    @Test
    void missingFieldsTakeWhatDockerStackDeployGivesSwarm() {
        // docker/cli convertUpdateConfig: parallelism 1 when unset; moby updateConfigToGRPC sends no monitor for 0,
        // so swarmkit's default of 5s applies (api/defaults/service.go); the rest are the zero values.
        Deploy d = deploy("update_config: {}\nrollback_config: {delay: 1s}\n");
        assertThat(d.updateConfig()).contains(UpdateConfig.DEFAULT);
        assertThat(UpdateConfig.DEFAULT).isEqualTo(new UpdateConfig(1, Duration.ZERO, Order.STOP_FIRST, FailureAction.PAUSE,
                Duration.ofSeconds(5), 0));
        assertThat(d.rollbackConfig()).contains(new UpdateConfig(1, Duration.ofSeconds(1), Order.STOP_FIRST,
                FailureAction.PAUSE, Duration.ofSeconds(5), 0));
        assertThat(deploy("replicas: 2\n").rollbackConfig()).isEmpty();
    }

    @Test
    void parallelismMayBeAStringAsTheSchemaAllowsAndZeroMeansAllAtOnce() {
        // compose-spec.json: parallelism is ["integer", "string"].
        assertThat(deploy("update_config: {parallelism: \"2\"}\n").updateConfig()).get()
                .extracting(UpdateConfig::parallelism).isEqualTo(2);
        assertThat(deploy("update_config: {parallelism: 0}\n").updateConfig()).get()
                .extracting(UpdateConfig::parallelism).isEqualTo(0);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "update_config: {parallelism: -1}|c.yml:5:36: error: service \"s\": deploy.update_config.parallelism: -1 is out of range; expected 0 to 100000",
            "update_config: {delay: -1s}|c.yml:5:30: error: service \"s\": deploy.update_config.delay: a duration cannot be negative",
            "rollback_config: {monitor: -5s}|c.yml:5:34: error: service \"s\": deploy.rollback_config.monitor: a duration cannot be negative",
            "update_config: {max_failure_ratio: 1.5}|c.yml:5:42: error: service \"s\": deploy.update_config.max_failure_ratio: 1.5 is out of range; expected a fraction from 0 to 1 (0.25: a quarter of the updated tasks may fail)",
            "update_config: {max_failure_ratio: -0.1}|c.yml:5:42: error: service \"s\": deploy.update_config.max_failure_ratio: -0.1 is out of range; expected a fraction from 0 to 1 (0.25: a quarter of the updated tasks may fail)",
            "update_config: {order: sideways}|c.yml:5:30: error: service \"s\": deploy.update_config.order: \"sideways\" is not an order; expected stop-first or start-first",
            "update_config: {failure_action: explode}|c.yml:5:39: error: service \"s\": deploy.update_config.failure_action: \"explode\" is not a failure action; expected pause, continue or rollback",
            "update_config: {delay: soon}|c.yml:5:30: error: service \"s\": deploy.update_config.delay: \"soon\" is not a duration; expected e.g. 10s, 1m30s, 500ms or 1h",
            "rollback_config: {paralelism: 2}|c.yml:5:25: error: service \"s\": deploy.rollback_config.paralelism: unknown field \"paralelism\" in deploy.rollback_config (did you mean `parallelism`?)",
    })
    void badValuesAreErrorsAtTheirPosition(String yaml, String expected) {
        // swarmkit controlapi validateUpdate refuses a negative delay or monitor and a ratio outside 0..1.
        LoadResult r = load(yaml);
        assertThat(r.project()).isEmpty();
        assertThat(r.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::toString)).containsExactly(expected);
    }

    @Test
    void aZeroMonitorAndARollbackOfARollbackAreWarnedAbout() {
        assertThat(warnings("update_config: {monitor: 0s}\n")).singleElement().asString()
                .contains("deploy.update_config.monitor: 0 means Swarm's default of 5s");
        assertThat(warnings("rollback_config: {failure_action: rollback}\n")).singleElement().asString()
                .contains("a rollback is never rolled back: a failing rollback pauses");
        assertThat(warnings("update_config: {failure_action: rollback}\n")).isEmpty();
        assertThat(deploy("update_config: {failure_action: rollback}\n").updateConfig()).get()
                .extracting(UpdateConfig::failureAction).isEqualTo(FailureAction.ROLLBACK);
    }

    @Test
    void thePlanCarriesBothConfigsAndScaleKeepsThem() {
        LoadResult r = ComposeLoader.load(new LoadRequest(List.of(new SourceFile("c.yml", "services:\n  s:\n    image: i\n"
                + "    scale: 2\n    deploy:\n      update_config: {parallelism: 2}\n      rollback_config: {parallelism: 0}\n")),
                Optional.of("p"), Map.of(), f -> Optional.empty()));
        ServicePlan plan = Planner.plan(r.project().orElseThrow(), PlanSettings.defaults()).services().get(0);
        assertThat(plan.replicas()).isEqualTo(2);
        assertThat(plan.update()).get().extracting(UpdateConfig::parallelism).isEqualTo(2);
        assertThat(plan.rollback()).get().extracting(UpdateConfig::parallelism).isEqualTo(0);
        assertThat(plan.withReplicas(5).rollback()).isEqualTo(plan.rollback());
    }
}
