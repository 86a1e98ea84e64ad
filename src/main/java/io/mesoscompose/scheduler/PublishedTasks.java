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
import java.util.function.Function;

/**
 * The tasks the loop publishes with each snapshot, kept as immutable groups of neighbouring replicas per service
 * ({@link ServiceTasks}): a loop step copies only the groups in which a task changed. While 100,000 replicas
 * launch, a step changes a few thousand tasks, so it copies a few thousand tasks' worth of groups (at most
 * {@link #GROUP} per changed task, fewer when they are neighbours) and the list of the service's groups, rather
 * than every task. Loop thread only; what it returns is immutable.
 */
final class PublishedTasks {

    /**
     * Replica positions per group: what a change costs to publish (the group is copied) against how many groups a
     * service has (their list is copied per publish, and readers keep what they derive per group). At 100,000
     * replicas, 256 made copying groups a fifth of the scheduler loop's time while it launched. At most 64: a group's
     * changed positions are bits of a {@code long} ({@link Touched}).
     */
    static final int GROUP = 64;

    private record GroupKey(ServiceKey service, int group) {
        static GroupKey of(TaskRecord t) {
            return new GroupKey(ServiceKey.of(t), Math.floorDiv(t.replica(), GROUP));
        }
    }

    /** A service's groups by number (null: none of its replica positions has a task), and how many tasks they hold. */
    private static final class Groups {
        final List<List<TaskRecord>> byNumber = new ArrayList<>();
        int nonEmpty;
        int size;

        List<TaskRecord> get(int number) {
            List<TaskRecord> g = number < byNumber.size() ? byNumber.get(number) : null;
            return g == null ? List.of() : g;
        }

        void set(int number, List<TaskRecord> group) {
            while (byNumber.size() <= number) {
                byNumber.add(null);
            }
            List<TaskRecord> before = byNumber.set(number, group.isEmpty() ? null : group);
            nonEmpty += (group.isEmpty() ? 0 : 1) - (before == null ? 0 : 1);
        }

        /** The groups with tasks, in order: one pass and one copy, where a sorted map of them cost two and a walk. */
        List<List<TaskRecord>> nonEmpty() {
            Object[] out = new Object[nonEmpty];
            int k = 0;
            for (List<TaskRecord> g : byNumber) {
                if (g != null) {
                    out[k++] = g;
                }
            }
            @SuppressWarnings("unchecked")
            List<List<TaskRecord>> list = (List<List<TaskRecord>>) (List<?>) List.of(out);
            return list;
        }
    }

    /**
     * A group's tasks changed since the last publish, and their replica positions in the group as bits: a task of the
     * group at any other position is kept without looking its ID up (that lookup, for every task of every group
     * copied, was a twentieth of the loop's time while 100,000 replicas launched).
     */
    private static final class Touched {
        final Set<String> ids = new HashSet<>();
        long positions;

        void add(TaskRecord t) {
            ids.add(t.taskId());
            positions |= bit(t);
        }

        boolean changed(TaskRecord t) {
            return (positions & bit(t)) != 0 && ids.contains(t.taskId());
        }

        private static long bit(TaskRecord t) {
            return 1L << Math.floorMod(t.replica(), GROUP);
        }
    }

    private final Map<ServiceKey, Groups> groups = new HashMap<>();
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
        Map<GroupKey, Touched> touched = new HashMap<>();
        for (TaskRecord t : changed) {
            touched.computeIfAbsent(GroupKey.of(t), k -> new Touched()).add(t);
        }
        Set<ServiceKey> services = new HashSet<>();
        touched.forEach((key, changes) -> {
            Groups of = groups.computeIfAbsent(key.service(), s -> new Groups());
            List<TaskRecord> before = of.get(key.group());
            List<TaskRecord> group = new ArrayList<>(before.size() + changes.ids.size());
            for (TaskRecord t : before) {
                if (!changes.changed(t)) {
                    group.add(t);
                }
            }
            for (String id : changes.ids) {
                current.apply(id).ifPresent(group::add);
            }
            of.size += group.size() - before.size();
            of.set(key.group(), List.copyOf(group)); // immutable: ServiceTasks.of takes it as it is
            services.add(key.service());
        });
        Map<ServiceKey, ServiceTasks> next = new HashMap<>(published);
        for (ServiceKey s : services) {
            Groups of = groups.get(s);
            if (of.nonEmpty == 0) {
                groups.remove(s);
                next.remove(s);
            } else {
                // The groups are unmodifiable already: ServiceTasks.of would copy each again and count them.
                next.put(s, new ServiceTasks(s, of.nonEmpty(), of.size));
            }
        }
        published = Map.copyOf(next);
        return published;
    }
}
