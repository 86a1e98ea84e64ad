package io.mesoscompose.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
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
    void describesWhereItLives() {
        assertThat(store.describe()).isEqualTo("embedded:" + dir.toAbsolutePath());
        assertThat(EmbeddedStateStore.inMemory().describe()).isEqualTo("embedded:in-memory");
    }
}
