package io.mesoscompose.api.model;

/**
 * The answer to reading a task's output file at an offset, as the agent's {@code /files/read} gives it: bytes from
 * {@code offset}, or the file's size when asked for offset -1. Or why there is nothing to read.
 */
public sealed interface LogRead {

    /**
     * @param offset where {@code data} starts; for a size request (offset -1) the file's size, with no data
     * @param data   at most the length asked for, fewer at the end of the file or when the agent caps a read
     */
    record Chunk(long offset, byte[] data) implements LogRead {
        public Chunk {
            data = data.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }

        public int length() {
            return data.length;
        }
    }

    /** Nothing to read: no such task, not placed yet, or its sandbox (or the file) is not, or no longer, there. */
    record Missing(String message) implements LogRead {}

    /** The master or the agent could not be asked, or answered with an error; a later read may work. */
    record Unavailable(String message) implements LogRead {}
}
