package io.mesoscompose.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The project name and what it is offered to, as compose-go cli/options_test.go TestProjectName. */
class ProjectNameTest {

    @Test
    void comesFromDotEnvWhenNeitherFlagNorEnvironmentGiveOne() {
        // "by .env": COMPOSE_PROJECT_NAME=my_project_from_dot_env in .env
        LoadResult r = MemoryFiles.of("compose.yml", "services: {s: {image: nginx}}")
                .with(".env", "COMPOSE_PROJECT_NAME=my_project_from_dot_env\n").unnamed().load("compose.yml");
        assertThat(r.project().orElseThrow().name()).isEqualTo("my_project_from_dot_env");
    }

    @Test
    void aTopLevelNameMayHoldVariables() {
        // "by name in compose.yaml with variable": name: test-${TEST}-test with TEST=expected
        LoadResult r = MemoryFiles.of("compose.yml", "name: test-${TEST}-test\nservices: {s: {image: nginx}}")
                .env("TEST", "expected").unnamed().load("compose.yml");
        assertThat(r.project().orElseThrow().name()).isEqualTo("test-expected-test");
        assertThat(ProjectName.fromFiles(List.of(new SourceFile("c", "name: test-${TEST}-test\n")),
                Map.of("TEST", "expected"))).contains("test-expected-test");
    }

    @Test
    void theChosenNameIsOfferedToInterpolation() {
        // compose-go loader.projectName sets COMPOSE_PROJECT_NAME in the environment it interpolates with
        LoadResult r = MemoryFiles.of("compose.yml", """
                name: Shop
                services: {s: {image: nginx, hostname: "${COMPOSE_PROJECT_NAME}-web"}}
                """).unnamed().env("COMPOSE_PROJECT_NAME", "").load("compose.yml");
        assertThat(r.project().orElseThrow().services().get("s").hostname()).contains("shop-web");
    }

    @Test
    void isNormalisedAsComposeGoNormalisesIt() {
        assertThat(ProjectName.normalize("UNNORMALIZED PATH")).isEqualTo("unnormalizedpath");
        assertThat(ProjectName.normalize("_-my.project")).isEqualTo("myproject");
    }
}
