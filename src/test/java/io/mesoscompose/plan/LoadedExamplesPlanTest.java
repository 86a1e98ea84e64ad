package io.mesoscompose.plan;

import io.mesoscompose.testsupport.ComposeExamples;
import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.compose.ComposeLoader;
import io.mesoscompose.compose.LoadRequest;
import io.mesoscompose.compose.LoadResult;
import io.mesoscompose.compose.SourceFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The golden example files, loaded by the real loader and planned. */
class LoadedExamplesPlanTest {
    static LoadResult load(String file) throws IOException {
        return ComposeLoader.load(new LoadRequest(List.of(new SourceFile(file, ComposeExamples.text(file))),
                Optional.of("test"), Map.of(), f -> Optional.empty()));
    }

    @Test
    void theLoadedSeedFilePlansExactlyLikeTheHandBuiltModel() throws IOException {
        ServicePlan loaded = Planner.plan(load("seed-example.yaml").project().orElseThrow(), PlanSettings.defaults())
                .services().get(0);
        ServicePlan hand = Planner.plan(SeedExample.project(), PlanSettings.defaults()).services().get(0);
        assertThat(loaded.template()).isEqualTo(hand.template());
        assertThat(loaded.fingerprint()).isEqualTo(hand.fingerprint());
        assertThat(loaded.hostPorts()).isEqualTo(hand.hostPorts());
        assertThat(loaded.needs()).isEqualTo(hand.needs());
    }

    @Test
    void giteaGetsATemplatePerService() throws IOException {
        LoadResult r = load("awesome-gitea-postgres.yaml");
        assertThat(r.project()).isPresent();
        ProjectPlan plan = Planner.plan(r.project().get(), PlanSettings.defaults());
        assertThat(plan.services()).extracting(ServicePlan::service)
                .containsExactlyElementsOf(r.project().get().services().keySet());
        for (ServicePlan s : plan.services()) {
            assertThat(s.taskName()).isEqualTo("mc:test:" + s.service());
            assertThat(s.template().isInitialized()).isTrue();
            assertThat(PlanPrinter.render(plan, PlanSettings.defaults(), PlanPrinter.Format.TABLE)).contains(s.taskName());
        }
        ServicePlan db = plan.services().stream().filter(s -> s.service().equals("db")).findFirst().orElseThrow();
        assertThat(db.template().getContainer().getDocker().getParametersList())
                .anySatisfy(p -> assertThat(p.getKey() + "=" + p.getValue()).isEqualTo("expose=5432"));
    }
}
