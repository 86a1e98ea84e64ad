package io.mesoscompose.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** A service's tally summed from its groups' is the tally of all its tasks counted at once. */
class ServiceTallyPropertyTest {

    private record Task(String id, String state, long version, Instant at, Optional<Integer> exitCode) {}

    @Property
    void theSumOfTheGroupsTalliesIsTheTallyOfAllTheirTasks(@ForAll("groups") List<List<Task>> groups) {
        ServiceTally.Counter all = new ServiceTally.Counter();
        ServiceTally sum = ServiceTally.EMPTY;
        for (List<Task> group : groups) {
            ServiceTally.Counter one = new ServiceTally.Counter();
            for (Task t : group) {
                one.add(t.id(), t.state(), t.version(), t.at(), t.exitCode(), Optional.empty());
                all.add(t.id(), t.state(), t.version(), t.at(), t.exitCode(), Optional.empty());
            }
            sum = sum.plus(one.tally());
        }
        assertThat(sum).isEqualTo(all.tally());
    }

    @Provide
    Arbitrary<List<List<Task>>> groups() {
        Arbitrary<Task> task = Combinators.combine(
                Arbitraries.strings().alpha().ofLength(6),
                Arbitraries.of("TASK_STAGING", "TASK_STARTING", "TASK_RUNNING", "TASK_FINISHED", "TASK_FAILED",
                        "TASK_KILLED", "TASK_LOST"),
                Arbitraries.longs().between(1, 3),
                Arbitraries.longs().between(0, 1_000).map(s -> Instant.parse("2026-01-01T00:00:00Z").plusSeconds(s)),
                Arbitraries.integers().between(0, 3).optional())
                .as(Task::new);
        return task.list().ofMaxSize(8).list().ofMaxSize(12);
    }
}
