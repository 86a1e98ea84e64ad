package io.mesoscompose.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import io.mesoscompose.state.RedisServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The small version of the crash harness (issue 8): 60 replicas on 5 agents, the framework process killed with
 * SIGKILL 3 times, and a Redis-backed variant; and of its high-availability mode (issue 18). The full ones (1,000
 * tasks, 20 kills) run with {@code bin/bench Crash}.
 */
class FrameworkCrashTest {

    @Test
    void killedFrameworkNeverDuplicatesOrLosesATask(@TempDir Path work) throws Exception {
        List<CrashHarness.Round> rounds = CrashHarness.run(
                new CrashHarness.Settings(5, 60, 3, 42, Duration.ofSeconds(60)), work, System.out::println);
        assertThat(rounds).hasSize(3).allSatisfy(r -> {
            assertThat(r.duplicates()).isZero();
            assertThat(r.lost()).isZero();
            assertThat(r.running()).isEqualTo(r.desired());
        });
    }

    @Test
    void sameWithTheStateInRedis(@TempDir Path work) throws Exception {
        try (RedisServer redis = RedisServer.start()) {
            String spec = "redis://" + redis.host() + ":" + redis.port() + "/0";
            List<CrashHarness.Round> rounds = CrashHarness.run(new CrashHarness.Settings(5, 40, 2, 7,
                    Duration.ofSeconds(90), Optional.of(spec)), work, System.out::println);
            assertThat(rounds).hasSize(2).allSatisfy(r -> {
                assertThat(r.duplicates()).isZero();
                assertThat(r.lost()).isZero();
            });
        }
    }

    @Test
    void highlyAvailableInstancesLaunchEachTaskOnceWhenTheLeaderIsKilledCutOffOrPaused(@TempDir Path work)
            throws Exception {
        List<HaCrashHarness.Round> rounds = HaCrashHarness.run(new HaCrashHarness.Settings(5, 30, 1, true, 11,
                HaCrashHarness.StateIn.ZOOKEEPER, Duration.ofSeconds(3), Duration.ofSeconds(90)), work,
                System.out::println);
        assertThat(rounds).hasSize(4).allSatisfy(r -> {
            assertThat(r.duplicates()).isZero();
            assertThat(r.lost()).isZero();
            assertThat(r.running()).isEqualTo(r.desired());
        });
        assertThat(rounds).filteredOn(r -> r.fault().startsWith("kill -9"))
                .allSatisfy(r -> assertThat(r.takeoverMillis()).as("another instance took over").isPositive());
    }
}
