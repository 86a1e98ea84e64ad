package io.mesoscompose.state;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 at random points of a writing process: every commit is all-or-nothing, and nothing acknowledged is lost.
 */
class EmbeddedStateStoreCrashTest {

    @TempDir
    Path dir;

    @Test
    void survivesKillNineMidWrite() throws Exception {
        Random random = new Random(42);
        long acknowledged = 0;
        for (int round = 0; round < 5; round++) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), CrashWriter.class.getName(), dir.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream()));
            int wanted = 20 + random.nextInt(200);
            String line;
            int seen = 0;
            while (seen < wanted && (line = out.readLine()) != null) {
                acknowledged = Long.parseLong(line.trim());
                seen++;
            }
            child.destroyForcibly();  // SIGKILL: no shutdown hook, no close
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(seen).as("the writer made progress in round " + round).isEqualTo(wanted);

            try (StateStore store = EmbeddedStateStore.open(dir)) {
                long version = store.project("p").orElseThrow().version();
                assertThat(version).as("acknowledged commits are kept").isGreaterThanOrEqualTo(acknowledged);
                Set<String> ids = new HashSet<>();
                store.tasks().forEach(t -> ids.add(t.taskId()));
                assertThat(ids).as("commit " + version + " is whole: its task is there, no later one")
                        .hasSize((int) version).contains("t" + version).doesNotContain("t" + (version + 1));
                acknowledged = version;
            }
        }
    }
}
