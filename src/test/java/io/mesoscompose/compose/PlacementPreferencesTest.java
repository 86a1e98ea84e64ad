package io.mesoscompose.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.compose.model.SpreadPreference;
import io.mesoscompose.plan.PlanSettings;
import io.mesoscompose.plan.Planner;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code deploy.placement.preferences}: {@code - spread: node.labels.<name>} entries (compose-go types.go
 * {@code PlacementPreferences.Spread}, loader/tests/deploy_test.go) become the plan's spread over that agent
 * attribute, outermost first; swarmkit also takes {@code engine.labels.} and compares the prefix ignoring case
 * (manager/scheduler/nodeset.go), and other descriptors cannot be spread over here.
 */
class PlacementPreferencesTest {

    private static LoadResult load(String preferences) {
        String yaml = "services:\n  s:\n    image: i\n    deploy:\n      placement:\n        preferences:\n"
                + preferences.indent(10);
        return ComposeLoader.load(new LoadRequest(List.of(new SourceFile("c.yml", yaml)), Optional.of("p"), Map.of(),
                f -> Optional.empty()));
    }

    @Test
    void spreadPreferencesReachThePlanInOrder() {
        LoadResult r = load("- spread: node.labels.zone\n- spread: Engine.Labels.rack\n");
        assertThat(r.diagnostics()).isEmpty();
        var plan = Planner.plan(r.project().orElseThrow(), PlanSettings.defaults()).services().get(0);
        assertThat(plan.spread()).extracting(SpreadPreference::attribute).containsExactly("zone", "rack");
    }

    @Test
    void aDescriptorOtherThanALabelIsAnErrorAtItsLine() {
        LoadResult r = load("- spread: node.hostname\n");
        assertThat(r.diagnostics()).singleElement().satisfies(d -> {
            assertThat(d.isError()).isTrue();
            assertThat(d.toString()).contains("c.yml:7").contains("node.hostname").contains("node.labels.");
        });
    }
}
