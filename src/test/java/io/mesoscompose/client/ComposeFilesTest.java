package io.mesoscompose.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mesoscompose.compose.SourceFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ComposeFilesTest {
    @TempDir
    Path dir;

    @Test
    void sendsOnlyReferencedVariablesEnvironmentBeforeDotEnv() throws Exception {
        Files.writeString(dir.resolve(".env"), "# comment\nTAG=from-dotenv\nexport PORT=\"8080\"\nUNUSED=x\n");
        List<SourceFile> sources = List.of(new SourceFile("a.yml",
                "image: app:${TAG}\nports: [\"$PORT:80\"]\ncommand: echo $$HOME ${MISSING:-x}\n"));
        Map<String, String> vars = ComposeFiles.referenced(sources, ComposeFiles.available(
                Map.of("TAG", "from-env", "SECRET_TOKEN", "s", "HOME", "/root"), dir));
        assertThat(vars).containsExactlyInAnyOrderEntriesOf(Map.of("TAG", "from-env", "PORT", "8080"));
    }

    @Test
    void projectNameAsDockerComposeChoosesIt() throws Exception {
        Path project = Files.createDirectories(dir.resolve("My Shop.v2"));
        List<SourceFile> named = List.of(new SourceFile("a.yml", "services: {}\n"),
                new SourceFile("b.yml", "# shop\nname: \"shop-prod\"  # the file's own\nservices: {}\n"));
        assertThat(ComposeFiles.projectName(Optional.of("given"), Map.of("COMPOSE_PROJECT_NAME", "env"), project, named)).isEqualTo("given");
        assertThat(ComposeFiles.projectName(Optional.empty(), Map.of("COMPOSE_PROJECT_NAME", "env"), project, named)).isEqualTo("env");
        assertThat(ComposeFiles.projectName(Optional.empty(), Map.of(), project, named)).isEqualTo("shop-prod");
        assertThat(ComposeFiles.projectName(Optional.empty(), Map.of(), project, List.of())).isEqualTo("myshopv2");
    }

    @Test
    void aNameGivenAsItIsThatIsNotNormalisedIsRefusedNotChanged() throws Exception {
        // compose-go cli/options_test.go TestProjectName "by name uppercase", "contains dots", "start with invalid
        // char": WithName and COMPOSE_PROJECT_NAME fail with `invalid project name "<name>"`, they are not changed
        Path project = Files.createDirectories(dir.resolve("shop"));
        for (String name : List.of("MyApp", "MY_PROJECT", "www.my.project", "-my_project", "_my_project")) {
            assertThatThrownBy(() -> ComposeFiles.projectName(Optional.of(name), Map.of(), project, List.of()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageStartingWith("--project-name: invalid project name \"" + name + "\": must consist only"
                            + " of lowercase alphanumeric characters, hyphens, and underscores as well as start with a"
                            + " letter or number");
            assertThatThrownBy(() -> ComposeFiles.projectName(Optional.empty(), Map.of("COMPOSE_PROJECT_NAME", name),
                    project, List.of())).hasMessageStartingWith("COMPOSE_PROJECT_NAME: invalid project name \""
                    + name + "\"");
        }
        assertThatThrownBy(() -> ComposeFiles.projectName(Optional.of("MyApp"), Map.of(), project, List.of()))
                .hasMessageEndingWith("(such as \"myapp\")");
        // "by name start with number"; an empty -p is no name (WithName("") lets the loader infer one)
        assertThat(ComposeFiles.projectName(Optional.of("42my_project_num"), Map.of(), project, List.of()))
                .isEqualTo("42my_project_num");
        assertThat(ComposeFiles.projectName(Optional.of(""), Map.of(), project, List.of())).isEqualTo("shop");
    }

    @Test
    void aNameFromTheFilesOrTheDirectoryIsNormalised() throws Exception {
        // compose-go loader.projectName normalises a file's name:, withNamePrecedenceLoad the directory's name;
        // the root directory gives none (TestProjectName "by name must not come from root directory")
        List<SourceFile> named = List.of(new SourceFile("a.yml", "name: My.Shop\nservices: {}\n"));
        assertThat(ComposeFiles.projectName(Optional.empty(), Map.of(), dir, named)).isEqualTo("myshop");
        assertThat(ComposeFiles.projectName(Optional.empty(), Map.of(),
                Files.createDirectories(dir.resolve("Env-File")), List.of())).isEqualTo("env-file");
        assertThatThrownBy(() -> ComposeFiles.projectName(Optional.empty(), Map.of(), Path.of("/"), List.of()))
                .hasMessageStartingWith("project name must not be empty");
    }

    @Test
    void defaultFileNamesAreFound() throws Exception {
        assertThatThrownBy(() -> ComposeFiles.choose(List.of(), dir)).hasMessageContaining("no compose file");
        Files.writeString(dir.resolve("docker-compose.yml"), "services: {}\n");
        assertThat(ComposeFiles.choose(List.of(), dir)).containsExactly(dir.resolve("docker-compose.yml"));
        Files.writeString(dir.resolve("compose.yaml"), "services: {}\n");
        assertThat(ComposeFiles.choose(List.of(), dir)).containsExactly(dir.resolve("compose.yaml"));
    }
}
