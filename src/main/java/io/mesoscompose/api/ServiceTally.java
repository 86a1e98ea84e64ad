package io.mesoscompose.api;

import io.mesoscompose.api.model.TaskView;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What {@link ServiceStatuses} counts of a service's tasks, in a form that adds up: tasks staging and running (of
 * any version), and per project version the finished and failed ones with the latest failure. Counting 100,000 tasks
 * is then done once per group of tasks that did not change (a backend keeps the tally of each group), and a
 * service's tally is the sum of its groups'. Immutable.
 *
 * @param ended per project version: the tasks of that version that finished or failed
 */
public record ServiceTally(int staging, int running, Map<Long, Ended> ended) {

    public static final ServiceTally EMPTY = new ServiceTally(0, 0, Map.of());

    /**
     * @param last the latest failure of the version, as {@code ps} shows it
     */
    public record Ended(int finished, int failed, Optional<Failure> last) {
        static final Ended NONE = new Ended(0, 0, Optional.empty());

        Ended plus(Ended o) {
            Optional<Failure> latest = last.isEmpty() ? o.last : o.last.isEmpty() ? last
                    : o.last.get().at().isAfter(last.get().at()) ? o.last : last;
            return new Ended(finished + o.finished, failed + o.failed, latest);
        }
    }

    /** A failed task: when it failed, and the line {@code ps} shows ("task web.1a2b TASK_FAILED (exit code 1): ..."). */
    public record Failure(Instant at, String text) {}

    public ServiceTally {
        ended = Map.copyOf(ended);
    }

    /** The finished and failed tasks launched by {@code version}. */
    public Ended endedIn(long version) {
        return ended.getOrDefault(version, Ended.NONE);
    }

    /**
     * This tally and {@code o} added up. A service's tally is the sum of its groups' (1,563 at 100,000 tasks) at each
     * read of a new snapshot, and while tasks launch none has ended: then no map is made.
     */
    public ServiceTally plus(ServiceTally o) {
        if (o.ended.isEmpty() || ended.isEmpty()) {
            if (o.staging == 0 && o.running == 0 && o.ended.isEmpty()) {
                return this;
            }
            return new ServiceTally(staging + o.staging, running + o.running, ended.isEmpty() ? o.ended : ended);
        }
        Map<Long, Ended> sum = new HashMap<>(ended);
        o.ended.forEach((version, e) -> sum.merge(version, e, Ended::plus));
        return new ServiceTally(staging + o.staging, running + o.running, sum);
    }

    /** The tally of some tasks as the API shows them. */
    public static ServiceTally of(Iterable<TaskView> tasks) {
        Counter c = new Counter();
        for (TaskView t : tasks) {
            c.add(t.taskId(), t.state(), t.projectVersion(), t.updatedAt(), t.exitCode(), t.message());
        }
        return c.tally();
    }

    /**
     * Counts tasks one at a time, from their fields, so a backend can count its own records without making a
     * {@link TaskView} of each. The rules are {@link TaskView}'s: staging, running, finished, failed.
     */
    public static final class Counter {
        private int staging;
        private int running;
        private final Map<Long, Versioned> ended = new HashMap<>();

        private static final class Versioned {
            int finished;
            int failed;
            Instant lastAt;
            String lastText;
        }

        public void add(String taskId, String state, long version, Instant updatedAt, Optional<Integer> exitCode,
                        Optional<String> message) {
            if (TaskView.isStaging(state)) {
                staging++;
            } else if (TaskView.isRunning(state)) {
                running++;
            } else if ("TASK_FINISHED".equals(state)) {
                ended.computeIfAbsent(version, v -> new Versioned()).finished++;
            } else if (TaskView.isFailed(state)) {
                Versioned v = ended.computeIfAbsent(version, x -> new Versioned());
                v.failed++;
                if (v.lastAt == null || updatedAt.isAfter(v.lastAt)) {
                    v.lastAt = updatedAt;
                    v.lastText = ServiceStatuses.failureText(taskId, state, exitCode, message);
                }
            }
        }

        public ServiceTally tally() {
            if (staging == 0 && running == 0 && ended.isEmpty()) {
                return EMPTY;
            }
            Map<Long, Ended> out = new HashMap<>();
            ended.forEach((version, v) -> out.put(version, new Ended(v.finished, v.failed,
                    Optional.ofNullable(v.lastAt).map(at -> new Failure(at, v.lastText)))));
            return new ServiceTally(staging, running, out);
        }
    }
}
