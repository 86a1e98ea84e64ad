package io.mesoscompose.state;

/** The state store cannot be opened, read or written; the message says which file or server and why. Subclass: {@link FencedWriteException}. */
public class StateStoreException extends RuntimeException {
    public StateStoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StateStoreException(String message) {
        super(message);
    }
}
