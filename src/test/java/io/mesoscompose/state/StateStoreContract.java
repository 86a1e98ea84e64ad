package io.mesoscompose.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.compose.SourceFile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every StateStore must do; each implementation runs this suite. */
abstract class StateStoreContract {

    protected StateStore store;

    /** A new, empty store. */
    protected abstract StateStore create() throws Exception;

    /** The same store closed and opened again (for stores that outlive the object). */
    protected abstract StateStore reopen(StateStore closed) throws Exception;

    @BeforeEach
    void open() throws Exception {
        store = create();
    }

    @AfterEach
    void close() {
        store.close();
    }

    static ProjectRecord project(String name, long version) {
        return new ProjectRecord(name, version, List.of(new SourceFile("compose.yml", "services: {a: {image: \"x:${TAG}\"}}\n")),
                Map.of("TAG", "1"), ProjectRecord.Desired.RUNNING, Instant.parse("2026-11-25T06:00:00Z"));
    }

    static TaskRecord task(String id, String project, String state, int transitions) {
        List<TaskRecord.Transition> history = new ArrayList<>();
        for (int i = 0; i < transitions; i++) {
            history.add(new TaskRecord.Transition("S" + i, Instant.ofEpochSecond(i), Optional.of("r" + i)));
        }
        return new TaskRecord(id, project, "web", 0, 1, "fp", Optional.of("agent-1"), Optional.of("host-1"), state,
                TaskRecord.Desired.RUN, Map.of("80", 31000), Optional.of("ok"), Optional.of(0), Optional.empty(), 2,
                Instant.ofEpochSecond(100), Instant.ofEpochSecond(200), history);
    }

    @Test
    void emptyAtFirst() {
        assertThat(store.frameworkId()).isEmpty();
        assertThat(store.projects()).isEmpty();
        assertThat(store.tasks()).isEmpty();
    }

    @Test
    void recordsRoundTripExactly() {
        ProjectRecord p = project("shop", 3);
        TaskRecord t = task("shop_web.1", "shop", "TASK_RUNNING", 3);
        store.commit(new StateChange.SetFrameworkId("fw-1"), new StateChange.PutProject(p), new StateChange.PutTask(t));
        assertThat(store.frameworkId()).contains("fw-1");
        assertThat(store.project("shop")).contains(p);
        assertThat(store.project("shop").orElseThrow().variables()).containsEntry("TAG", "1");
        assertThat(store.projects()).containsExactly(p);
        assertThat(store.task("shop_web.1")).contains(t);
        assertThat(store.tasksOf("shop")).containsExactly(t);
        assertThat(store.tasksOf("other")).isEmpty();
    }

    @Test
    void aProjectKeepsItsServicesUpdateStatusesAndItsPreviousVersion() throws Exception {
        ProjectRecord.UpdateStatus paused = new ProjectRecord.UpdateStatus(ProjectRecord.UpdateStatus.State.PAUSED,
                "update paused due to failure or early termination of task shop_a.1", Instant.parse("2026-11-25T06:01:00Z"));
        ProjectRecord p = project("shop", 2).withPrevious(Optional.of(project("shop", 1))).withUpdate("a", paused);
        store.commit(new StateChange.PutProject(p));
        assertThat(store.project("shop")).contains(p);
        store = reopen(store);
        assertThat(store.project("shop")).contains(p);
        assertThat(store.project("shop").orElseThrow().previous()).contains(project("shop", 1));
    }

    @Test
    void historyIsCapped() {
        TaskRecord t = task("a", "p", "TASK_RUNNING", TaskRecord.HISTORY_LIMIT + 7);
        store.commit(new StateChange.PutTask(t));
        List<TaskRecord.Transition> kept = store.task("a").orElseThrow().history();
        assertThat(kept).hasSize(TaskRecord.HISTORY_LIMIT);
        assertThat(kept.getLast().state()).isEqualTo("S" + (TaskRecord.HISTORY_LIMIT + 6));
    }

    @Test
    void deletesAndClear() {
        store.commit(new StateChange.SetFrameworkId("fw"), new StateChange.PutProject(project("p", 1)),
                new StateChange.PutTask(task("t", "p", "TASK_FINISHED", 1)));
        store.commit(new StateChange.ClearFrameworkId(), new StateChange.DeleteProject("p"),
                new StateChange.DeleteTask("t"));
        assertThat(store.frameworkId()).isEmpty();
        assertThat(store.projects()).isEmpty();
        assertThat(store.tasks()).isEmpty();
    }

    @Test
    void laterChangesInOneCommitWin() {
        store.commit(new StateChange.PutTask(task("t", "p", "TASK_STAGING", 1)),
                new StateChange.PutTask(task("t", "p", "TASK_RUNNING", 2)));
        assertThat(store.task("t").orElseThrow().state()).isEqualTo("TASK_RUNNING");
    }

    @Test
    void everythingIsThereAfterReopening() throws Exception {
        store.commit(new StateChange.SetFrameworkId("fw-9"), new StateChange.PutProject(project("p", 2)),
                new StateChange.PutTask(task("t1", "p", "TASK_RUNNING", 2)),
                new StateChange.PutTask(task("t2", "p", "TASK_FAILED", 4)));
        store = reopen(store);
        assertThat(store.frameworkId()).contains("fw-9");
        assertThat(store.project("p")).contains(project("p", 2));
        assertThat(store.tasks()).extracting(TaskRecord::taskId).containsExactlyInAnyOrder("t1", "t2");
    }
}
