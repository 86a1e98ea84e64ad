package io.mesoscompose.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InterpolationTest {

    private static final Map<String, String> ENV = Map.of("A", "a", "EMPTY", "", "B", "b");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "$A|a", "${A}|a", "x${A}y|xay", "$$A|$A", "${U:-d}|d", "${EMPTY:-d}|d", "${EMPTY-d}|''",
            "${U-d}|d", "${A:+r}|r", "${EMPTY:+r}|''", "${EMPTY+r}|r", "${U+r}|''", "${U:-${B}}|b",
            "${A:?boom}|a", "${EMPTY?boom}|''", "plain|plain", "${U:-${U2:-deep}}|deep"})
    void expands(String in, String out) {
        Interpolation.Result r = Interpolation.apply(in, ENV);
        assertThat(r.error()).isEmpty();
        assertThat(r.value()).isEqualTo(out);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"${U:?needed}", "${EMPTY:?x}", "${U?x}", "${}", "${A", "$", "${A!x}"})
    void errors(String in) {
        assertThat(Interpolation.apply(in, ENV).error()).isPresent();
    }

    @org.junit.jupiter.api.Test
    void unsetWithoutDefaultIsBlankAndNamed() {
        Interpolation.Result r = Interpolation.apply("x$NOPE", ENV);
        assertThat(r.value()).isEqualTo("x");
        assertThat(r.unset()).contains("NOPE");
    }
}
