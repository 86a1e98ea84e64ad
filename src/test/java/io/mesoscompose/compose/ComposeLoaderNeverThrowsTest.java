package io.mesoscompose.compose;

import io.mesoscompose.testsupport.ComposeExamples;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever text arrives, the loader answers with diagnostics, never an exception. */
class ComposeLoaderNeverThrowsTest {

    /** Loads, and checks the loader's promise: a project exactly when there is no error. */
    private static LoadResult load(String text) {
        LoadResult r = ComposeLoader.load(new LoadRequest(List.of(new SourceFile("f.yml", text)), Optional.of("p"),
                Map.of("A", "1"), f -> Optional.empty()));
        assertThat(r.project().isPresent()).isEqualTo(r.diagnostics().stream().noneMatch(Diagnostic::isError));
        return r;
    }

    @Property(tries = 300)
    void randomText(@ForAll String text) {
        LoadResult r = load(text);
        assertThat(r.project().isPresent() || !r.diagnostics().isEmpty()).isTrue();
    }

    @Property(tries = 300)
    void yamlishText(@ForAll("yamlish") String text) {
        LoadResult r = load(text);
        assertThat(r.project().isPresent() || !r.diagnostics().isEmpty()).isTrue();
    }

    @Property(tries = 200)
    void mutatedExamples(@ForAll("mutatedExample") String text) {
        LoadResult r = load(text);
        assertThat(r.project().isPresent() || !r.diagnostics().isEmpty()).isTrue();
    }

    @Provide
    Arbitrary<String> yamlish() {
        return Arbitraries.of("a", ":", " ", "\n", "- ", "{", "}", "[", "]", "&x ", "*x", "<<: ", "${", "$", "}",
                        "\"", "'", "#", "  ", "services", "image", "!!str ", "? ", ",", "|\n", ">\n", "\t")
                .list().ofMaxSize(60).map(l -> String.join("", l));
    }

    @Provide
    Arbitrary<String> mutatedExample() {
        List<String> examples = examples();
        assertThat(examples).as("golden compose examples").isNotEmpty();
        return Arbitraries.of(examples).flatMap(text -> Arbitraries.integers().between(0, text.length())
                .flatMap(at -> Arbitraries.integers().between(0, 20).flatMap(cut -> Arbitraries.strings()
                        .withChars(":{}[]-&*$\n #'\"<").ofMaxLength(5)
                        .map(insert -> text.substring(0, at) + insert
                                + text.substring(Math.min(text.length(), at + cut))))));
    }

    private static List<String> examples() {
        return ComposeExamples.names().stream().map(ComposeExamples::text).toList();
    }
}
