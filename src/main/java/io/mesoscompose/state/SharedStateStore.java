package io.mesoscompose.state;

/**
 * A state that several framework instances keep open at once, for high availability (see the {@code ha} package):
 * every instance reads it, and only the elected leader writes it, under its epoch.
 *
 * <p>Opened, the store does not write at all (a standby). {@link #claim} makes this object the writer for a leader
 * epoch: from then on each commit carries that epoch, and the store refuses it with {@link FencedWriteException}
 * as soon as a later epoch has claimed the state. The check is part of the commit's own transaction (Redis: the
 * owner key under {@code WATCH}; ZooKeeper: a versioned write of the owner znode inside the multi-op), so a leader
 * that was paused while another was elected cannot write a single change after waking up. Epochs come from the
 * election and only grow.
 */
public interface SharedStateStore extends StateStore {

    /**
     * Makes {@code epoch} the writer of the state, and finishes (or undoes) a commit that an earlier writer left
     * unfinished, so reads after it show whole commits only.
     *
     * @throws FencedWriteException when this or a later epoch has claimed the state already, or a process that is
     *                              not highly available (no {@code --ha}) holds it
     */
    void claim(long epoch);

    /** Stops writing (leadership lost): later commits by this object are refused; reads go on. */
    void standDown();
}
