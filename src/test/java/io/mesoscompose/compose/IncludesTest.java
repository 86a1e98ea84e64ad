package io.mesoscompose.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.compose.model.ComposeProject;
import io.mesoscompose.compose.model.EnvValue;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code include:} as compose-go resolves it (loader/include_test.go and its testdata). */
class IncludesTest {

    @Test
    void anIncludedFileBringsItsServicesWithItsOwnVariablesAndPaths() {
        // TestLoadWithIncludeEnv: VAR_NAME from the include's env_file is seen by the included services only;
        // compose-test-extends-imported.yaml: env_file relative to the included file
        ComposeProject p = MemoryFiles.of("compose.yml", """
                        include:
                          - path: [./module/compose.yml]
                            env_file: [./custom.env]
                        services:
                          a:
                            image: alpine
                            environment: [VAR_NAME]
                        """)
                .with("custom.env", "VAR_NAME=value\nNAME=from-include\n")
                .with("module/compose.yml", """
                        services:
                          b:
                            image: alpine
                            container_name: ${NAME:-unset}
                            environment: [VAR_NAME]
                            env_file: ./extra.env
                        """)
                .with("module/extra.env", "EXTRA=1\n")
                .project("compose.yml");
        assertThat(p.services().get("a").environment()).doesNotContainKey("VAR_NAME");
        assertThat(p.services().get("b").environment()).containsEntry("VAR_NAME", new EnvValue.Literal("value"))
                .containsEntry("EXTRA", new EnvValue.Literal("1"));
        assertThat(p.services().get("b").containerName()).contains("from-include");
    }

    @Test
    void theIncludingProjectsVariablesWinAndTheIncludesDotEnvIsTheDefault() {
        // TestLoadWithMultipleInclude: SOURCE=override from the environment beats extra.env's SOURCE=extends
        ComposeProject p = MemoryFiles.of("compose.yml", """
                        include:
                          - path: sub/imported.yml
                          - dir/with-dotenv.yml
                        services:
                          foo: {image: busybox, depends_on: [imported]}
                        """)
                .with("sub/imported.yml", """
                        services:
                          imported: {image: nginx, container_name: "${SOURCE:-imported}"}
                        """)
                .with("sub/.env", "SOURCE=extends\n")
                .with("dir/with-dotenv.yml", "services: {other: {image: x, hostname: \"${HOST}\"}}")
                .with("dir/.env", "HOST=from-dotenv\n")
                .env("SOURCE", "override")
                .project("compose.yml");
        assertThat(p.services().get("imported").containerName()).contains("override");
        assertThat(p.services().get("other").hostname()).contains("from-dotenv");
    }

    @Test
    void projectDirectoryChangesWherePathsStart() {
        // TestIncludeWithProjectDirectory / TestNestedIncludeAndExtends: extends.file relative to project_directory
        ComposeProject p = MemoryFiles.of("compose.yml", """
                        include:
                          - project_directory: .
                            path: dir/included.yml
                        """)
                .with("dir/included.yml", "services: {included: {extends: {file: dir/extended.yml, service: e}}}")
                .with("dir/extended.yml", "services: {e: {image: alpine}}")
                .project("compose.yml");
        assertThat(p.services().get("included").image()).isEqualTo("alpine");
    }

    @Test
    void theIncludingFileMergesOverAnIncludedServiceWithItsTags() {
        // TestLoadWithMultipleIncludeConflict: environment: !override in the including file
        ComposeProject p = MemoryFiles.of("compose.yml", """
                        include: [inc.yml]
                        services:
                          bar:
                            image: busybox
                            environment: !override [ZOT=QIX]
                        """)
                .with("inc.yml", "services: {bar: {image: bar, environment: [FOO=BAR]}}")
                .project("compose.yml");
        assertThat(p.services().get("bar").image()).isEqualTo("busybox");
        assertThat(p.services().get("bar").environment()).containsOnlyKeys("ZOT");
    }

    @Test
    void anIncludeCycleIsAnError() {
        // testdata/compose-include-cycle.yaml
        assertThat(MemoryFiles.of("a.yml", "include: [b.yml]\nservices: {a: {image: a}}\n")
                .with("b.yml", "include: [a.yml]\nservices: {b: {image: b}}\n").errors("a.yml"))
                .contains("b.yml:1:11: error: include: include cycle: a.yml → b.yml → a.yml");
    }

    @Test
    void overTheApiAnIncludeIsAClearErrorNotACrash() {
        LoadResult r = ComposeLoader.load(new LoadRequest(List.of(new SourceFile("c.yml",
                "include: [other.yml]\nservices: {a: {image: a}}\n")), Optional.of("p"), Map.of(), f -> Optional.empty()));
        assertThat(r.project()).isEmpty();
        assertThat(r.diagnostics()).singleElement().satisfies(d -> assertThat(d.toString())
                .startsWith("c.yml:1:11: error: include: \"other.yml\" cannot be read here"));
    }
}
