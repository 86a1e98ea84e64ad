package io.mesoscompose.api;

/**
 * The backend cannot carry out a request now, and nothing of it was done: its state store refused the write (a lost
 * ZooKeeper or Redis connection) or this instance lost its leadership meanwhile. The API answers 503 with the
 * message and a {@code Retry-After}: the same request may be sent again.
 */
public final class UnavailableException extends RuntimeException {

    public UnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
