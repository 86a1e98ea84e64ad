package io.mesoscompose.compose;

import static io.mesoscompose.compose.InlineCompose.errors;
import static io.mesoscompose.compose.InlineCompose.service;
import static io.mesoscompose.compose.InlineCompose.warnings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.mesoscompose.compose.model.FetchUri;
import io.mesoscompose.compose.model.MesosOptions;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@code mesos:} as the Go mesos-compose reads it (types/types.go {@code Mesos}, {@code Executor}; the proto's
 * {@code CommandInfo_URI} for fetch), and its URIs checked as the Mesos fetcher checks them (Apache Mesos
 * src/slave/containerizer/fetcher.cpp: {@code Fetcher::basename}, {@code validateUri}, {@code validateOutputFile},
 * {@code uriToLocalPath}) — refused at the field instead of failing every launch with TASK_FAILED.
 */
class MesosOptionsReaderTest {

    private static String fetch(String entry) {
        return "services:\n  s:\n    image: i\n    mesos:\n      fetch:\n        - " + entry + "\n";
    }

    private static MesosOptions mesos(String yaml) {
        return service(yaml, "s").mesos();
    }

    // Fetcher::basename: "Illegal characters in URI" for \, ' or NUL.
    @Test
    void aUriWithABackslashOrAQuoteIsRefusedAtItsValue() {
        assertThat(errors(fetch("{value: \"http://h/it's.tar.gz\"}"))).containsExactly("c.yml:6:19: error: service"
                + " \"s\": mesos.fetch[0].value: \"http://h/it's.tar.gz\": the Mesos fetcher refuses \\ and ' in a URI"
                + " (\"Illegal characters in URI\") (percent-encode them: %5C for \\, %27 for ')");
        assertThat(errors(fetch("{value: 'http://h/a\\b'}"))).singleElement().asString()
                .contains("Illegal characters in URI");
    }

    // Fetcher::basename: "Malformed URI (missing path)" when nothing follows the host.
    @Test
    void aUriWithoutAPathIsRefused() {
        assertThat(errors(fetch("{value: \"https://example.com\"}"))).singleElement().asString().startsWith(
                "c.yml:6:19: error: service \"s\": mesos.fetch[0].value: \"https://example.com\" has no path; the Mesos"
                        + " fetcher refuses it (\"Malformed URI (missing path)\")");
        assertThat(errors(fetch("{value: \"https://example.com/\"}"))).singleElement().asString()
                .contains("Malformed URI (missing path)");
    }

    // src/launcher/fetcher.cpp: the download is named Fetcher::basename(uri) unless output_file names it.
    @Test
    void aUriEndingInASlashNeedsAnOutputFile() {
        assertThat(errors(fetch("{value: \"http://h/dir/\"}"))).singleElement().asString()
                .contains("ends in /, so the download would have no file name (name the file in the URI, or set"
                        + " output_file)");
        assertThat(mesos(fetch("{value: \"http://h/dir/\", output_file: index.html}")).fetch())
                .containsExactly(new FetchUri("http://h/dir/", false, false, false, Optional.of("index.html")));
    }

    // Fetcher::uriToLocalPath: "File URI only supports absolute paths"; a relative path needs --frameworks_home.
    @Test
    void fileUrisNeedAnAbsolutePathAndRelativePathsAWarning() {
        assertThat(errors(fetch("{value: \"file://opt/tool\"}"))).singleElement().asString()
                .contains("File URI only supports absolute paths");
        assertThat(errors(fetch("{value: \"file:///opt/tool\"}"))).isEmpty();
        assertThat(errors(fetch("{value: \"file://localhost/opt/tool\"}"))).isEmpty();
        assertThat(warnings(fetch("{value: \"tools/run.sh\"}"))).singleElement().asString()
                .contains("is a relative path: the agent fetches it only when it runs with --frameworks_home");
    }

    // Fetcher::validateOutputFile: not empty, not absolute.
    @Test
    void anOutputFileMustBeARelativePathInTheSandbox() {
        assertThat(errors(fetch("{value: \"http://h/a\", output_file: /etc/passwd}"))).containsExactly(
                "c.yml:6:46: error: service \"s\": mesos.fetch[0].output_file: \"/etc/passwd\" is absolute; the"
                        + " download goes into the task's sandbox (\"URI output file must be within the sandbox"
                        + " directory\") (name a file relative to the sandbox, e.g. bin/tool)");
        assertThat(errors(fetch("{value: \"http://h/a\", output_file: \"\"}"))).singleElement().asString()
                .contains("URI output file path is empty");
    }

    // The Go project decodes fetch entries into Mesos' CommandInfo_URI with yaml.v3, which reads OutputFile as
    // "outputfile".
    @Test
    void theGoDecodersOutputFileSpellingIsRead() {
        assertThat(mesos(fetch("{value: \"http://h/a\", outputfile: bin/a}")).fetch().get(0).outputFile())
                .contains("bin/a");
    }

    // launcher/fetcher.cpp fetchBypassingCache: executable wins, the download is not extracted.
    @Test
    void extractBesideExecutableIsNamedAsIgnored() {
        assertThat(warnings(fetch("{value: \"http://h/a.tgz\", executable: true, extract: true}")))
                .singleElement().asString().contains("mesos.fetch[0].extract: ignored: the Mesos fetcher does not"
                        + " extract an executable download");
    }

    // Go docs/example/executor.yaml: the executor is downloaded from executor.uri, then run by executor.command.
    @Test
    void theExecutorUriIsFetchedAsAnExecutable() {
        MesosOptions m = mesos("""
                services:
                  test1:
                    image: ubuntu:latest
                    command: "sleep 1"
                    mesos:
                      executor:
                        command: "/mnt/mesos/sandbox/mesos-firecracker-executor"
                        uri: "http://devtest.lab.local:8881/mesos-firecracker-executor"
                """.replace("test1", "s"));
        assertThat(m.executorCommand()).contains("/mnt/mesos/sandbox/mesos-firecracker-executor");
        assertThat(m.fetch()).containsExactly(new FetchUri("http://devtest.lab.local:8881/mesos-firecracker-executor",
                true, false, false, Optional.empty()));
    }

    @Test
    void anExecutorUriWithoutACommandIsRefused() {
        assertThat(errors("services:\n  s:\n    image: i\n    mesos:\n      executor: {uri: \"http://h/x\"}\n"))
                .containsExactly("c.yml:5:23: error: service \"s\": mesos.executor.uri: a downloaded executor needs"
                        + " command: to run it (e.g. command: /mnt/mesos/sandbox/<the file's name>)");
    }

    // Go docs/example/firecracker.yaml and fetch.yaml: executor.command plus fetch entries with executable flags.
    @Test
    void theGoFirecrackerAndFetchExamplesAreRead() {
        MesosOptions m = mesos("""
                services:
                  s:
                    image: avhost/mesos-firecracker-executor:latest
                    mesos:
                      executor:
                        command: "/usr/bin/mesos-firecracker-executor"
                      fetch:
                        - value: http://192.168.150.30:8881/vmlinux
                          executable: true
                        - value: http://192.168.150.30:8881/rootfs.ext4
                          executable: true
                        - value: https://downloads.mesosphere.com:8443/Dockerfile
                          executable: false
                """);
        assertThat(m.executorCommand()).contains("/usr/bin/mesos-firecracker-executor");
        assertThat(m.fetch()).extracting(FetchUri::value, FetchUri::executable).containsExactly(
                tuple("http://192.168.150.30:8881/vmlinux", true),
                tuple("http://192.168.150.30:8881/rootfs.ext4", true),
                tuple("https://downloads.mesosphere.com:8443/Dockerfile", false));
    }

    // Go docs/example/mesos-compose.yml ("example of all supported parameters"), its mesos block.
    @Test
    void theGoExampleOfAllParametersMesosBlockIsRead() {
        MesosOptions m = mesos("""
                services:
                  s:
                    image: alpine:latest
                    mesos:
                      task_name: "mc:test:app1" # an alternative taskname
                      executer:
                        command: "/mnt/mesos/sandbox/my-custom-executor"
                      fetch:
                        - value: http://localhost/my-custom-executor
                          executable: true
                          extract:  false
                          cache: false
                """);
        assertThat(m.taskName()).contains("mc:test:app1");
        assertThat(m.executorCommand()).contains("/mnt/mesos/sandbox/my-custom-executor");
        assertThat(m.fetch()).containsExactly(
                new FetchUri("http://localhost/my-custom-executor", true, false, false, Optional.empty()));
    }

    @Test
    void theGoReadmesExecuterSpellingStillWorks() {
        assertThat(mesos("services:\n  s:\n    image: i\n    mesos:\n      executer: {command: /x/exec}\n")
                .executorCommand()).contains("/x/exec");
    }
}
