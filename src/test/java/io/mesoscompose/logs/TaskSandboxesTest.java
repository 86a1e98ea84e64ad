package io.mesoscompose.logs;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.api.model.LogRead;
import io.mesoscompose.api.model.LogStream;
import io.mesoscompose.config.Secret;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Reading a task's output as from a real cluster: master → agent pid → agent state → sandbox → /files/read. */
class TaskSandboxesTest {
    private static final String TASK = "shop_web.7c1e";
    private static final String SANDBOX = "/var/lib/mesos/agent/slaves/" + FakeAgent.AGENT_ID + "/frameworks/"
            + FakeAgent.FRAMEWORK_ID + "/executors/" + TASK + "/runs/6f5e2c2d";
    private static final TaskSandboxes.TaskRef REF = new TaskSandboxes.TaskRef(FakeAgent.FRAMEWORK_ID,
            FakeAgent.AGENT_ID, TASK);

    private final FakeAgent agent = new FakeAgent();
    private final AgentHttp http = new AgentHttp(Optional.of("mc"), Optional.of(new Secret("pw")), Optional.empty(),
            false, Duration.ofSeconds(2));
    private final TaskSandboxes sandboxes = new TaskSandboxes(http, () -> Optional.of(agent.url()));

    @AfterEach
    void stop() {
        http.close();
        agent.close();
    }

    private static byte[] bytes(LogRead read) {
        assertThat(read).isInstanceOf(LogRead.Chunk.class);
        return ((LogRead.Chunk) read).data();
    }

    @Test
    void findsTheSandboxThroughTheAgentsPidAndReadsTheFileFromAnOffset() {
        agent.executors("executors", TASK, SANDBOX);
        agent.files.put(SANDBOX + "/stdout", "listening on :80\nready\n".getBytes(StandardCharsets.UTF_8));

        LogRead read = sandboxes.read(REF, LogStream.STDOUT, 13, 100);

        assertThat(new String(bytes(read), StandardCharsets.UTF_8)).isEqualTo(":80\nready\n");
        assertThat(((LogRead.Chunk) read).offset()).isEqualTo(13);
        assertThat(agent.requests).containsExactly("/master/slaves", "/slave(1)/state", "/files/read");
        assertThat(agent.authorizations).allSatisfy(a -> assertThat(a).hasValue(
                "Basic " + Base64.getEncoder().encodeToString("mc:pw".getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void aSizeRequestAnswersTheFilesSizeAsItsOffsetAsFilesReadDoes() {
        agent.executors("executors", TASK, SANDBOX);
        agent.files.put(SANDBOX + "/stderr", "warning\n".getBytes(StandardCharsets.UTF_8));

        LogRead read = sandboxes.read(REF, LogStream.STDERR, -1, 0);

        assertThat(read).isInstanceOfSatisfying(LogRead.Chunk.class, c -> {
            assertThat(c.offset()).isEqualTo(8);
            assertThat(c.data()).isEmpty();
        });
    }

    @Test
    void bytesAreKeptExactlyWhenAReadEndsInsideAUtf8CharacterOrTheFileIsNotUtf8() {
        agent.executors("executors", TASK, SANDBOX);
        byte[] file = "grüße €\n".getBytes(StandardCharsets.UTF_8);
        byte[] withLatin1 = new byte[file.length + 2];
        System.arraycopy(file, 0, withLatin1, 0, file.length);
        withLatin1[file.length] = (byte) 0xE9; // é in ISO-8859-1: not UTF-8 at all
        withLatin1[file.length + 1] = '\n';
        agent.files.put(SANDBOX + "/stdout", withLatin1);
        agent.readCap = 3; // every read ends in the middle of something

        ByteArrayOutputStream all = new ByteArrayOutputStream();
        long offset = 0;
        while (true) {
            byte[] piece = bytes(sandboxes.read(REF, LogStream.STDOUT, offset, 100));
            if (piece.length == 0) {
                break;
            }
            all.writeBytes(piece);
            offset += piece.length;
        }

        assertThat(all.toByteArray()).isEqualTo(withLatin1);
    }

    @Test
    void theSandboxOfAnEndedTaskIsFoundAmongTheCompletedExecutors() {
        agent.executors("completed_executors", TASK, SANDBOX);
        agent.files.put(SANDBOX + "/stdout", "done\n".getBytes(StandardCharsets.UTF_8));

        assertThat(bytes(sandboxes.read(REF, LogStream.STDOUT, 0, 100))).asString(StandardCharsets.UTF_8)
                .isEqualTo("done\n");
    }

    @Test
    void aSandboxFoundOnceIsReadWithoutAskingTheMasterAndTheAgentAgain() {
        agent.executors("executors", TASK, SANDBOX);
        agent.files.put(SANDBOX + "/stdout", "a\n".getBytes(StandardCharsets.UTF_8));

        sandboxes.read(REF, LogStream.STDOUT, 0, 100);
        sandboxes.read(REF, LogStream.STDOUT, 2, 100);

        assertThat(agent.requests).containsExactly("/master/slaves", "/slave(1)/state", "/files/read", "/files/read");
    }

    @Test
    void anAgentTheMasterDoesNotKnowOrASandboxTheAgentDoesNotHaveIsMissingWithTheReason() {
        agent.executors("executors", "another-task", SANDBOX);

        assertThat(sandboxes.read(new TaskSandboxes.TaskRef(FakeAgent.FRAMEWORK_ID, "gone-S9", TASK),
                LogStream.STDOUT, 0, 10)).isEqualTo(new LogRead.Missing("agent gone-S9 of task " + TASK
                + " is not registered with the master (removed, or unreachable for a while)"));
        assertThat(sandboxes.read(REF, LogStream.STDOUT, 0, 10)).isEqualTo(new LogRead.Missing("agent "
                + FakeAgent.AGENT_ID + " has no sandbox of task " + TASK
                + " (not started there yet, or removed by the agent's garbage collection)"));
    }

    @Test
    void aFileTheAgentAnswers404ForIsMissingAndNoMasterIsUnavailable() {
        agent.executors("executors", TASK, SANDBOX);

        assertThat(sandboxes.read(REF, LogStream.STDERR, 0, 10)).isInstanceOfSatisfying(LogRead.Missing.class,
                m -> assertThat(m.message()).startsWith("no " + SANDBOX + "/stderr on the agent"));
        TaskSandboxes noMaster = new TaskSandboxes(http, Optional::empty);
        assertThat(noMaster.read(REF, LogStream.STDOUT, 0, 10)).isInstanceOf(LogRead.Unavailable.class);
        TaskSandboxes unreachable = new TaskSandboxes(http, () -> Optional.of(URI.create("http://127.0.0.1:1")));
        assertThat(unreachable.read(REF, LogStream.STDOUT, 0, 10)).isInstanceOfSatisfying(LogRead.Unavailable.class,
                u -> assertThat(u.message()).startsWith("cannot read the stdout of task " + TASK + ": "));
    }
}
