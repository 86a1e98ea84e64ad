package io.mesoscompose.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The project name and what it is offered to, as compose-go chooses it: its cli/options_test.go TestProjectName and
 * TestProjectNameFromWorkingDir, loader/loader_test.go TestProjectNameInterpolation and TestLoadProjectName.
 */
class ProjectNameTest {

    private static final String SERVICES = "services: {s: {image: nginx}}\n";

    @Test
    void comesFromDotEnvWhenNeitherFlagNorEnvironmentGiveOne() {
        // "by .env": COMPOSE_PROJECT_NAME=my_project_from_dot_env in .env
        LoadResult r = MemoryFiles.of("compose.yml", SERVICES)
                .with(".env", "COMPOSE_PROJECT_NAME=my_project_from_dot_env\n").unnamed().load("compose.yml");
        assertThat(r.project().orElseThrow().name()).isEqualTo("my_project_from_dot_env");
    }

    @Test
    void aTopLevelNameMayHoldVariables() {
        // "by name in compose.yaml with variable": name: test-${TEST}-test with TEST=expected
        LoadResult r = MemoryFiles.of("compose.yml", "name: test-${TEST}-test\n" + SERVICES)
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

    @Test
    void theLastFileWithANameNamesTheProjectNormalised() {
        // TestProjectNameInterpolation "with override": the second file's name wins over the first's, and a third
        // without one changes nothing; a name from a file is normalised (loader.projectName), never refused.
        LoadResult r = MemoryFiles.of("a.yml", "name: interpolated\n" + SERVICES)
                .with("b.yml", "name: Over.Rided\nservices: {t: {image: db}}\n")
                .with("c.yml", "services: {u: {image: proxy}}\n").unnamed().load("a.yml", "b.yml", "c.yml");
        assertThat(r.project().orElseThrow().name()).isEqualTo("overrided");
    }

    @Test
    void anExplicitNameWinsOverTheFilesAndTheEnvironment() {
        // TestProjectNameInterpolation "project name override", and withNamePrecedenceLoad: -p before the variable
        LoadResult r = MemoryFiles.of("compose.yml", "name: another_name\n" + SERVICES)
                .env("COMPOSE_PROJECT_NAME", "from_env").load("compose.yml");
        assertThat(r.project().orElseThrow().name()).isEqualTo("p");
        LoadResult env = MemoryFiles.of("compose.yml", "name: another_name\n" + SERVICES)
                .env("COMPOSE_PROJECT_NAME", "42my_project_env").unnamed().load("compose.yml");
        assertThat(env.project().orElseThrow().name()).isEqualTo("42my_project_env");
    }

    @Test
    void aNameFromTheEnvironmentThatIsNotNormalisedIsRefusedNotChanged() {
        // TestProjectName "by name start with invalid char '-'", "'_'", "contains dots", "uppercase", each with
        // COMPOSE_PROJECT_NAME: compose-go fails with `invalid project name "<name>"`
        for (String name : List.of("-my_project", "_my_project", "www.my.project", "MY_PROJECT")) {
            List<String> errors = MemoryFiles.of("compose.yml", SERVICES).env("COMPOSE_PROJECT_NAME", name)
                    .unnamed().errors("compose.yml");
            assertThat(errors).singleElement().asString()
                    .contains("COMPOSE_PROJECT_NAME: invalid project name \"" + name + "\": must consist only of"
                            + " lowercase alphanumeric characters, hyphens, and underscores as well as start with a"
                            + " letter or number");
        }
        assertThat(MemoryFiles.of("compose.yml", SERVICES).env("COMPOSE_PROJECT_NAME", "MY_PROJECT").unnamed()
                .errors("compose.yml")).singleElement().asString().endsWith("(such as \"my_project\")");
    }

    @Test
    void anExplicitNameThatIsNotNormalisedIsRefusedNotChanged() {
        // TestProjectName with WithName: "-my_project", "_my_project" and "www.my.project" are refused
        for (String name : List.of("-my_project", "_my_project", "www.my.project", "my project")) {
            LoadResult r = ComposeLoader.load(new LoadRequest(List.of(new SourceFile("c.yml", SERVICES)),
                    Optional.of(name), Map.of(), f -> Optional.empty()));
            assertThat(r.project()).as(name).isEmpty();
            assertThat(r.diagnostics()).singleElement().asString()
                    .contains("invalid project name \"" + name + "\": must consist only of lowercase");
        }
    }

    @Test
    void anExplicitNameWithCapitalsIsKeptAsGivenForTheGoApi() {
        // compose-go refuses "MY_PROJECT" from -p (the client does too, ComposeFilesTest); the Go mesos-compose's v0
        // path takes the name as given (api/compose.go getTaskName: mc:<project>:<service>), so the API's name is
        // kept, never changed into another project's name.
        LoadResult r = ComposeLoader.load(new LoadRequest(List.of(new SourceFile("c.yml", "name: other\n" + SERVICES)),
                Optional.of("MyApp"), Map.of(), f -> Optional.empty()));
        assertThat(r.project().orElseThrow().name()).isEqualTo("MyApp");
    }

    @Test
    void withoutAnyNameTheProjectIsRefusedOnce() {
        // TestLoadProjectName "default": project name must not be empty
        List<String> errors = MemoryFiles.of("compose.yml", SERVICES).unnamed().errors("compose.yml");
        assertThat(errors).singleElement().asString().contains("the project has no name");
        assertThat(MemoryFiles.of("compose.yml", "name: ${UNSET?is required}\n" + SERVICES).unnamed()
                .errors("compose.yml")).singleElement().asString().contains("is required");
    }

    @Test
    void theRuleAcceptsWhatComposeGoAccepts() {
        // TestProjectName "by name" and "by name start with number"
        assertThat(ProjectName.problem("my_project")).isEmpty();
        assertThat(ProjectName.problem("42my_project_num")).isEmpty();
        assertThat(ProjectName.problem("a-b_c")).isEmpty();
        assertThat(ProjectName.problem("")).isPresent();
        assertThat(ProjectName.problem("...").orElseThrow()).doesNotContain("such as");
    }
}
