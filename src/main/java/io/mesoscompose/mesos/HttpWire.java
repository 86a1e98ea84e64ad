package io.mesoscompose.mesos;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * HTTP/1.1 on a socket of our own, as both connections to the master use it: the pipelined calls
 * ({@link CallPipeline}) and the SUBSCRIBE event stream ({@link MasterHttp#subscribe}). Each is read by one
 * platform thread blocking in the socket's system calls, with no HTTP client's selector thread and queues between
 * the socket and the reader: a launch of 100,000 tasks brings 200,000 status updates and 200,000 answers to
 * ACKNOWLEDGE calls, and each hand-over between threads costs a wake-up.
 */
final class HttpWire {

    private static final int MAX_HEADER_LINE = 16 * 1024;

    /**
     * Least time between two reads (or two writes) of a busy connection: one that has just read (or written) waits
     * for the rest of it, and then takes at once what came (or was queued) meanwhile. A thread woken per message
     * costs a context switch per message; while 100,000 tasks launched, the reader, the writer and the event
     * stream's thread spent about half their CPU time going to sleep and waking up, for 200,000 status updates and
     * as many answers to acknowledgements. A connection that is not busy is read (written) at once. 2 ms rather
     * than 1: the three connection threads spent 0.1–0.4 s less per launch of 100,000 (docs/benchmarks.md, "Steps
     * 15 ms apart"), for at most a millisecond more before a call is written or an event read.
     */
    static final long PACE_NANOS = 2_000_000;

    private HttpWire() {}

    /** A connected socket to {@code target}'s host (TLS for https, the host name checked), Nagle off. */
    static Socket open(URI target, Optional<SSLContext> tls, Duration timeout) throws IOException {
        boolean https = "https".equalsIgnoreCase(target.getScheme());
        int port = target.getPort() > 0 ? target.getPort() : https ? 443 : 80;
        Socket socket;
        if (https) {
            SSLSocket s = (SSLSocket) tls.orElseThrow(() -> new IOException("no TLS context for " + target))
                    .getSocketFactory().createSocket();
            SSLParameters params = s.getSSLParameters();
            params.setEndpointIdentificationAlgorithm("HTTPS"); // as the JDK's HttpClient checks the host name
            s.setSSLParameters(params);
            socket = s;
        } else {
            socket = new Socket();
        }
        try {
            socket.connect(new InetSocketAddress(target.getHost(), port), (int) timeout.toMillis());
            socket.setTcpNoDelay(true);
            if (socket instanceof SSLSocket s) {
                s.setSoTimeout((int) timeout.toMillis());
                s.startHandshake();
            }
            return socket;
        } catch (IOException e) {
            close(socket);
            throw e;
        }
    }

    /**
     * Closes a socket at once. A TLS socket may read what is left of its input when it closes, waiting as long as
     * its read timeout for a server that sends nothing more (JDK SSLSocketImpl: deplete; an event stream's timeout is
     * 75 s by default, and closing one took the whole timeout in MesosClientTlsTest); without a read timeout it only
     * drops what has come. Every socket of the client is closed here.
     */
    static void close(Socket socket) {
        try {
            socket.setSoTimeout(0);
        } catch (IOException e) {
            // closed already
        }
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /**
     * The request line and headers of a POST to {@code target}, up to the value of its {@code Content-Length}
     * (see {@link #request}).
     *
     * @param headers name, value, name, value...
     */
    static byte[] postHead(URI target, List<String> headers) {
        StringBuilder b = new StringBuilder(256).append("POST ").append(target.getRawPath()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(target.getAuthority()).append("\r\n");
        for (int i = 0; i + 1 < headers.size(); i += 2) {
            b.append(headers.get(i)).append(": ").append(headers.get(i + 1)).append("\r\n");
        }
        return b.append("Content-Length: ").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static final byte[] END_OF_HEAD = {'\r', '\n', '\r', '\n'};

    /**
     * Writes a whole request: a {@link #postHead}, the body's length, the body. Into a buffered stream, piece by
     * piece: a request of each call was copied into one array first (370 bytes an ACKNOWLEDGE, two per launched task).
     */
    static void writeRequest(OutputStream out, byte[] head, byte[] body) throws IOException {
        out.write(head);
        int divisor = 1;
        while (body.length / divisor >= 10) {
            divisor *= 10;
        }
        for (; divisor > 0; divisor /= 10) {
            out.write('0' + body.length / divisor % 10);
        }
        out.write(END_OF_HEAD);
        out.write(body);
    }

    /**
     * Waits until {@link #PACE_NANOS} after {@code last} ({@link System#nanoTime}), if that is still to come; whether
     * it had to wait.
     */
    static boolean pace(long last) {
        boolean waited = false;
        for (long wait = last + PACE_NANOS - System.nanoTime(); wait > 0;
             wait = last + PACE_NANOS - System.nanoTime()) {
            waited = true;
            LockSupport.parkNanos(wait);
            if (Thread.currentThread().isInterrupted()) {
                return true;
            }
        }
        return waited;
    }

    /**
     * The connection ended after a whole chunk of a chunked body, without its last (empty) chunk: the server went
     * away between two writes (a master that stops ends its event stream so), not inside one.
     */
    static final class EndedBetweenChunks extends EOFException {
        EndedBetweenChunks() {
            super("the connection ended between two chunks, before the last");
        }
    }

    /**
     * An answer's status line and the headers we use.
     *
     * @param length     the Content-Length, or -1
     * @param closeAfter the server closes the connection after this answer (HTTP/1.0, {@code Connection: close},
     *                   or a body that ends with the connection)
     * @param streamId   the {@code Mesos-Stream-Id} of a SUBSCRIBE answer
     */
    record Head(int status, long length, boolean chunked, boolean closeAfter, Optional<String> location,
                Optional<String> streamId) {

        /** No body, whatever the headers say (RFC 9112 section 6.3). */
        boolean bodiless() {
            return status / 100 == 1 || status == 204 || status == 304;
        }
    }

    /**
     * A socket's bytes through a buffer of our own, read by one thread. Reading the answers' lines byte by byte
     * from a {@code BufferedInputStream} (a lock per byte) into a {@code StringBuilder} was 29% of the call
     * reader's samples while 100,000 tasks launched (JFR), most of it for the ACKNOWLEDGE answers.
     */
    static final class Input {
        private final InputStream raw;
        private final byte[] buffer = new byte[64 * 1024];
        private int position;
        private int limit;
        /** When the last read returned, and whether it got all it asked for or a buffer's worth (then no pause). */
        private long lastRead = System.nanoTime() - PACE_NANOS;
        private boolean lastFull;
        /** Reads that waited for the pace (for tests). */
        private int pauses;
        private byte[] line = new byte[256];

        /** @param raw the socket's stream (a read timeout set on the socket ends a read, as it does for it) */
        Input(InputStream raw) {
            this.raw = raw;
        }

        /**
         * Reads what has come, {@link #PACE_NANOS} after the read before at the earliest, unless that one got all it
         * asked for or a buffer's worth (then more is likely waiting).
         */
        private int read(byte[] into, int offset, int length) throws IOException {
            if (!lastFull && pace(lastRead)) {
                pauses++;
            }
            int n = raw.read(into, offset, length);
            lastRead = System.nanoTime();
            lastFull = n == length || n >= buffer.length;
            return n;
        }

        /** How many reads waited for the pace so far. */
        int pauses() {
            return pauses;
        }

        private boolean fill() throws IOException {
            position = 0;
            limit = Math.max(0, read(buffer, 0, buffer.length));
            return limit > 0;
        }

        /** A line without its CR LF (any CR is dropped); null at the end of the stream before any byte. */
        String line() throws IOException {
            int n = lineBytes();
            return n < 0 ? null : text(0, n);
        }

        /**
         * Reads a line into {@link #line} without its CR LF (any CR is dropped): its length, or -1 at the end of the
         * stream before any byte.
         */
        private int lineBytes() throws IOException {
            int length = 0;
            boolean any = false;
            while (true) {
                if (position == limit && !fill()) {
                    if (!any) {
                        return -1;
                    }
                    throw new EOFException("line cut short");
                }
                any = true;
                int start = position;
                while (position < limit && buffer[position] != '\n') {
                    position++;
                }
                int n = position - start;
                if (length + n > MAX_HEADER_LINE) {
                    throw new IOException("header line longer than " + MAX_HEADER_LINE);
                }
                if (line.length < length + n) {
                    line = Arrays.copyOf(line, Math.max(length + n, 2 * line.length));
                }
                System.arraycopy(buffer, start, line, length, n);
                length += n;
                if (position < limit) {
                    position++; // the LF
                    break;
                }
            }
            int kept = 0;
            for (int i = 0; i < length; i++) {
                if (line[i] != '\r') {
                    line[kept++] = line[i];
                }
            }
            return kept;
        }

        /** Bytes {@code from} to {@code to} of the last line read, as text. */
        private String text(int from, int to) {
            return new String(line, from, to - from, StandardCharsets.ISO_8859_1);
        }

        /** The first {@code c} in the last line read between {@code from} and {@code to}, or -1. */
        private int indexOf(char c, int from, int to) {
            for (int i = from; i < to; i++) {
                if (line[i] == c) {
                    return i;
                }
            }
            return -1;
        }

        /** Where the text from {@code from} starts once blanks are skipped ({@link String#trim}'s blanks). */
        private int skipBlanks(int from, int to) {
            while (from < to && (line[from] & 0xff) <= ' ') {
                from++;
            }
            return from;
        }

        /** Where the text up to {@code to} ends once trailing blanks are dropped. */
        private int dropBlanks(int from, int to) {
            while (to > from && (line[to - 1] & 0xff) <= ' ') {
                to--;
            }
            return to;
        }

        /** Whether bytes {@code from} to {@code to} of the last line are {@code lower}, in any case (ASCII). */
        private boolean is(int from, int to, String lower) {
            return to - from == lower.length() && startsWith(from, to, lower);
        }

        /** Whether bytes {@code from} to {@code to} of the last line start with {@code lower}, in any case (ASCII). */
        private boolean startsWith(int from, int to, String lower) {
            if (to - from < lower.length()) {
                return false;
            }
            for (int i = 0; i < lower.length(); i++) {
                int b = line[from + i];
                if ((b >= 'A' && b <= 'Z' ? b + ('a' - 'A') : b) != lower.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        /** Whether bytes {@code from} to {@code to} of the last line start with {@code prefix}, in its case. */
        private boolean startsExactly(int from, int to, String prefix) {
            if (to - from < prefix.length()) {
                return false;
            }
            for (int i = 0; i < prefix.length(); i++) {
                if (line[from + i] != prefix.charAt(i)) {
                    return false;
                }
            }
            return true;
        }

        /** Whether bytes {@code from} to {@code to} of the last line hold {@code lower}, in any case (ASCII). */
        private boolean contains(int from, int to, String lower) {
            for (int i = from; i + lower.length() <= to; i++) {
                if (startsWith(i, to, lower)) {
                    return true;
                }
            }
            return false;
        }

        /** The decimal number that bytes {@code from} to {@code to} of the last line are, or -1 if they are not one. */
        private long number(int from, int to) {
            if (from == to || to - from > 18) {
                return -1;
            }
            long n = 0;
            for (int i = from; i < to; i++) {
                if (line[i] < '0' || line[i] > '9') {
                    return -1;
                }
                n = n * 10 + (line[i] - '0');
            }
            return n;
        }

        /** {@code n} bytes, or fewer when the stream ends first. */
        byte[] readN(int n) throws IOException {
            byte[] out = new byte[n];
            int got = Math.min(n, limit - position);
            System.arraycopy(buffer, position, out, 0, got);
            position += got;
            while (got < n) {
                int r = read(out, got, n - got);
                if (r < 0) {
                    return Arrays.copyOf(out, got);
                }
                got += r;
            }
            return out;
        }

        /** Everything to the end of the stream. */
        byte[] readAll() throws IOException {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(buffer, position, limit - position);
            position = limit;
            while (fill()) {
                out.write(buffer, 0, limit);
            }
            position = limit;
            return out.toByteArray();
        }

        /**
         * The status line and headers of the next answer; null at the end of the stream before any byte of it. Read
         * from the line's bytes: only the values kept (a redirect's location, a stream ID) become strings. Strings for
         * every line, name and value were 8% of what the framework allocated while 100,000 tasks launched (JFR), for
         * the 200,000 answers to acknowledgements.
         */
        Head head() throws IOException {
            int n = lineBytes();
            if (n < 0) {
                return null;
            }
            int space = indexOf(' ', 0, n);
            if (space < 0 || !startsExactly(0, space, "HTTP/1.")) {
                throw new IOException("not an HTTP answer: " + text(0, n));
            }
            int codeEnd = indexOf(' ', space + 1, n);
            long code = number(space + 1, codeEnd < 0 ? n : codeEnd);
            if (code < 0 || code > 999) {
                throw new IOException("not an HTTP status: " + text(0, n));
            }
            long length = -1;
            boolean chunked = false;
            boolean closeAfter = space == 8 && line[7] == '0'; // HTTP/1.0
            Optional<String> location = Optional.empty();
            Optional<String> streamId = Optional.empty();
            for (int h = lineBytes(); h > 0; h = lineBytes()) {
                int colon = indexOf(':', 0, h);
                if (colon <= 0) {
                    continue;
                }
                int nameFrom = skipBlanks(0, colon);
                int nameTo = dropBlanks(nameFrom, colon);
                int from = skipBlanks(colon + 1, h);
                int to = dropBlanks(from, h);
                if (is(nameFrom, nameTo, "content-length")) {
                    length = number(from, to);
                    if (length < 0) {
                        throw new IOException("not a Content-Length: " + text(0, h));
                    }
                } else if (is(nameFrom, nameTo, "transfer-encoding")) {
                    chunked = contains(from, to, "chunked");
                } else if (is(nameFrom, nameTo, "connection")) {
                    closeAfter = is(from, to, "close") || closeAfter && !is(from, to, "keep-alive");
                } else if (is(nameFrom, nameTo, "location")) {
                    location = Optional.of(text(from, to));
                } else if (is(nameFrom, nameTo, "mesos-stream-id")) {
                    streamId = Optional.of(text(from, to));
                }
            }
            boolean toTheEnd = !chunked && length < 0 && !(code / 100 == 1 || code == 204 || code == 304);
            return new Head((int) code, length, chunked, closeAfter || toTheEnd, location, streamId);
        }

        /** The whole body of the answer whose {@link #head} was just read. */
        byte[] body(Head head) throws IOException {
            if (head.bodiless()) {
                return new byte[0];
            }
            if (head.chunked()) {
                return stream(head).readAllBytes();
            }
            if (head.length() >= 0) {
                byte[] body = readN((int) head.length());
                if (body.length < head.length()) {
                    throw new EOFException("answer cut short");
                }
                return body;
            }
            return readAll();
        }

        /**
         * The body of the answer whose {@link #head} was just read, as it comes (an event stream's never ends);
         * single bytes are read from the buffer, without a lock.
         */
        InputStream stream(Head head) {
            if (head.bodiless()) {
                return InputStream.nullInputStream();
            }
            return new Body(head.chunked() ? -1 : head.length(), head.chunked());
        }

        /** A body: chunked, or so many bytes, or (remaining -1, not chunked) to the end of the connection. */
        private final class Body extends InputStream {
            private final boolean chunked;
            /** Bytes left in the body (not chunked) or in the current chunk (chunked); -1 to the end of the stream. */
            private long remaining;
            private boolean ended;

            Body(long length, boolean chunked) {
                this.chunked = chunked;
                this.remaining = chunked ? 0 : length;
            }

            /** False at the end of the body; otherwise bytes of it are in the buffer. */
            private boolean ready() throws IOException {
                if (ended) {
                    return false;
                }
                if (chunked && remaining == 0) {
                    if (!nextChunk()) {
                        ended = true;
                        return false;
                    }
                }
                if (remaining == 0) {
                    ended = true;
                    return false;
                }
                if (position == limit && !fill()) {
                    if (remaining > 0 || chunked) {
                        throw new EOFException("answer cut short");
                    }
                    ended = true; // to the end of the connection: this is it
                    return false;
                }
                return true;
            }

            /** Reads a chunk's size line (after the CR LF ending the chunk before); false at the last chunk. */
            private boolean nextChunk() throws IOException {
                String size = line();
                if (size != null && size.isEmpty()) {
                    size = line(); // the CR LF after the data of the chunk before
                }
                if (size == null) {
                    throw new EndedBetweenChunks();
                }
                int semi = size.indexOf(';');
                long n;
                try {
                    n = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("not a chunk size: " + size);
                }
                if (n == 0) {
                    for (String trailer = line(); trailer != null && !trailer.isEmpty(); trailer = line()) {
                        // trailers are not used
                    }
                    return false;
                }
                remaining = n;
                return true;
            }

            @Override
            public int read() throws IOException {
                if (!ready()) {
                    return -1;
                }
                if (remaining > 0) {
                    remaining--;
                }
                return buffer[position++] & 0xff;
            }

            @Override
            public int read(byte[] into, int offset, int length) throws IOException {
                if (length == 0) {
                    return 0;
                }
                if (!ready()) {
                    return -1;
                }
                int n = Math.min(length, limit - position);
                if (remaining > 0) {
                    n = (int) Math.min(n, remaining);
                    remaining -= n;
                }
                System.arraycopy(buffer, position, into, offset, n);
                position += n;
                return n;
            }
        }
    }
}
