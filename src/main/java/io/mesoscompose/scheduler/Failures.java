package io.mesoscompose.scheduler;

import java.util.concurrent.CompletionException;

/** What a failed future says, without the wrapper that {@code CompletableFuture} puts around it. */
final class Failures {

    private Failures() {
    }

    /** The cause of a {@link CompletionException} (when it has one); any other failure as it is; null as null. */
    static Throwable unwrapped(Throwable failure) {
        return failure instanceof CompletionException c && c.getCause() != null ? c.getCause() : failure;
    }
}
