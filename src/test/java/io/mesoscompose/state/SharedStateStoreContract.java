package io.mesoscompose.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every store that highly available instances share must do, and the same way: standbys read but never
 * write, the leader writes under its epoch, and a later epoch's claim fences an earlier leader inside its very next
 * commit, as after a pause (GC, SIGSTOP) during which another instance was elected.
 */
abstract class SharedStateStoreContract {

    private final List<AutoCloseable> opened = new ArrayList<>();

    /** A new shared handle on this test's state (one per instance). */
    protected abstract SharedStateStore openShared();

    /** The same state opened by a process without HA. */
    protected abstract StateStore openSingle();

    private SharedStateStore instance() {
        SharedStateStore store = openShared();
        opened.add(store);
        return store;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
    }

    @Test
    void aStandbyReadsWhatTheLeaderWroteButDoesNotWrite() {
        SharedStateStore leader = instance();
        SharedStateStore standby = instance();
        leader.claim(1);
        leader.commit(new StateChange.SetFrameworkId("fw"), new StateChange.PutProject(StateStoreContract.project("p", 1)));
        assertThat(standby.frameworkId()).contains("fw");
        assertThat(standby.project("p")).isPresent();
        assertThatThrownBy(() -> standby.commit(new StateChange.ClearFrameworkId()))
                .isInstanceOf(FencedWriteException.class)
                .hasMessageContaining("this instance is a standby");
        assertThat(leader.frameworkId()).contains("fw");
    }

    @Test
    void aLaterEpochFencesTheEarlierLeaderInsideItsNextCommit() {
        SharedStateStore old = instance();
        SharedStateStore next = instance();
        old.claim(4);
        old.commit(new StateChange.SetFrameworkId("fw"));
        next.claim(5);  // elected while the old leader was paused: the old one does not know yet
        assertThatThrownBy(() -> old.commit(new StateChange.PutTask(StateStoreContract.task("t", "p", "TASK_STAGING", 1)),
                new StateChange.ClearFrameworkId()))
                .isInstanceOf(FencedWriteException.class)
                .hasMessageContaining("was taken over by mesos-compose on ")
                .hasMessageContaining("leader epoch 5");
        assertThatThrownBy(() -> old.commit(new StateChange.ClearFrameworkId()))
                .as("and stays fenced").isInstanceOf(FencedWriteException.class);
        assertThat(next.tasks()).as("nothing of the refused commit was written").isEmpty();
        assertThat(next.frameworkId()).contains("fw");
        next.commit(new StateChange.PutTask(StateStoreContract.task("t2", "p", "TASK_STAGING", 1)));
        assertThat(old.tasks()).extracting(TaskRecord::taskId).containsExactly("t2");
    }

    @Test
    void anEpochCannotClaimOverAnEqualOrLaterOne() {
        SharedStateStore later = instance();
        later.claim(7);
        SharedStateStore earlier = instance();
        assertThatThrownBy(() -> earlier.claim(6))
                .isInstanceOf(FencedWriteException.class)
                .hasMessageContaining("was claimed by mesos-compose on ")
                .hasMessageContaining("leader epoch 7")
                .hasMessageContaining("as epoch 6, does not write it");
        assertThatThrownBy(() -> instance().claim(7)).isInstanceOf(FencedWriteException.class);
        later.commit(new StateChange.SetFrameworkId("still-mine"));
        assertThat(earlier.frameworkId()).contains("still-mine");
    }

    @Test
    void standingDownStopsWritingAndALaterClaimWritesAgain() {
        SharedStateStore store = instance();
        store.claim(1);
        store.standDown();
        assertThatThrownBy(() -> store.commit(new StateChange.SetFrameworkId("x")))
                .isInstanceOf(FencedWriteException.class);
        store.claim(2);
        store.commit(new StateChange.SetFrameworkId("x"));
        assertThat(store.frameworkId()).contains("x");
    }

    @Test
    void aProcessWithoutHaAndHighlyAvailableInstancesExcludeEachOther() throws Exception {
        try (StateStore single = openSingle()) {
            single.commit(new StateChange.SetFrameworkId("single"));
            assertThatThrownBy(() -> instance().claim(1))
                    .isInstanceOf(FencedWriteException.class)
                    .hasMessageContaining("which runs without --ha");
            assertThat(single.frameworkId()).contains("single");
        }
        SharedStateStore leader = instance();
        leader.claim(1);
        assertThat(leader.frameworkId()).contains("single");
        assertThatThrownBy(this::openSingle)
                .isInstanceOf(StateStoreException.class)
                .hasMessageContaining("is used by highly available instances")
                .hasMessageContaining("start this one with --ha too");
    }
}
