package io.mesoscompose.state;

/**
 * A commit refused because this process no longer owns the state: another process took it over (a later leader
 * epoch, or a lease this process let expire), or this process is a standby that never claimed it. Nothing of the
 * commit was written. The process must stop scheduling: whatever it decided is no longer its decision to make.
 */
public final class FencedWriteException extends StateStoreException {
    public FencedWriteException(String message) {
        super(message);
    }
}
