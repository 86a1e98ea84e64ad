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
        Map<String, String> vars = ComposeFiles.variables(sources,
                Map.of("TAG", "from-env", "SECRET_TOKEN", "s", "HOME", "/root"), dir);
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
    void defaultFileNamesAreFound() throws Exception {
        assertThatThrownBy(() -> ComposeFiles.choose(List.of(), dir)).hasMessageContaining("no compose file");
        Files.writeString(dir.resolve("docker-compose.yml"), "services: {}\n");
        assertThat(ComposeFiles.choose(List.of(), dir)).containsExactly(dir.resolve("docker-compose.yml"));
        Files.writeString(dir.resolve("compose.yaml"), "services: {}\n");
        assertThat(ComposeFiles.choose(List.of(), dir)).containsExactly(dir.resolve("compose.yaml"));
    }
}
