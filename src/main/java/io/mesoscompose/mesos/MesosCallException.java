package io.mesoscompose.mesos;

/** A call to the master that did not get a 202 Accepted (or could not be sent at all). */
public class MesosCallException extends RuntimeException {
    private final int httpStatus;

    public MesosCallException(String message, int httpStatus, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
    }

    /** The master's HTTP status, or 0 when no answer was received. */
    public int httpStatus() {
        return httpStatus;
    }
}
