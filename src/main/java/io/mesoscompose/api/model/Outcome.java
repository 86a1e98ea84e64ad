package io.mesoscompose.api.model;

/** The answer to an operation on something that exists or not (kill, restart, scale, ...). */
public sealed interface Outcome {

    /** Done, or accepted to be done by the scheduler; {@code message} says what was done. */
    record Done(String message) implements Outcome {}

    /** The project, service or task named does not exist. */
    record NotFound(String message) implements Outcome {}

    /** The request is understood but not possible (e.g. negative replicas). */
    record Refused(String message) implements Outcome {}

    static Outcome done(String message) {
        return new Done(message);
    }

    static Outcome notFound(String message) {
        return new NotFound(message);
    }

    static Outcome refused(String message) {
        return new Refused(message);
    }

    String message();
}
