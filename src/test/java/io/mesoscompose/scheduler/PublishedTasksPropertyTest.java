package io.mesoscompose.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.state.TaskRecord;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The tasks a snapshot publishes are the task table's, whatever was put, changed and removed in between; and a
 * group of replicas in which nothing changed is the very same object in the next snapshot (what lets the API keep
 * the views and counts it made of it).
 */
class PublishedTasksPropertyTest {

    /**
     * One change: put task {@code id} in {@code state}, or remove it; a task keeps the service ({@code id} mod 3) and
     * the replica it was first given.
     */
    record Change(boolean remove, int id, int replica, String state, boolean publishAfter) {}

    @Provide
    Arbitrary<List<Change>> changes() {
        return Combinators.combine(Arbitraries.of(false, false, false, true), Arbitraries.integers().between(0, 400), Arbitraries.integers().between(0, 1200),
                Arbitraries.of("TASK_STAGING", "TASK_RUNNING", "TASK_FAILED"), Arbitraries.of(false, false, true))
                .as(Change::new).list().ofMaxSize(300);
    }

    @Property(tries = 200)
    void publishedTasksAreTheTablesAndUnchangedGroupsAreShared(@ForAll("changes") List<Change> changes) {
        TaskTable table = new TaskTable();
        PublishedTasks published = new PublishedTasks();
        Map<Integer, Integer> replicaOf = new HashMap<>();  // a task keeps its service and replica
        Map<ServiceKey, ServiceTasks> last = published.publish(table.takeUnpublished(), table::get);
        Set<Object> touchedGroups = new HashSet<>();
        for (Change c : changes) {
            String id = "t" + c.id();
            int replica = replicaOf.computeIfAbsent(c.id(), x -> c.replica());
            String service = "s" + (c.id() % 3);
            if (c.remove()) {
                table.remove(id);
            } else {
                table.put(task(id, service, replica, c.state()));
            }
            touchedGroups.add(service + "#" + replica / PublishedTasks.GROUP);
            if (c.publishAfter()) {
                Map<ServiceKey, ServiceTasks> next = published.publish(table.takeUnpublished(), table::get);
                assertSameAsTable(next, table);
                assertUntouchedGroupsShared(last, next, touchedGroups);
                touchedGroups.clear();
                last = next;
            }
        }
        assertSameAsTable(published.publish(table.takeUnpublished(), table::get), table);
    }

    @Test
    void aSnapshotWithNothingChangedIsTheSameMap() {
        TaskTable table = new TaskTable();
        PublishedTasks published = new PublishedTasks();
        table.put(task("a", "web", 0, "TASK_RUNNING"));
        Map<ServiceKey, ServiceTasks> first = published.publish(table.takeUnpublished(), table::get);
        assertThat(published.publish(table.takeUnpublished(), table::get)).isSameAs(first);
    }

    @Test
    void aServiceWhoseLastTaskIsRemovedIsNoLongerPublished() {
        TaskTable table = new TaskTable();
        PublishedTasks published = new PublishedTasks();
        table.put(task("a", "web", 0, "TASK_RUNNING"));
        table.put(task("b", "db", 300, "TASK_RUNNING"));
        published.publish(table.takeUnpublished(), table::get);
        table.remove("b");
        Map<ServiceKey, ServiceTasks> next = published.publish(table.takeUnpublished(), table::get);
        assertThat(next).containsOnlyKeys(new ServiceKey("p", "web"));
        assertThat(next.get(new ServiceKey("p", "web")).list()).extracting(TaskRecord::taskId).containsExactly("a");
    }

    private static void assertSameAsTable(Map<ServiceKey, ServiceTasks> published, TaskTable table) {
        Map<ServiceKey, Map<String, TaskRecord>> expected = new HashMap<>();
        table.all().forEach(t -> expected.computeIfAbsent(ServiceKey.of(t), k -> new HashMap<>()).put(t.taskId(), t));
        Map<ServiceKey, Map<String, TaskRecord>> actual = new HashMap<>();
        published.forEach((key, tasks) -> {
            assertThat(tasks.groups()).allSatisfy(g -> assertThat(g).isNotEmpty());
            assertThat(tasks.size()).isEqualTo(tasks.list().size());
            tasks.stream().forEach(t -> {
                assertThat(ServiceKey.of(t)).isEqualTo(key);
                assertThat(actual.computeIfAbsent(key, k -> new HashMap<>()).put(t.taskId(), t)).isNull();
            });
        });
        assertThat(actual).isEqualTo(expected);
    }

    /** Every group of {@code before} whose replicas saw no change is among {@code after}'s groups, as the same object. */
    private static void assertUntouchedGroupsShared(Map<ServiceKey, ServiceTasks> before,
                                                    Map<ServiceKey, ServiceTasks> after, Set<Object> touched) {
        Map<List<TaskRecord>, Boolean> afterGroups = new IdentityHashMap<>();
        after.values().forEach(s -> s.groups().forEach(g -> afterGroups.put(g, true)));
        before.forEach((key, tasks) -> tasks.groups().forEach(group -> {
            int g = group.get(0).replica() / PublishedTasks.GROUP;
            if (!touched.contains(key.service() + "#" + g)) {
                assertThat(afterGroups).as("group %s#%d unchanged", key, g).containsKey(group);
            }
        }));
    }

    private static TaskRecord task(String id, String service, int replica, String state) {
        Instant at = Instant.parse("2026-11-30T12:00:00Z");
        return new TaskRecord(id, "p", service, replica, 1, "f1", Optional.of("a1"), Optional.of("a1.example"), state,
                TaskRecord.Desired.RUN, Map.of(), Optional.empty(), Optional.empty(), Optional.empty(), 0, at, at,
                List.of());
    }
}
