package io.mesoscompose.mesos;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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

    /** Reads records one by one from a stream. Not thread-safe; one reader per stream. */
    public static final class Reader {
        private final InputStream in;
        private final long maxRecordBytes;

        /** @param maxRecordBytes a record announced as longer than this is a protocol error, not an allocation */
        public Reader(InputStream in, long maxRecordBytes) {
            this.in = in;
            this.maxRecordBytes = maxRecordBytes;
        }

        /**
         * The next record, or empty at a clean end of stream (between records).
         *
         * @throws IOException on a broken record: bad length prefix, or end of stream inside a record
         */
        public Optional<byte[]> next() throws IOException {
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
            byte[] record = in.readNBytes((int) length);
            if (record.length != length) {
                throw new EOFException("RecordIO stream ended inside a record (" + record.length + " of " + length + " bytes)");
            }
            return Optional.of(record);
        }
    }
}
