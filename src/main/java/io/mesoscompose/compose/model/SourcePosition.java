package io.mesoscompose.compose.model;

/** A place in a compose file: 1-based line and column, as editors show them. */
public record SourcePosition(String file, int line, int column) {
    public static final SourcePosition UNKNOWN = new SourcePosition("<unknown>", 0, 0);

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ":" + column : file;
    }
}
