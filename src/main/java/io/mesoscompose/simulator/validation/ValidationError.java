package io.mesoscompose.simulator.validation;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a Mesos validation function returns when it refuses: its message, word for word. (Not called {@code Error}:
 * that would shadow {@link java.lang.Error}.)
 */
public record ValidationError(String message) {

    static Optional<ValidationError> error(String message) {
        return Optional.of(new ValidationError(message));
    }

    /** This error with {@code prefix} in front, as Mesos wraps an inner function's error. */
    ValidationError prefixed(String prefix) {
        return new ValidationError(prefix + message);
    }

    /**
     * Runs the rules in order and returns the first error, as every {@code validate} in Mesos' validation.cpp does
     * with its vector of validators. The list is the table of rules; later rules do not run after an error.
     */
    static Optional<ValidationError> first(List<Supplier<Optional<ValidationError>>> rules) {
        for (Supplier<Optional<ValidationError>> rule : rules) {
            Optional<ValidationError> error = rule.get();
            if (error.isPresent()) {
                return error;
            }
        }
        return Optional.empty();
    }
}
