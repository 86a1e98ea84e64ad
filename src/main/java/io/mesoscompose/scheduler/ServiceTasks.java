package io.mesoscompose.scheduler;

import io.mesoscompose.state.TaskRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The tasks of one service as a snapshot shows them, in groups of neighbouring replicas
 * ({@link PublishedTasks#GROUP} replica positions each). A group no task of which changed is the same object in the
 * next snapshot, so readers can keep what they derived from it (task views, counts) by its identity, and publishing
 * a snapshot costs the groups that changed, not the service's tasks. Immutable.
 *
 * @param groups the groups, each unmodifiable and never empty
 */
public record ServiceTasks(ServiceKey service, List<List<TaskRecord>> groups, int size) {

    public static ServiceTasks of(ServiceKey service, List<List<TaskRecord>> groups) {
        List<List<TaskRecord>> copy = groups.stream().map(List::copyOf).toList(); // a no-op for unmodifiable groups
        return new ServiceTasks(service, copy, copy.stream().mapToInt(List::size).sum());
    }

    public ServiceTasks {
        groups = List.copyOf(groups);
    }

    public Stream<TaskRecord> stream() {
        return groups.stream().flatMap(List::stream);
    }

    /** Every task of the service, in one list made now. */
    public List<TaskRecord> list() {
        List<TaskRecord> out = new ArrayList<>(size);
        groups.forEach(out::addAll);
        return out;
    }
}
