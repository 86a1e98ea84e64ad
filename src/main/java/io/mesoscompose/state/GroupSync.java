package io.mesoscompose.state;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forces a store's file to the disk on a thread of its own, so that the committing thread does not wait for the
 * disk: a commit writes its changes (once written they survive a {@code kill -9}: they are in the kernel's page
 * cache) and returns; this thread then forces the file (fsync), once for every commit written before it started
 * (a group commit), and completes the futures of those who wait for them ({@link #durable}), such as the calls that
 * must not reach Mesos before the records they depend on would survive a power loss.
 *
 * <p>Why: the scheduler's loop committed and forced about two hundred times a second while launching 100,000 tasks,
 * and waited for each force; most took under a millisecond, but on a busy disk some took 100-180 ms, and the loop,
 * and every operator's request waiting for it, waited with them (docs/benchmarks.md).
 *
 * <p>A force that fails leaves the file in a state nobody knows (the kernel may have dropped the pages it could not
 * write): every commit after it is refused ({@link #check}), and every waiter fails, so that nothing that depends on
 * it is sent. Only a new process, reading the file again, can go on.
 */
final class GroupSync implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupSync.class);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private record Waiter(long commit, CompletableFuture<Void> done) {}

    private final Runnable force;
    private final String file;
    private final Thread thread; // null: commits are durable once written (a store without a file)
    // All guarded by this.
    private long written;
    private long synced;
    private RuntimeException failed;
    private boolean closed;
    private final ArrayDeque<Waiter> waiting = new ArrayDeque<>(); // in commit order

    private GroupSync(String file, Runnable force, boolean ownThread) {
        this.file = file;
        this.force = force;
        this.thread = ownThread ? Thread.ofPlatform().daemon().name("state-sync").start(this::run) : null;
    }

    /** Forces {@code file} with {@code force} (which throws when it fails) on a thread of its own. */
    static GroupSync forcing(String file, Runnable force) {
        return new GroupSync(file, force, true);
    }

    /** For a store without a file: every commit is as durable as it gets once written. */
    static GroupSync none() {
        return new GroupSync("(no file)", () -> { }, false);
    }

    /** Throws when a force failed: no commit may be made on a file in an unknown state. */
    synchronized void check() {
        if (failed != null) {
            throw new StateStoreException("the state file " + file + " could not be forced to the disk ("
                    + failed.getMessage() + "); what it holds is not known: restart mesos-compose to read it again",
                    failed);
        }
    }

    /** A commit was written (called by the committing thread, after the write, in commit order). */
    synchronized void written() {
        written++;
        if (thread == null) {
            synced = written;
        } else if (closed) { // a commit after close: forced here, as nobody else will
            force.run();
            synced = written;
            waiting.forEach(w -> w.done().complete(null));
            waiting.clear();
        } else {
            notifyAll();
        }
    }

    /** Completes once every commit written before this call is on the disk; fails if a force failed. */
    synchronized CompletableFuture<Void> durable() {
        if (failed != null) {
            return CompletableFuture.failedFuture(failed);
        }
        if (synced == written) {
            return DONE;
        }
        Waiter last = waiting.peekLast();
        if (last != null && last.commit() == written) {
            return last.done(); // the same commits: one future
        }
        Waiter w = new Waiter(written, new CompletableFuture<>());
        waiting.add(w);
        return w.done();
    }

    private void run() {
        while (true) {
            long target;
            synchronized (this) {
                while (synced == written && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        // Never interrupted on purpose: an interrupt during a force closes the file's channel.
                    }
                }
                if (synced == written || failed != null) {
                    return; // closed, and every commit forced
                }
                target = written;
            }
            RuntimeException failure = null;
            try {
                force.run();
            } catch (RuntimeException e) {
                failure = e;
                LOG.error("the state file {} could not be forced to the disk: {}; no commit is accepted any more",
                        file, e.getMessage());
            }
            List<Waiter> done = new ArrayList<>();
            synchronized (this) {
                if (failure != null) {
                    failed = failure;
                    done.addAll(waiting);
                    waiting.clear();
                } else {
                    synced = Math.max(synced, target);
                    while (!waiting.isEmpty() && waiting.peekFirst().commit() <= target) {
                        done.add(waiting.pollFirst());
                    }
                }
                notifyAll();
            }
            // Outside the lock: completing runs what waited (it may commit again).
            for (Waiter w : done) {
                if (failure == null) {
                    w.done().complete(null);
                } else {
                    w.done().completeExceptionally(failure);
                }
            }
            if (failure != null) {
                return;
            }
        }
    }

    /** Forces what was written and not forced yet, and stops the thread (before the file is closed). */
    @Override
    public void close() {
        if (thread == null) {
            return;
        }
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            if (!thread.join(CLOSE_WAIT)) {
                LOG.warn("the state file {} was still being forced after {} s", file, CLOSE_WAIT.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
