package io.mesoscompose.config;

/**
 * A password, token or secret from the configuration. Wrapped so that printing a settings record — in a log line,
 * an exception, a debugger — shows {@code ****} and never the value; {@link #reveal()} is the one way to read it.
 */
public record Secret(String value) {

    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "****";
    }
}
