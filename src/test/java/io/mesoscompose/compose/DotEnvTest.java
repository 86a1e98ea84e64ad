package io.mesoscompose.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The .env rules of compose-go's dotenv parser (dotenv/godotenv_test.go, fixtures), stated with our own data. */
class DotEnvTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "A=1|1", "export A=1|1", "A = 1 |1", "A='x $B y'|x $B y",
            "A=v # note|v", "A=\"v # kept\"|v # kept", "A=$B-x|b-x", "A=${NOPE:-d}|d", "A=|''",
            // TestParsing: yaml-style, colons and equals inside values, inline comments
            "A: 1|1", "A: Foo=bar|Foo=bar", "A=1:B|1:B", "A=123#not-a-comment|123#not-a-comment",
            "A=\"bar#baz\" # comment|bar#baz", "A='bar#baz' # comment|bar#baz", "export\tA=2|2",
            "A=a\\tb|a\\tb", "A=\"a\\tb\"|a\tb", "A=\"\\0123\"|S", "A=\"\\x07\"|\\x07",
            // TestExpanding: \$ and $$ escape a dollar; single quotes never expand
            "A=\"foo\\$B\"|foo$B", "A=\"foo\\${B}\"|foo${B}", "A=$$B|$B", "A='quote $B'|quote $B"})
    void parsesOneLine(String line, String expected) {
        assertThat(DotEnv.parse(line, Map.of("B", "b"))).containsEntry("A", expected);
    }

    @Test
    void doubleQuotesUnderstandEscapes() {
        assertThat(DotEnv.parse("A=\"a\\nb\"\nB=\"q\\\"q\"\nC=\"bar\\nbaz\\\\\"", Map.of()))
                .containsEntry("A", "a\nb").containsEntry("B", "q\"q").containsEntry("C", "bar\nbaz\\");
    }

    @Test
    void quotedValuesSpanLinesAndSingleQuotesEscapeTheirQuote() {
        // compose-go fixtures/quoted.env: OPTION_J and OPTION_K
        Map<String, String> env = DotEnv.parse("""
                J = 'first line
                second line'
                K='Let\\'s go!'
                Z = "last value"
                """, Map.of());
        assertThat(env).containsEntry("J", "first line\nsecond line").containsEntry("K", "Let's go!")
                .containsEntry("Z", "last value");
    }

    @Test
    void commentsBlankLinesBareNamesAndEarlierVariables() {
        Map<String, String> env = DotEnv.parse("# c\n\nX=1\nY=${X}2\nHOME\nGONE\n", Map.of("HOME", "/h"));
        assertThat(env).containsEntry("X", "1").containsEntry("Y", "12").containsEntry("HOME", "/h")
                .doesNotContainKey("GONE");
    }

    @Test
    void theGivenEnvironmentWinsInsideTheFile() {
        // cli/options_test.go TestEnvVariablePrecedence and dotenv TestMultipleFiles: ${FOO} takes the process value
        assertThat(DotEnv.parse("FOO=foo\nBAR=${FOO}", Map.of("FOO", "zot")))
                .containsEntry("FOO", "foo").containsEntry("BAR", "zot");
        assertThat(DotEnv.parse("URL=\"http://${HOST}\"", Map.of(), Map.of("HOST", "earlier.file")))
                .containsEntry("URL", "http://earlier.file");
    }

    @Test
    void namesMayHoldDotsDashesAndStartWithADigit() {
        // TestDash, plain.env's "456 = ABC" (the parser keeps it)
        assertThat(DotEnv.parse("VAR.WITH.DOTS=dots\nVAR-WITH-DASHES=dashes\n456 = ABC\n", Map.of()))
                .containsEntry("VAR.WITH.DOTS", "dots").containsEntry("VAR-WITH-DASHES", "dashes")
                .containsEntry("456", "ABC");
    }

    @Test
    void aByteOrderMarkIsDropped() {
        assertThat(DotEnv.parse("\uFEFFA=1\n", Map.of())).containsEntry("A", "1");
    }

    @Test
    void badLinesNameTheirLine() {
        // TestErrorParsing: "line 7: key cannot contain a space"
        assertThatThrownBy(() -> DotEnv.parse("# c\nfoo=\"\n  a\n  multi\n  line\n\"\nINVALID LINE\nzot=qix", Map.of()))
                .hasMessage("line 7: key cannot contain a space");
        assertThatThrownBy(() -> DotEnv.parse("A=1\nlol$wut\n", Map.of())).hasMessageContaining("line 2")
                .hasMessageContaining("unexpected character \"$\"");
        // TestUnterminatedQuotes
        assertThatThrownBy(() -> DotEnv.parse("A=\"open\n", Map.of())).hasMessageContaining("line 1")
                .hasMessageContaining("unterminated quoted value");
        assertThatThrownBy(() -> DotEnv.parse("KEY='value\\'", Map.of())).hasMessageContaining("unterminated");
        assertThatThrownBy(() -> DotEnv.parse("A=${X:?needed}", Map.of())).hasMessage(
                "line 1: required variable X is missing a value: needed");
    }

    @Test
    void rawFormatTakesValuesAsWritten() {
        // docker's --env-file syntax (docker/cli pkg/kvfile), used by compose for format: raw
        Map<String, String> env = DotEnv.parseRaw("""
                # c
                  A=${NOT} "x" #y
                B='{"key": "value"}'
                HOME
                GONE
                """, Map.of("HOME", "/h"));
        assertThat(env).containsEntry("A", "${NOT} \"x\" #y").containsEntry("B", "{\"key\": \"value\"}")
                .containsEntry("HOME", "/h").doesNotContainKey("GONE");
        assertThatThrownBy(() -> DotEnv.parseRaw("A B=1", Map.of())).hasMessage(
                "line 1: variable 'A B' contains whitespaces");
    }
}
