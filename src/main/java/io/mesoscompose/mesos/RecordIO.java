package io.mesoscompose.mesos;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * RecordIO, the framing of the Mesos v1 event stream: each record is its length in bytes as ASCII decimal, a
 * newline, then that many bytes ({@code "<length>\n<bytes>"}). See Mesos' docs/recordio.md.
 *
 * <p>The only place in the project that frames or unframes records: the client reads with {@link Reader}, the
 * simulator writes with {@link #write}.
 */
public final class RecordIO {

    /** Longest length prefix accepted; guards against reading garbage as a huge length. */
    private static final int MAX_LENGTH_DIGITS = 19;

    private RecordIO() {}

    /** Writes one record and flushes, so the peer sees it at once. */
    public static void write(OutputStream out, byte[] record) throws IOException {
        append(out, record);
        out.flush();
    }

    /** Writes one record without flushing: the writer of a burst of records flushes once after the last. */
    public static void append(OutputStream out, byte[] record) throws IOException {
        out.write(Integer.toString(record.length).getBytes(StandardCharsets.US_ASCII));
        out.write('\n');
        out.write(record);
    }

    /**
     * A record as read: its bytes are {@code bytes[0, length)}, in an array that the reader may fill with the next
     * record (copy what must stay).
     */
    public record Record(byte[] bytes, int length) {
        public byte[] copy() {
            return Arrays.copyOf(bytes, length);
        }
    }

    /** Reads records one by one from a stream. Not thread-safe; one reader per stream. */
    public static final class Reader {
        /**
         * Records up to this long are read into one array the reader keeps, grown as needed; a longer one into an
         * array of its own. The event stream of a launch of 100,000 tasks carries 200,000 status updates, each in an
         * array of its own before (the reader's arrays: 130 MB in a whole benchmark run of 100,000, then 38 MB).
         */
        static final int REUSED_UP_TO = 1 << 20;

        private final InputStream in;
        private final long maxRecordBytes;
        private byte[] buffer = new byte[4096];

        /** @param maxRecordBytes a record announced as longer than this is a protocol error, not an allocation */
        public Reader(InputStream in, long maxRecordBytes) {
            this.in = in;
            this.maxRecordBytes = maxRecordBytes;
        }

        /** The next record in an array of its own, or empty at a clean end of stream (between records). */
        public Optional<byte[]> next() throws IOException {
            return nextRecord().map(Record::copy);
        }

        /**
         * The next record, valid until the next call (see {@link Record}), or empty at a clean end of stream
         * (between records).
         *
         * @throws IOException on a broken record: bad length prefix, or end of stream inside a record
         */
        public Optional<Record> nextRecord() throws IOException {
            long length = 0;
            int digits = 0;
            while (true) {
                int c = in.read();
                if (c == -1) {
                    if (digits == 0) {
                        return Optional.empty();
                    }
                    throw new EOFException("RecordIO stream ended inside a length prefix");
                }
                if (c == '\n') {
                    if (digits == 0) {
                        throw new IOException("RecordIO record with an empty length prefix");
                    }
                    break;
                }
                if (c < '0' || c > '9' || ++digits > MAX_LENGTH_DIGITS) {
                    throw new IOException("RecordIO length prefix is not a decimal number (byte " + c + ")");
                }
                length = length * 10 + (c - '0');
            }
            if (length > maxRecordBytes) {
                throw new IOException("RecordIO record of " + length + " bytes exceeds the limit of " + maxRecordBytes);
            }
            int n = (int) length;
            byte[] into = n > REUSED_UP_TO ? new byte[n] : n > buffer.length ? (buffer = new byte[n]) : buffer;
            int read = in.readNBytes(into, 0, n);
            if (read != n) {
                throw new EOFException("RecordIO stream ended inside a record (" + read + " of " + n + " bytes)");
            }
            return Optional.of(new Record(into, n));
        }
    }
}
