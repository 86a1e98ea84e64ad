package io.mesoscompose.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class GroupSyncTest {

    /** A force the test lets through one at a time, counting them; it fails while {@link #failing} is set. */
    private static final class Disk implements Runnable {
        final AtomicInteger forces = new AtomicInteger();
        final Semaphore started = new Semaphore(0);
        final Semaphore gate = new Semaphore(0);
        volatile boolean failing;

        @Override
        public void run() {
            forces.incrementAndGet();
            started.release();
            gate.acquireUninterruptibly();
            if (failing) {
                throw new IllegalStateException("No space left on device (test)");
            }
        }

        void awaitStarted() throws InterruptedException {
            assertThat(started.tryAcquire(5, TimeUnit.SECONDS)).as("a force started").isTrue();
        }
    }

    @Test
    void aCommitIsDurableOnlyOnceAForceAfterItHasEnded() throws Exception {
        Disk disk = new Disk();
        try (GroupSync sync = GroupSync.forcing("state.mv.db", disk)) {
            assertThat(sync.durable()).as("nothing written: durable").isDone();
            sync.written();
            CompletableFuture<Void> first = sync.durable();
            disk.awaitStarted();
            Thread.sleep(50);
            assertThat(first).as("the force has not ended").isNotDone();

            disk.gate.release();
            first.get(5, TimeUnit.SECONDS);
            assertThat(sync.durable()).isDone();
            assertThat(disk.forces).hasValue(1);
        }
    }

    /** Commits written while a force runs are forced together by the next one: one force, not one each. */
    @Test
    void theCommitsWrittenDuringAForceShareTheNextOne() throws Exception {
        Disk disk = new Disk();
        try (GroupSync sync = GroupSync.forcing("state.mv.db", disk)) {
            sync.written();
            CompletableFuture<Void> first = sync.durable();
            disk.awaitStarted(); // forcing commit 1
            sync.written();
            CompletableFuture<Void> second = sync.durable();
            sync.written();
            sync.written();
            CompletableFuture<Void> fourth = sync.durable();
            assertThat(sync.durable()).as("the same commits: the same future").isSameAs(fourth);

            disk.gate.release();
            first.get(5, TimeUnit.SECONDS);
            assertThat(second).as("written after the first force began").isNotDone();
            disk.awaitStarted(); // forcing commits 2 to 4 at once
            disk.gate.release();
            second.get(5, TimeUnit.SECONDS);
            fourth.get(5, TimeUnit.SECONDS);
            assertThat(disk.forces).hasValue(2);
        }
    }

    /** After a failed force the file's state is not known: waiters fail, and no commit is accepted any more. */
    @Test
    void aFailedForceFailsItsWaitersAndRefusesFurtherCommits() throws Exception {
        Disk disk = new Disk();
        disk.failing = true;
        try (GroupSync sync = GroupSync.forcing("/var/lib/mesos-compose/state.mv.db", disk)) {
            sync.check(); // fine so far
            sync.written();
            CompletableFuture<Void> waiting = sync.durable();
            disk.gate.release();
            assertThat(waiting).failsWithin(Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
                    .havingCause().withMessageContaining("No space left on device (test)");
            assertThatThrownBy(sync::check).isInstanceOf(StateStoreException.class)
                    .hasMessageContaining("/var/lib/mesos-compose/state.mv.db")
                    .hasMessageContaining("No space left on device (test)")
                    .hasMessageContaining("restart mesos-compose");
            assertThat(sync.durable()).isCompletedExceptionally();
        }
    }

    @Test
    void closeForcesWhatWasWrittenAndACommitAfterItIsForcedAtOnce() throws Exception {
        Disk disk = new Disk();
        GroupSync sync = GroupSync.forcing("state.mv.db", disk);
        sync.written();
        disk.awaitStarted();
        sync.written(); // not forced yet
        CompletableFuture<Void> second = sync.durable();
        Thread closing = Thread.ofVirtual().start(sync::close);
        disk.gate.release(2); // the force in progress, and the one close waits for
        closing.join(Duration.ofSeconds(5));
        assertThat(closing.isAlive()).isFalse();
        assertThat(second).isDone();
        assertThat(disk.forces).hasValue(2);

        disk.gate.release();
        sync.written(); // after close nobody else forces it
        assertThat(disk.forces).hasValue(3);
        assertThat(sync.durable()).isDone();
    }

    @Test
    void withoutAFileEveryCommitIsDurableOnceWritten() {
        GroupSync sync = GroupSync.none();
        sync.written();
        assertThat(sync.durable()).isDone();
        sync.close();
    }
}
