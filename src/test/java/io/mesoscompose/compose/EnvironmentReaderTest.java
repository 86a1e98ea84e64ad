package io.mesoscompose.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.compose.model.EnvValue;
import io.mesoscompose.compose.model.Service;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A service's environment as compose-go builds it (loader/tests/environment_test.go, env_file_test.go). */
class EnvironmentReaderTest {

    private static final Map<String, String> FILES = Map.of(
            "app.env", "A=1\nB=\"two words\"\n",
            "raw.env", "J={\"k\": \"${NOT}\"}\n",
            "sub/extra.env", "A=from-sub\n");

    private static LoadResult load(String service) {
        String yaml = "services:\n  s:\n    image: i\n" + service.indent(4);
        return ComposeLoader.load(new LoadRequest(List.of(new SourceFile("c.yml", yaml)), Optional.of("p"),
                Map.of("MEU", "Shadoks"), f -> Optional.ofNullable(FILES.get(f))));
    }

    private static Map<String, EnvValue> environment(String service) {
        LoadResult r = load(service);
        assertThat(r.diagnostics()).filteredOn(Diagnostic::isError).isEmpty();
        Service s = r.project().orElseThrow().services().get("s");
        return s.environment();
    }

    private static EnvValue literal(String v) {
        return new EnvValue.Literal(v);
    }

    @Test
    void mapAndListFormsTakeBareNamesFromTheVariables() {
        // TestEnvironmentMap / TestEnvironmentList: ZO unset stays out, MEU comes from the variables
        Map<String, EnvValue> map = environment("""
                environment:
                  FOO: "1"
                  BAR: 2
                  GA: 2.5
                  BU: ""
                  ZO:
                  MEU:
                  T: true
                """);
        assertThat(map).containsEntry("FOO", literal("1")).containsEntry("BAR", literal("2"))
                .containsEntry("GA", literal("2.5")).containsEntry("BU", literal(""))
                .containsEntry("MEU", literal("Shadoks")).containsEntry("T", literal("true")).doesNotContainKey("ZO");
        Map<String, EnvValue> list = environment("environment: [FOO=1, BU=, ZO, MEU]");
        assertThat(list).containsEntry("FOO", literal("1")).containsEntry("BU", literal(""))
                .containsEntry("MEU", literal("Shadoks")).doesNotContainKey("ZO");
    }

    @Test
    void aNameDeclaredWithATrailingSpaceIsRefused() {
        // TestEnvironmentWhitespace: "environment variable DEBUG  is declared with a trailing space"
        LoadResult r = load("environment:\n  - DEBUG = true");
        assertThat(r.project()).isEmpty();
        assertThat(r.diagnostics()).singleElement().hasToString("c.yml:5:7: error: service \"s\": environment:"
                + " environment variable \"DEBUG \" is declared with a trailing space (write DEBUG=true)");
    }

    @Test
    void envFileLongSyntaxWithPathRequiredAndFormat() {
        // TestEnvFileLongSyntax: path, required: false, format: raw
        LoadResult r = load("""
                env_file:
                  - app.env
                  - path: missing.env
                    required: false
                  - path: raw.env
                    format: raw
                environment:
                  B: over
                """);
        assertThat(r.diagnostics()).singleElement().hasToString("c.yml:6:9: warning: service \"s\": env_file:"
                + " \"missing.env\" was not found; skipped (required: false)");
        assertThat(r.project().orElseThrow().services().get("s").environment())
                .containsEntry("A", literal("1")).containsEntry("B", literal("over"))
                .containsEntry("J", literal("{\"k\": \"${NOT}\"}"));
    }

    @Test
    void aRequiredEnvFileThatCannotBeReadIsAnErrorAndAnUnknownFormatToo() {
        assertThat(load("env_file: [{path: missing.env}]").diagnostics()).singleElement()
                .satisfies(d -> assertThat(d.toString()).contains("\"missing.env\" cannot be read here"));
        assertThat(load("env_file: [{path: app.env, format: yaml}]").diagnostics()).singleElement().hasToString(
                "c.yml:4:40: error: service \"s\": env_file[0].format: unsupported env_file format \"yaml\";"
                        + " expected raw, or none for the .env rules");
    }
}
