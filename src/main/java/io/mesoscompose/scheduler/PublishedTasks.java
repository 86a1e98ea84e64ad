package io.mesoscompose.scheduler;

import io.mesoscompose.state.TaskRecord;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The tasks the loop publishes with each snapshot, kept as immutable groups of neighbouring replicas per service
 * ({@link ServiceTasks}): a loop step copies only the groups in which a task changed. While 100,000 replicas
 * launch, a step changes a few thousand tasks of neighbouring replicas (the matcher places them in order), so it
 * copies a few groups rather than every task. Loop thread only; what it returns is immutable.
 */
final class PublishedTasks {

    /** Replica positions per group: small enough to copy per change, large enough to keep the groups few. */
    static final int GROUP = 256;

    private record GroupKey(ServiceKey service, int group) {
        static GroupKey of(TaskRecord t) {
            return new GroupKey(ServiceKey.of(t), Math.floorDiv(t.replica(), GROUP));
        }
    }

    private final Map<ServiceKey, TreeMap<Integer, List<TaskRecord>>> groups = new HashMap<>();
    private Map<ServiceKey, ServiceTasks> published = Map.of();

    /**
     * The services' tasks after {@code changed} (tasks put or removed since the last call, in any order, repeats
     * allowed), each looked up as it is now in {@code current} (empty: removed).
     */
    Map<ServiceKey, ServiceTasks> publish(Collection<TaskRecord> changed,
                                          Function<String, Optional<TaskRecord>> current) {
        if (changed.isEmpty()) {
            return published;
        }
        Map<GroupKey, Set<String>> touched = new HashMap<>();
        for (TaskRecord t : changed) {
            touched.computeIfAbsent(GroupKey.of(t), k -> new HashSet<>()).add(t.taskId());
        }
        Set<ServiceKey> services = new HashSet<>();
        touched.forEach((key, ids) -> {
            TreeMap<Integer, List<TaskRecord>> of = groups.computeIfAbsent(key.service(), s -> new TreeMap<>());
            List<TaskRecord> before = of.getOrDefault(key.group(), List.of());
            List<TaskRecord> group = new ArrayList<>(before.size() + ids.size());
            for (TaskRecord t : before) {
                if (!ids.contains(t.taskId())) {
                    group.add(t);
                }
            }
            for (String id : ids) {
                current.apply(id).ifPresent(group::add);
            }
            if (group.isEmpty()) {
                of.remove(key.group());
            } else {
                of.put(key.group(), List.copyOf(group));
            }
            services.add(key.service());
        });
        Map<ServiceKey, ServiceTasks> next = new HashMap<>(published);
        for (ServiceKey s : services) {
            TreeMap<Integer, List<TaskRecord>> of = groups.get(s);
            if (of.isEmpty()) {
                groups.remove(s);
                next.remove(s);
            } else {
                next.put(s, ServiceTasks.of(s, List.copyOf(of.values())));
            }
        }
        published = Map.copyOf(next);
        return published;
    }
}
