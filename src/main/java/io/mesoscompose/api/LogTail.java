package io.mesoscompose.api;

import io.mesoscompose.api.model.LogRead;
import java.util.Optional;

/**
 * Where the last N lines of a file start, found by reading it backwards in windows, as {@code tail -n} does. The
 * file is read through {@link Reader} (the agent's {@code /files/read}, which may return fewer bytes than asked).
 * Pure apart from the reads.
 */
final class LogTail {

    /** Reads {@code length} bytes from {@code offset} (at most; offset -1: the size), as the backend does. */
    @FunctionalInterface
    interface Reader {
        LogRead read(long offset, long length);
    }

    static final int WINDOW = 64 * 1024;
    /** Past this many bytes back, the lines are cut there: a tail of huge lines is not worth more reads. */
    static final long MAX_SCAN = 4L << 20;

    private LogTail() {}

    /**
     * {@code Chunk(start, no data)} where the last {@code lines} lines begin (a final line without a newline counts
     * as a line), or the read that failed.
     */
    static LogRead start(Reader reader, int lines) {
        LogRead size = reader.read(-1, 0);
        if (!(size instanceof LogRead.Chunk sized)) {
            return size;
        }
        long end = sized.offset();
        if (lines == 0 || end == 0) {
            return new LogRead.Chunk(end, new byte[0]);
        }
        long limit = Math.max(0, end - MAX_SCAN);
        int found = 0;
        long windowEnd = end;
        while (windowEnd > limit) {
            long windowStart = Math.max(limit, windowEnd - WINDOW);
            byte[] window = new byte[(int) (windowEnd - windowStart)];
            Optional<LogRead> failed = fill(reader, windowStart, window);
            if (failed.isPresent()) {
                return failed.get();
            }
            for (int i = window.length - 1; i >= 0; i--) {
                long at = windowStart + i;
                if (window[i] == '\n' && at != end - 1 && ++found == lines) {
                    return new LogRead.Chunk(at + 1, new byte[0]);
                }
            }
            windowEnd = windowStart;
        }
        return new LogRead.Chunk(limit, new byte[0]);
    }

    /** Reads {@code into.length} bytes from {@code offset}; the failed read, if one failed. */
    private static Optional<LogRead> fill(Reader reader, long offset, byte[] into) {
        int got = 0;
        while (got < into.length) {
            LogRead read = reader.read(offset + got, into.length - got);
            if (!(read instanceof LogRead.Chunk chunk)) {
                return Optional.of(read);
            }
            if (chunk.length() == 0) {
                return Optional.of(new LogRead.Unavailable("the file became shorter while its end was read"));
            }
            System.arraycopy(chunk.data(), 0, into, got, Math.min(chunk.length(), into.length - got));
            got += chunk.length();
        }
        return Optional.empty();
    }
}
