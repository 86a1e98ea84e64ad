package io.mesoscompose.plan;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.compose.CommandWords;
import io.mesoscompose.compose.model.Command;
import io.mesoscompose.compose.model.ComposeProject;
import io.mesoscompose.compose.model.ContainerType;
import io.mesoscompose.compose.model.Service;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.Parameter;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The argv table of {@link Commands}, row by row. */
class CommandMappingTest {

    static TaskInfo template(Service s) {
        ComposeProject p = new ComposeProject("p", Map.of(s.name(), s), Map.of(), Map.of(), Map.of(), Map.of());
        return Planner.plan(p, PlanSettings.defaults()).services().get(0).template();
    }

    static Command sh(String text) {
        return new Command.StringForm(text);
    }

    static Command exec(String... argv) {
        return new Command.ExecForm(List.of(argv));
    }

    record Row(ContainerType type, Command entrypoint, Command command, List<String> arguments, Boolean shell,
               boolean expectShell, String expectValue, List<String> expectArguments, String expectEntrypoint) {}

    static Stream<Arguments> rows() {
        ContainerType d = ContainerType.DOCKER;
        ContainerType u = ContainerType.MESOS;
        return Stream.of(
                // nothing set: the image decides; arguments replace its CMD
                new Row(d, null, null, List.of(), null, false, null, List.of(), null),
                new Row(d, null, null, List.of("-v"), null, false, null, List.of("-v"), null),
                // the seed: command string + arguments + shell → one shell line
                new Row(d, null, sh("sleep"), List.of("1000"), true, true, "sleep 1000", List.of(), null),
                // shell: true keeps the text as written, for the shell to expand (Go extension)
                new Row(d, null, sh("echo $HOME && ls"), List.of(), true, true, "echo $HOME && ls", List.of(), null),
                // compose-go TestCommandString: a string is split into words, no shell; the image's ENTRYPOINT stays
                new Row(d, null, sh("bundle exec thin -p 3000"), List.of(), null, false, "bundle",
                        List.of("exec", "thin", "-p", "3000"), null),
                new Row(d, null, sh("echo 'a b' c $HOME"), List.of("d"), false, false, "echo",
                        List.of("a b", "c", "$HOME", "d"), null),
                // a list is exec form; with shell: true its elements are quoted into the line
                new Row(d, null, exec("echo", "a b"), List.of(), null, false, "echo", List.of("a b"), null),
                new Row(d, null, exec("echo", "a b"), List.of("it's"), true, true, "echo 'a b' 'it'\"'\"'s'", List.of(), null),
                // Docker entrypoint without a shell → --entrypoint, the rest as arguments (compose-go TestEntrypointString)
                new Row(d, exec("/bin/tini", "--"), exec("nginx", "-g", "daemon off;"), List.of(), null, false, null,
                        List.of("--", "nginx", "-g", "daemon off;"), "/bin/tini"),
                new Row(d, sh("/code/entrypoint.sh -p 3000"), exec("run"), List.of(), null, false, null,
                        List.of("-p", "3000", "run"), "/code/entrypoint.sh"),
                new Row(d, sh("/entry.sh"), exec("run"), List.of(), true, true, "/entry.sh run", List.of(), null),
                // UCR and none: Mesos' convention, arguments include argv[0]
                new Row(u, null, exec("sleep", "10"), List.of(), null, false, "sleep", List.of("sleep", "10"), null),
                new Row(u, exec("/bin/tini", "--"), sh("app --x"), List.of("y"), false, false, "/bin/tini",
                        List.of("/bin/tini", "--", "app", "--x", "y"), null),
                new Row(ContainerType.NONE, null, sh("./run.sh"), List.of(), null, false, "./run.sh",
                        List.of("./run.sh"), null)
        ).map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("rows")
    void argv(Row r) {
        Service.Builder b = Service.builder("s", "img").containerType(r.type()).arguments(r.arguments()).shell(r.shell());
        Optional.ofNullable(r.entrypoint()).ifPresent(b::entrypoint);
        Optional.ofNullable(r.command()).ifPresent(b::command);
        TaskInfo t = template(b.build());
        CommandInfo c = t.getCommand();
        assertThat(c.getShell()).isEqualTo(r.expectShell());
        assertThat(c.hasValue() ? c.getValue() : null).isEqualTo(r.expectValue());
        assertThat(c.getArgumentsList()).isEqualTo(r.expectArguments());
        Optional<String> entrypoint = t.getContainer().getDocker().getParametersList().stream()
                .filter(p -> p.getKey().equals("entrypoint")).map(Parameter::getValue).findFirst();
        assertThat(entrypoint.orElse(null)).isEqualTo(r.expectEntrypoint());
    }

    @ParameterizedTest
    @MethodSource("shellWords")
    void quotedWordsSplitBackIntoTheSameWords(List<String> words) {
        assertThat(CommandWords.split(ShellWords.join(words))).isEqualTo(new CommandWords.Result.Words(words));
    }

    @Test
    void aUcrCommandWithoutEntrypointWarnsThatTheImageEntrypointDoesNotRun() {
        Service s = Service.builder("s", "postgres").containerType(ContainerType.MESOS)
                .command(sh("postgres -c fsync=off")).build();
        ComposeProject p = new ComposeProject("p", Map.of("s", s), Map.of(), Map.of(), Map.of(), Map.of());
        assertThat(Planner.plan(p, PlanSettings.defaults()).warnings()).anySatisfy(w -> assertThat(w.toString())
                .contains("command: the Mesos containerizer runs the command as given: the image's ENTRYPOINT does"
                        + " not run (Docker would keep it)"));
    }

    static Stream<List<String>> shellWords() {
        return Stream.of(List.of("a"), List.of("a b", "c"), List.of("it's", "\"q\""), List.of("", "$HOME", "x\\y"));
    }
}
