package io.mesoscompose.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class InterpolationTest {

    private static final Map<String, String> ENV = Map.of("A", "a", "EMPTY", "", "B", "b", "J", "{\"json\":2}");

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "$A|a", "${A}|a", "x${A}y|xay", "$$A|$A", "${U:-d}|d", "${EMPTY:-d}|d", "${EMPTY-d}|''",
            "${U-d}|d", "${A:+r}|r", "${EMPTY:+r}|''", "${EMPTY+r}|r", "${U+r}|''", "${U:-${B}}|b",
            "${A:?boom}|a", "${EMPTY?boom}|''", "plain|plain", "${U:-${U2:-deep}}|deep",
            // compose-go template_test.go TestUnescaped: a $ that starts nothing stays
            "a $ string|a $ string", "^REGEX$|^REGEX$", "$}|$}", "$|$", "$1|$1",
            // TestNonBraced, TestEscaped, TestNoValueWithCurlyBracesDefault, TestValueWithCurlyBracesDefault
            "$A-bar|a-bar", "$${foo}|${foo}", "${U:-{\"json\":1}}|{\"json\":1}", "${J:-{\"json\":1}}|{\"json\":2}",
            // TestInterpolationExternalInterference, TestPrecedence
            ":?ok ${EMPTY:-d}|:?ok d", "${U-myerror?msg}|myerror?msg", "ok ${U:-/non:-alphanumeric}|ok /non:-alphanumeric"})
    void expands(String in, String out) {
        Interpolation.Result r = Interpolation.apply(in, ENV);
        assertThat(r.error()).isEmpty();
        assertThat(r.value()).isEqualTo(out);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"${U:?needed}", "${EMPTY:?x}", "${U?x}", "${}", "${A", "${A!x}",
            // compose-go TestInvalid
            "${", "${ A}", "${A }"})
    void errors(String in) {
        assertThat(Interpolation.apply(in, ENV).error()).isPresent();
    }

    @Test
    void aMissingRequiredVariableSaysWhy() {
        // compose-go TestMandatoryVariableErrors
        assertThat(Interpolation.apply("not ok ${U:?Mandatory Variable ${A}}", ENV).error())
                .contains("required variable U is missing a value: Mandatory Variable a");
        assertThat(Interpolation.apply("not ok ${U?}", ENV).error()).contains("required variable U is missing a value");
    }

    @Test
    void unsetWithoutDefaultIsBlankAndNamed() {
        Interpolation.Result r = Interpolation.apply("x$NOPE", ENV);
        assertThat(r.value()).isEqualTo("x");
        assertThat(r.unset()).contains("NOPE");
    }
}
