package io.mesoscompose.compose;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DotEnvTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "A=1|1", "export A=1|1", "A = 1 |1", "A='x $B y'|x $B y",
            "A=v # note|v", "A=\"v # kept\"|v # kept", "A=$B-x|b-x", "A=${NOPE:-d}|d", "A=|''"})
    void parsesOneLine(String line, String expected) {
        assertThat(DotEnv.parse(line, Map.of("B", "b"))).containsEntry("A", expected);
    }

    @Test
    void doubleQuotesUnderstandEscapes() {
        assertThat(DotEnv.parse("A=\"a\\nb\"\nB=\"q\\\"q\"", Map.of()))
                .containsEntry("A", "a\nb").containsEntry("B", "q\"q");
    }

    @Test
    void commentsBlankLinesBareNamesAndEarlierVariables() {
        Map<String, String> env = DotEnv.parse("# c\n\nX=1\nY=${X}2\nHOME\nGONE\n", Map.of("HOME", "/h"));
        assertThat(env).containsEntry("X", "1").containsEntry("Y", "12").containsEntry("HOME", "/h")
                .doesNotContainKey("GONE");
    }

    @Test
    void badLinesNameTheirLine() {
        assertThatThrownBy(() -> DotEnv.parse("A=1\n1BAD=2\n", Map.of())).hasMessageContaining("line 2");
        assertThatThrownBy(() -> DotEnv.parse("A=\"open\n", Map.of())).hasMessageContaining("line 1");
    }
}
