package io.mesoscompose.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.compose.model.Command;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A command string means what it means to docker compose: compose-go splits it with go-shellwords (no variable or
 * backtick expansion) and runs the words without a shell.
 */
class CommandWordsTest {

    static Stream<Arguments> splits() {
        return Stream.of(
                // compose-go loader/tests/command_test.go TestCommandString
                Arguments.of("bundle exec thin -p 3000", List.of("bundle", "exec", "thin", "-p", "3000")),
                // compose-go loader/tests/entrypoint_test.go TestEntrypointString
                Arguments.of("/code/entrypoint.sh -p 3000", List.of("/code/entrypoint.sh", "-p", "3000")),
                // go-shellwords: quotes group, single quotes are literal, "" is an empty word
                Arguments.of("echo 'a b' \"c d\" ''", List.of("echo", "a b", "c d", "")),
                Arguments.of("sh -c 'echo $HOME && ls'", List.of("sh", "-c", "echo $HOME && ls")),
                Arguments.of("a\\ b 'c\\d' \"e\\\"f\"", List.of("a b", "c\\d", "e\"f")),
                // no shell: variables, $(…) and backticks reach the program as written
                Arguments.of("echo $HOME ${X} $(date) `id`", List.of("echo", "$HOME", "${X}", "$(date)", "`id`")),
                // go-shellwords turns an escaped t or n into a tab or line break
                Arguments.of("printf a\\tb\\n", List.of("printf", "a\tb\n")),
                Arguments.of("  spaced \t out\n", List.of("spaced", "out")),
                Arguments.of("sleep", List.of("sleep")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("splits")
    void aStringSplitsIntoWordsAsComposeGoSplitsIt(String line, List<String> words) {
        assertThat(CommandWords.split(line)).isEqualTo(new CommandWords.Result.Words(words));
    }

    @Test
    void aShellOperatorIsRefusedInsteadOfSilentlyCuttingTheCommand() {
        // go-shellwords stops at the operator and compose runs only "echo hi": here the file is refused instead.
        assertThat(CommandWords.split("echo hi && rm -rf /tmp/x")).isEqualTo(new CommandWords.Result.Refused(
                "\"&&\" in \"echo hi && rm -rf /tmp/x\" is a shell operator, and no shell runs this command: docker"
                        + " compose would run only \"echo hi\"",
                "set shell: true to run it through /bin/sh -c, or write it as a list, e.g. [\"sh\", \"-c\", \"...\"]"));
        assertThat(CommandWords.split("a | b")).isInstanceOf(CommandWords.Result.Refused.class);
        assertThat(CommandWords.split("a > out")).isInstanceOf(CommandWords.Result.Refused.class);
        assertThat(CommandWords.split("a; b")).isInstanceOf(CommandWords.Result.Refused.class);
        assertThat(CommandWords.split("echo 'a; b' \"c | d\"")).isEqualTo(
                new CommandWords.Result.Words(List.of("echo", "a; b", "c | d")));
    }

    @Test
    void anOpenQuoteOrATrailingBackslashOrABareParenthesisIsRefused() {
        // go-shellwords: "invalid command line string" — compose-go refuses the file
        assertThat(CommandWords.split("echo 'oops")).isInstanceOf(CommandWords.Result.Refused.class);
        assertThat(CommandWords.split("echo \"oops")).isInstanceOf(CommandWords.Result.Refused.class);
        assertThat(CommandWords.split("echo oops\\")).isInstanceOf(CommandWords.Result.Refused.class);
        assertThat(CommandWords.split("(cd /x)")).isInstanceOf(CommandWords.Result.Refused.class);
        assertThat(CommandWords.split("echo $(date")).isInstanceOf(CommandWords.Result.Refused.class);
    }

    @Test
    void theLoaderRefusesAStringThatNeedsAShellUnlessShellIsTrue() {
        assertThat(ServiceFieldsTest.onlyError("command: echo hi && sleep 1")).isEqualTo("c.yml:4:14: error:"
                + " service \"s\": command: \"&&\" in \"echo hi && sleep 1\" is a shell operator, and no shell runs"
                + " this command: docker compose would run only \"echo hi\" (set shell: true to run it through"
                + " /bin/sh -c, or write it as a list, e.g. [\"sh\", \"-c\", \"...\"])");
        assertThat(ServiceFieldsTest.ok("command: echo hi && sleep 1\nshell: true").command())
                .contains(new Command.StringForm("echo hi && sleep 1"));
        assertThat(ServiceFieldsTest.onlyError("entrypoint: \"/bin/run 'x\"")).contains("entrypoint: \"/bin/run 'x\""
                + " is not a valid command line");
    }
}
