package io.mesoscompose.ha;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.config.FrameworkConfig;
import io.mesoscompose.state.ZooKeeperTarget;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.LongFunction;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The election against a real ZooKeeper server, with terms that only record what happens to them. */
class LeadershipTest {

    private static final Duration SESSION = Duration.ofSeconds(4);
    private static final AtomicInteger PATHS = new AtomicInteger();

    private TestingServer server;
    private FrameworkConfig.HighAvailability settings;
    private final List<Leadership> instances = new ArrayList<>();
    /** Epochs started and stopped by any instance's term, in order: "+3", "-3". */
    private final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startZooKeeper() throws Exception {
        server = new TestingServer(true);
        settings = new FrameworkConfig.HighAvailability(new ZooKeeperTarget(server.getConnectString(),
                "/ha" + PATHS.incrementAndGet(), Optional.empty()), SESSION);
    }

    @AfterEach
    void stop() throws Exception {
        instances.forEach(Leadership::close);
        server.close();
    }

    private Leadership join(String id) {
        return join(id, epoch -> {
            log.add("+" + epoch);
            return () -> {
                log.add("-" + epoch);
                return true;
            };
        }, () -> { });
    }

    private Leadership join(String id, LongFunction<LeaderTerm> starter, Runnable exit) {
        Leadership l = Leadership.join(settings, id, starter, exit, Clock.systemUTC());
        instances.add(l);
        return l;
    }

    @Test
    void oneInstanceLeadsAndAnotherTakesOverWithALaterEpochWhenItLeaves() throws Exception {
        Leadership a = join("http://a:1");
        await("a leads", () -> a.epoch().isPresent());
        Leadership b = join("http://b:2");
        await("b knows who leads", () -> b.leader().equals(Optional.of("http://a:1")));
        assertThat(b.epoch()).isEmpty();
        long first = a.epoch().orElseThrow();

        a.close();
        await("b leads", () -> b.epoch().isPresent());
        assertThat(b.epoch().orElseThrow()).isGreaterThan(first);
        assertThat(b.leader()).contains("http://b:2");
        assertThat(log).containsExactly("+" + first, "-" + first, "+" + b.epoch().orElseThrow());
    }

    @Test
    void aLeaderThatLosesZooKeeperStopsItsTermBeforeTheSessionCouldExpireAndLeadsAgainLater() throws Exception {
        List<LeadershipEvent> events = new CopyOnWriteArrayList<>();
        Leadership a = join("http://a:1");
        a.addListener(events::add);
        await("a leads", () -> a.epoch().isPresent());
        long first = a.epoch().orElseThrow();
        long cutOff = System.nanoTime();
        server.stop();
        await("a stood down", () -> a.epoch().isEmpty());
        assertThat(Duration.ofNanos(System.nanoTime() - cutOff)).as("before the session could expire")
                .isLessThan(SESSION);
        assertThat(log).containsExactly("+" + first, "-" + first);
        assertThat(events.getLast()).isInstanceOfSatisfying(LeadershipEvent.SteppedDown.class,
                d -> assertThat(d.reason()).contains("suspended"));

        server.restart();
        await("a leads again", () -> a.epoch().isPresent());
        assertThat(a.epoch().orElseThrow()).isGreaterThan(first);
    }

    @Test
    void aTermThatCannotBeConfirmedStoppedEndsTheProcess() throws Exception {
        AtomicBoolean exited = new AtomicBoolean();
        Leadership a = join("http://a:1", epoch -> () -> false, () -> exited.set(true));
        await("a leads", () -> a.epoch().isPresent());
        a.close();
        assertThat(exited).isTrue();
    }

    @Test
    void aProcessExitingBecauseItsTermCouldNotStopNeverLeadsAgainMeanwhile() throws Exception {
        AtomicInteger exits = new AtomicInteger();
        AtomicInteger terms = new AtomicInteger();
        Leadership a = join("http://a:1", epoch -> {
            terms.incrementAndGet();
            return () -> false;
        }, exits::incrementAndGet);  // as the real exit, it returns at once: the process ends a moment later
        await("a leads", () -> a.epoch().isPresent());
        server.stop();
        await("a decided to exit", () -> exits.get() == 1);
        server.restart();
        Leadership b = join("http://b:2");
        await("b leads", () -> b.epoch().isPresent());
        assertThat(terms).as("a never started another term").hasValue(1);
        assertThat(a.epoch()).isEmpty();
    }

    @Test
    void anInstanceWhoseTermCannotStartLeavesTheElectionToAnother() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        Leadership broken = join("http://broken:1", epoch -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("the state is unreachable");
        }, () -> { });
        await("the broken instance tried", () -> attempts.get() == 1);
        Leadership b = join("http://b:2");
        await("b leads", () -> b.epoch().isPresent());
        assertThat(broken.epoch()).isEmpty();
        assertThat(b.leader()).contains("http://b:2");
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }
}
