package io.mesoscompose.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.api.model.LogRead;
import io.mesoscompose.api.model.LogStream;
import io.mesoscompose.config.Secret;
import io.mesoscompose.simulator.SandboxHarness;
import io.mesoscompose.tls.MesosHttpClients;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Reading a task's output as from a real cluster: master → agent pid → agent state → sandbox → /files/read, against
 * the strict simulator (its master's and agents' endpoints answer as Apache Mesos 1.11's do).
 */
class TaskSandboxesTest {
    private static final String TASK = "shop_web.7c1e";

    private SandboxHarness cluster;
    private final AgentHttp http = new AgentHttp(Optional.of("mc"), Optional.of(new Secret("pw")), Optional.empty(),
            false, Duration.ofSeconds(2));
    private TaskSandboxes sandboxes;
    private TaskSandboxes.TaskRef ref;

    @BeforeEach
    void start() throws Exception {
        cluster = SandboxHarness.start();
        sandboxes = new TaskSandboxes(http, () -> Optional.of(cluster.master()));
        ref = new TaskSandboxes.TaskRef(cluster.frameworkId(), cluster.agentId(), TASK);
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
        cluster.close();
    }

    private static byte[] bytes(LogRead read) {
        assertThat(read).isInstanceOf(LogRead.Chunk.class);
        return ((LogRead.Chunk) read).data();
    }

    @Test
    void findsTheSandboxThroughTheAgentsPidAndReadsTheFileFromAnOffset() throws Exception {
        cluster.run(TASK, "listening on :80\nready", "");

        LogRead read = sandboxes.read(ref, LogStream.STDOUT, 13, 100);

        assertThat(new String(bytes(read), StandardCharsets.UTF_8)).isEqualTo(":80\nready\n");
        assertThat(((LogRead.Chunk) read).offset()).isEqualTo(13);
        assertThat(cluster.requests).containsExactly("/master/slaves", "/slave(1)/state", "/files/read");
        assertThat(cluster.authorizations).allSatisfy(a -> assertThat(a).hasValue(MesosHttpClients.basic("mc", "pw")));
    }

    @Test
    void aSizeRequestAnswersTheFilesSizeAsItsOffsetAsFilesReadDoes() throws Exception {
        cluster.run(TASK, "", "warning");

        LogRead read = sandboxes.read(ref, LogStream.STDERR, -1, 0);

        assertThat(read).isInstanceOfSatisfying(LogRead.Chunk.class, c -> {
            assertThat(c.offset()).isEqualTo(8);
            assertThat(c.data()).isEmpty();
        });
    }

    @Test
    void bytesAreKeptExactlyWhenAReadEndsInsideAUtf8Character() throws Exception {
        // The agent copies a chunk's bytes into its JSON as they are: each 3-byte piece of this text cuts a
        // character, so most answers are not valid UTF-8 (as with a file that is not UTF-8 at all).
        cluster.run(TASK, "grüße € ok", "");
        byte[] file = "grüße € ok\n".getBytes(StandardCharsets.UTF_8);

        ByteArrayOutputStream all = new ByteArrayOutputStream();
        long offset = 0;
        while (true) {
            byte[] piece = bytes(sandboxes.read(ref, LogStream.STDOUT, offset, 3));
            if (piece.length == 0) {
                break;
            }
            all.writeBytes(piece);
            offset += piece.length;
        }

        assertThat(all.toByteArray()).isEqualTo(file);
    }

    @Test
    void theSandboxOfAnEndedTaskIsFoundAmongTheCompletedExecutors() throws Exception {
        cluster.runToCompletion(TASK, "done");

        assertThat(bytes(sandboxes.read(ref, LogStream.STDOUT, 0, 100))).asString(StandardCharsets.UTF_8)
                .isEqualTo("done\n");
    }

    @Test
    void aSandboxFoundOnceIsReadWithoutAskingTheMasterAndTheAgentAgain() throws Exception {
        cluster.run(TASK, "a", "");

        sandboxes.read(ref, LogStream.STDOUT, 0, 100);
        sandboxes.read(ref, LogStream.STDOUT, 2, 100);

        assertThat(cluster.requests).containsExactly("/master/slaves", "/slave(1)/state", "/files/read",
                "/files/read");
    }

    @Test
    void anAgentTheMasterDoesNotKnowOrASandboxTheAgentDoesNotHaveIsMissingWithTheReason() throws Exception {
        cluster.run("another-task", "", "");

        assertThat(sandboxes.read(new TaskSandboxes.TaskRef(cluster.frameworkId(), "gone-S9", TASK),
                LogStream.STDOUT, 0, 10)).isEqualTo(new LogRead.Missing("agent gone-S9 of task " + TASK
                + " is not registered with the master (removed, or unreachable for a while)"));
        assertThat(sandboxes.read(ref, LogStream.STDOUT, 0, 10)).isEqualTo(new LogRead.Missing("agent "
                + cluster.agentId() + " has no sandbox of task " + TASK
                + " (not started there yet, or removed by the agent's garbage collection)"));
    }

    @Test
    void aFileTheAgentAnswers404ForIsMissingAndNoMasterIsUnavailable() throws Exception {
        cluster.run(TASK, "a", "");
        assertThat(sandboxes.read(ref, LogStream.STDERR, 0, 10)).isInstanceOf(LogRead.Chunk.class);
        cluster.collectSandbox(TASK);

        assertThat(sandboxes.read(ref, LogStream.STDERR, 0, 10)).isInstanceOfSatisfying(LogRead.Missing.class,
                m -> assertThat(m.message()).startsWith("no /").contains("/executors/" + TASK + "/runs/")
                        .contains("/stderr on the agent"));
        TaskSandboxes noMaster = new TaskSandboxes(http, Optional::empty);
        assertThat(noMaster.read(ref, LogStream.STDOUT, 0, 10)).isInstanceOf(LogRead.Unavailable.class);
        TaskSandboxes unreachable = new TaskSandboxes(http, () -> Optional.of(URI.create("http://127.0.0.1:1")));
        assertThat(unreachable.read(ref, LogStream.STDOUT, 0, 10)).isInstanceOfSatisfying(LogRead.Unavailable.class,
                u -> assertThat(u.message()).startsWith("cannot read the stdout of task " + TASK + ": "));
    }
}
