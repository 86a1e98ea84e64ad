package io.mesoscompose.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * kill -9 at random points of a process writing with {@link CrashWriter}: every commit is all-or-nothing, and
 * nothing acknowledged is lost. Each store runs this against its own spec.
 */
abstract class KillNineCrashTest {

    /** The spec the writer opens, and the framework name (Redis key prefix). */
    protected abstract List<String> writerArgs();

    /** The same store, opened by the test after the writer was killed. */
    protected abstract StateStore open();

    /** How many filler tasks each commit rewrites (the writer's fourth argument, when it has one). */
    protected int fillers() {
        return CrashWriter.FILLERS;
    }

    /** How long after the last acknowledgement awaited the writer is killed (it is writing its next commit then). */
    protected long millisBeforeKill(Random random) {
        return 0;
    }

    /** How many times the writer is started and killed. */
    protected int rounds() {
        return 5;
    }

    /** How many commits the writer is let acknowledge before the kill. */
    protected int commitsBeforeKill(Random random) {
        return 20 + random.nextInt(200);
    }

    static Process startJava(Class<?> main, List<String> args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(args);
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    /** Reads what the writer printed until it died: the last number is the last acknowledged commit. */
    static long lastAcknowledged(BufferedReader out, long sofar) throws java.io.IOException {
        long last = sofar;
        String line;
        while ((line = out.readLine()) != null) {
            last = Long.parseLong(line.trim());
        }
        return last;
    }

    @Test
    void survivesKillNineMidWrite() throws Exception {
        Random random = new Random(42);
        long acknowledged = 0;
        for (int round = 0; round < rounds(); round++) {
            Process child = startJava(CrashWriter.class, writerArgs());
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()));
            int wanted = commitsBeforeKill(random);
            String line;
            int seen = 0;
            while (seen < wanted && (line = out.readLine()) != null) {
                acknowledged = Long.parseLong(line.trim());
                seen++;
            }
            Thread.sleep(millisBeforeKill(random));
            child.toHandle().destroyForcibly();  // SIGKILL; unlike Process.destroy* it leaves our pipe readable
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(seen).as("the writer made progress in round " + round).isEqualTo(wanted);
            acknowledged = lastAcknowledged(out, acknowledged);

            try (StateStore store = open()) {
                long version = store.project("p").orElseThrow().version();
                assertThat(version).as("acknowledged commits are kept, at most the unacknowledged next one is added")
                        .isBetween(acknowledged, acknowledged + 1);
                Set<String> ids = new HashSet<>();
                store.tasks().stream().map(TaskRecord::taskId).filter(id -> id.startsWith("t")).forEach(ids::add);
                assertThat(ids).as("commit " + version + " is whole: its task is there, no later one")
                        .hasSize((int) version).contains("t" + version).doesNotContain("t" + (version + 1));
                for (int i = 0; i < fillers(); i++) {
                    assertThat(store.task("f" + i)).as("filler f" + i + " was written by commit " + version)
                            .contains(CrashWriter.filler(i, version));
                }
                acknowledged = version;
            }
        }
    }
}
