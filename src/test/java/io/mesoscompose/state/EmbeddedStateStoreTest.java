package io.mesoscompose.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.h2.mvstore.MVStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedStateStoreTest extends StateStoreContract {

    @TempDir
    Path dir;

    @Override
    protected StateStore create() {
        return EmbeddedStateStore.open(dir);
    }

    @Override
    protected StateStore reopen(StateStore closed) {
        closed.close();
        return EmbeddedStateStore.open(dir);
    }

    @Test
    void aSecondProcessOnTheSameDirectoryIsRefusedClearly() {
        assertThatThrownBy(() -> EmbeddedStateStore.open(dir))
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining(dir.resolve("state.mv.db").toString())
                .hasMessageContaining("locked");
    }

    @Test
    void aStoreFromANewerVersionIsRefused() {
        store.close();
        try (MVStore raw = new MVStore.Builder().fileName(dir.resolve("state.mv.db").toString()).open()) {
            raw.<String, String>openMap("meta").put("schema_version", "99");
        }
        assertThatThrownBy(() -> store = EmbeddedStateStore.open(dir))
                .hasMessageContaining("newer mesos-compose (schema version 99");
        store = EmbeddedStateStore.inMemory();
    }

    @Test
    void manyTasksAreReadBackWholeAndInOrder() {
        List<TaskRecord> many = IntStream.range(0, 12_000)
                .mapToObj(i -> task("shop_web.%05d".formatted(i), i % 2 == 0 ? "shop" : "blog", "TASK_RUNNING", 1))
                .toList();
        store.commit(many.stream().<StateChange>map(StateChange.PutTask::new).toList());
        store = reopen(store);
        assertThat(store.tasks()).as("decoded on several threads, in the store's order").isEqualTo(many);
        assertThat(store.tasksOf("blog")).hasSize(6_000).allMatch(t -> t.project().equals("blog"));
    }

    @Test
    void aStoreWrittenByVersionOneLoadsAndIsRewrittenInTheCurrentForm(@TempDir Path old) throws Exception {
        StoredByVersionOne.copyTo(old);
        try (EmbeddedStateStore opened = EmbeddedStateStore.open(old)) {
            assertThat(opened.frameworkId()).contains(StoredByVersionOne.FRAMEWORK_ID);
            assertThat(opened.projects()).containsExactly(StoredByVersionOne.PROJECT);
            assertThat(opened.tasks()).as("in task ID order").containsExactly(StoredByVersionOne.RUNNING,
                    StoredByVersionOne.STAGING, StoredByVersionOne.FAILED);
            assertThat(opened.task(StoredByVersionOne.FAILED.taskId())).contains(StoredByVersionOne.FAILED);
        }
        try (MVStore raw = new MVStore.Builder().fileName(old.resolve("state.mv.db").toString()).readOnly().open()) {
            assertThat(raw.<String, String>openMap("meta").get("schema_version")).isEqualTo("2");
            assertThat(raw.getMapNames()).contains(EmbeddedStateStore.TASKS).doesNotContain(EmbeddedStateStore.TASKS_V1);
        }
        try (EmbeddedStateStore again = EmbeddedStateStore.open(old)) {
            assertThat(again.tasks()).containsExactlyInAnyOrderElementsOf(StoredByVersionOne.TASKS);
        }
    }

    @Test
    void aVersionOneStoreWithAnUnreadableRecordIsRefusedAndLeftAsItWas(@TempDir Path old) {
        try (MVStore raw = new MVStore.Builder().fileName(old.resolve("state.mv.db").toString()).open()) {
            raw.<String, String>openMap("meta").put("schema_version", "1");
            raw.<String, String>openMap("tasks").put("a", TaskRecordJson.encode(StoredByVersionOne.STAGING));
            raw.<String, String>openMap("tasks").put("b", "{\"taskId\":\"b\"}");
        }
        assertThatThrownBy(() -> EmbeddedStateStore.open(old)).isInstanceOf(StateStoreException.class)
                .hasMessageContaining("field project is missing");
        try (MVStore raw = new MVStore.Builder().fileName(old.resolve("state.mv.db").toString()).readOnly().open()) {
            assertThat(raw.<String, String>openMap("meta").get("schema_version")).isEqualTo("1");
            assertThat(raw.<String, String>openMap("tasks")).containsOnlyKeys("a", "b");
            assertThat(raw.getMapNames()).doesNotContain(EmbeddedStateStore.TASKS);
        }
    }

    @Test
    void aCommitWithAChangeThatCannotBeWrittenWritesNothing() throws Exception {
        TaskRecord good = task("good", "p", "TASK_RUNNING", 1);
        TaskRecord broken = new TaskRecord("broken", "p", "web", 0, 1, "fp", Optional.empty(), Optional.empty(), null,
                TaskRecord.Desired.RUN, Map.of(), Optional.empty(), Optional.empty(), Optional.empty(), 0,
                Instant.EPOCH, Instant.EPOCH, List.of());
        assertThatThrownBy(() -> store.commit(new StateChange.SetFrameworkId("fw"), new StateChange.PutTask(good),
                new StateChange.PutProject(project("p", 1)), new StateChange.PutTask(broken)))
                .isInstanceOf(RuntimeException.class);
        assertThat(store.frameworkId()).isEmpty();
        assertThat(store.tasks()).isEmpty();
        assertThat(store.project("p")).isEmpty();
        assertThat(store.projects()).isEmpty();
        store.commit(new StateChange.PutTask(good));
        store = reopen(store);
        assertThat(store.frameworkId()).isEmpty();
        assertThat(store.tasks()).containsExactly(good);
    }

    @Test
    void aProjectIsReadWithoutWaitingForACommitInProgress() throws Exception {
        store.commit(new StateChange.PutProject(project("shop", 1)));
        synchronized (store) { // what a commit holds until its fsync has returned
            CompletableFuture<List<Optional<ProjectRecord>>> read = CompletableFuture.supplyAsync(
                    () -> List.of(store.project("shop"), store.projects().stream().findFirst()));
            assertThat(read.get(10, TimeUnit.SECONDS)).containsOnly(Optional.of(project("shop", 1)));
        }
    }

    @Test
    void describesWhereItLives() {
        assertThat(store.describe()).isEqualTo("embedded:" + dir.toAbsolutePath());
        assertThat(EmbeddedStateStore.inMemory().describe()).isEqualTo("embedded:in-memory");
    }
}
