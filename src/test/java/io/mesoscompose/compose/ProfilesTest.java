package io.mesoscompose.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.compose.model.ComposeProject;
import io.mesoscompose.compose.model.Dependency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Profiles as compose-go applies them (loader/tests/profiles_test.go, types/project.go, loader/validate.go). */
class ProfilesTest {

    private static final String FILE = """
            services:
              foo:
                image: alpine
                profiles: [debug, dev]
              bar:
                image: alpine
            """;

    private static MemoryFiles files() {
        return MemoryFiles.of("c.yml", FILE);
    }

    @Test
    void aServiceWithProfilesRunsOnlyWhenOneIsActive() {
        // TestProfiles: without profiles "foo" is disabled; with "debug" it is enabled
        assertThat(files().project("c.yml").services()).containsOnlyKeys("bar");
        assertThat(files().env("COMPOSE_PROFILES", "debug").project("c.yml").services()).containsOnlyKeys("foo", "bar");
        assertThat(files().env("COMPOSE_PROFILES", " ci , dev").project("c.yml").services()).containsKey("foo");
        // HasProfile: "*" enables every service
        assertThat(files().env("COMPOSE_PROFILES", "*").project("c.yml").services()).containsKey("foo");
    }

    @Test
    void aDependencyOnADisabledServiceIsAnErrorUnlessItIsOptional() {
        // loader/validate.go checkConsistency: "depends on undefined service" unless required: false
        MemoryFiles required = MemoryFiles.of("c.yml", """
                services:
                  web: {image: a, depends_on: [migrations]}
                  migrations: {image: m, profiles: [ci]}
                """);
        assertThat(required.errors("c.yml")).containsExactly("c.yml:2:8: error: service \"web\": depends_on: depends"
                + " on \"migrations\", which is disabled: none of its profiles (ci) is active (enable one with"
                + " --profile ci (or COMPOSE_PROFILES), or mark the dependency required: false)");
        assertThat(required.env("COMPOSE_PROFILES", "ci").project("c.yml").services()).containsOnlyKeys("web",
                "migrations");

        LoadResult optional = MemoryFiles.of("c.yml", """
                services:
                  web:
                    image: a
                    depends_on:
                      migrations: {condition: service_started, required: false}
                  migrations: {image: m, profiles: [ci]}
                """).load("c.yml");
        assertThat(optional.diagnostics()).singleElement().hasToString("c.yml:3:5: warning: service \"web\":"
                + " depends_on: \"migrations\" is disabled (profiles ci); this optional dependency is skipped");
        assertThat(optional.project().orElseThrow().services().get("web").dependsOn()).isEmpty();
    }

    @Test
    void aDisabledServiceIsCheckedButItsEnvFileIsNotRead() {
        // compose-go resolves env_file for enabled services only; schema errors count for all
        LoadResult r = ComposeLoader.load(new LoadRequest(List.of(new SourceFile("c.yml", """
                services:
                  web: {image: a}
                  tools: {image: t, profiles: [tools], env_file: tools.env}
                """)), Optional.of("p"), Map.of(), f -> Optional.empty()));
        assertThat(r.diagnostics()).isEmpty();
        ComposeProject p = r.project().orElseThrow();
        assertThat(p.services()).containsOnlyKeys("web");

        assertThat(MemoryFiles.of("c.yml", """
                services:
                  web: {image: a}
                  tools: {image: t, profiles: [tools], restart: sometimes}
                """).errors("c.yml")).singleElement().satisfies(e -> assertThat(e).contains("\"sometimes\" is not a"
                + " restart policy"));
    }

    @Test
    void theApiAndTheCliPassProfilesAsTheLoadersVariable() {
        assertThat(Profiles.withProfiles(Map.of("A", "1"), List.of("debug", "ci")))
                .containsEntry(Profiles.VARIABLE, "debug,ci").containsEntry("A", "1");
        assertThat(Profiles.withProfiles(Map.of("A", "1"), List.of())).isEqualTo(Map.of("A", "1"));
        assertThat(files().env(Profiles.VARIABLE, "dev").project("c.yml").services().get("foo").dependsOn())
                .extracting(Dependency::service).isEmpty();
    }
}
