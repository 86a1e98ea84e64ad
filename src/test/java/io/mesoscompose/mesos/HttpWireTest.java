package io.mesoscompose.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;

/**
 * Answers read off the socket by {@link HttpWire.Input}, as the master writes them. The bytes come a few at a time
 * (a socket gives what has arrived), so every line, chunk and record boundary falls inside reads somewhere.
 */
class HttpWireTest {

    /** A stream that gives at most {@code step} bytes per read, as a socket gives what has arrived. */
    private static InputStream dribble(byte[] bytes, int step) {
        return new ByteArrayInputStream(bytes) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                return super.read(b, off, Math.min(len, step));
            }
        };
    }

    private static HttpWire.Input input(String text, int step) {
        return new HttpWire.Input(dribble(text.getBytes(StandardCharsets.ISO_8859_1), step));
    }

    /** One RecordIO record ({@code "<length>\n<bytes>"}) of an event, as Latin-1 text to put in a chunk. */
    private static String record(Event event) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            RecordIO.append(out, event.toByteArray());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * libprocess streams a PIPE response (the SUBSCRIBE answer, src/master/http.cpp) with
     * {@code Transfer-Encoding: chunked} and writes each piece the master puts in the pipe as one chunk:
     * {@code std::hex << data.size() << "\r\n" << data << "\r\n"}, ending with {@code "0\r\n\r\n"}
     * (3rdparty/libprocess/src/http.cpp, {@code stream}); the master puts one RecordIO record of an event per piece.
     */
    @Test
    void aSubscribeAnswerAsLibprocessStreamsItGivesTheStreamIdAndTheEventsInOrder() throws IOException {
        Event subscribed = Event.newBuilder().setType(Event.Type.SUBSCRIBED).setSubscribed(Event.Subscribed
                .newBuilder().setFrameworkId(FrameworkID.newBuilder().setValue("fw-1"))
                .setHeartbeatIntervalSeconds(15)).build();
        Event heartbeat = Event.newBuilder().setType(Event.Type.HEARTBEAT).build();
        StringBuilder answer = new StringBuilder("HTTP/1.1 200 OK\r\nDate: Mon, 30 Nov 2026 22:00:00 GMT\r\n"
                + "Content-Type: application/x-protobuf\r\nMesos-Stream-Id: 4a3c6d5e-0000-4000-8000-000000000001\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n");
        List<Event> sent = List.of(subscribed, heartbeat, heartbeat);
        for (Event e : sent) {
            String data = record(e);
            answer.append(Integer.toHexString(data.length())).append("\r\n").append(data).append("\r\n");
        }
        answer.append("0\r\n\r\n");
        for (int step : new int[] {1, 3, 7, 64 * 1024}) {
            HttpWire.Input in = input(answer.toString(), step);
            HttpWire.Head head = in.head();
            assertThat(head.status()).isEqualTo(200);
            assertThat(head.chunked()).isTrue();
            assertThat(head.streamId()).contains("4a3c6d5e-0000-4000-8000-000000000001");
            RecordIO.Reader records = new RecordIO.Reader(in.stream(head), 1 << 20);
            List<Event> read = new ArrayList<>();
            for (Optional<byte[]> r = records.next(); r.isPresent(); r = records.next()) {
                read.add(Event.parseFrom(r.get()));
            }
            assertThat(read).as("reads of %d bytes", step).isEqualTo(sent);
        }
    }

    /** A record may also be split over chunks: the body is one byte stream, whatever its chunks. */
    @Test
    void aRecordSplitOverChunksWithExtensionsIsReadWhole() throws IOException {
        String data = record(Event.newBuilder().setType(Event.Type.HEARTBEAT).build()) + "5\nhello";
        String answer = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "2;name=value\r\n" + data.substring(0, 2) + "\r\n"
                + Integer.toHexString(data.length() - 2).toUpperCase() + "\r\n" + data.substring(2) + "\r\n"
                + "0\r\nTrailer: ignored\r\n\r\n";
        HttpWire.Input in = input(answer, 2);
        RecordIO.Reader records = new RecordIO.Reader(in.stream(in.head()), 1 << 20);
        assertThat(Event.parseFrom(records.next().orElseThrow()).getType()).isEqualTo(Event.Type.HEARTBEAT);
        assertThat(new String(records.next().orElseThrow(), StandardCharsets.US_ASCII)).isEqualTo("hello");
        assertThat(records.next()).isEmpty();
    }

    @Test
    void pipelinedAnswersAreReadOneAfterTheOtherWhateverTheirFraming() throws IOException {
        String answers = "HTTP/1.1 202 Accepted\r\nContent-Length: 3\r\n\r\none"
                + "HTTP/1.1 204 No Content\r\nContent-Length: 99\r\n\r\n" // no body, whatever it says
                + "HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nbad \r\n4\r\ncall\r\n0\r\n\r\n"
                + "HTTP/1.1 307 Temporary Redirect\r\nLocation: //m2:5050/api/v1/scheduler\r\nContent-Length: 0\r\n\r\n"
                + "HTTP/1.0 200 OK\r\n\r\nto the end";
        HttpWire.Input in = input(answers, 5);
        List<String> bodies = new ArrayList<>();
        List<Boolean> closing = new ArrayList<>();
        for (HttpWire.Head head = in.head(); head != null; head = in.head()) {
            bodies.add(head.status() + " " + new String(in.body(head), StandardCharsets.UTF_8)
                    + head.location().map(l -> " -> " + l).orElse(""));
            closing.add(head.closeAfter());
        }
        assertThat(bodies).containsExactly("202 one", "204 ", "400 bad call", "307  -> //m2:5050/api/v1/scheduler",
                "200 to the end");
        assertThat(closing).containsExactly(false, false, false, false, true);
    }

    /**
     * A busy connection is read at most every {@link HttpWire#PACE_NANOS}, so that what comes meanwhile is taken in
     * one read and one wake-up; but a read that got a buffer's worth is followed at once (more is waiting).
     */
    @Test
    void readsOfABusyConnectionComeAPaceApartUnlessTheBufferFilledUp() throws IOException {
        List<Long> readAt = new ArrayList<>();
        byte[] answer = "HTTP/1.1 202 Accepted\r\nContent-Length: 20\r\n\r\n01234567890123456789"
                .getBytes(StandardCharsets.ISO_8859_1);
        InputStream few = new ByteArrayInputStream(answer) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                readAt.add(System.nanoTime());
                return super.read(b, off, Math.min(len, 8));
            }
        };
        HttpWire.Input in = new HttpWire.Input(few);
        assertThat(new String(in.body(in.head()), StandardCharsets.US_ASCII)).isEqualTo("01234567890123456789");
        assertThat(readAt).hasSizeGreaterThan(5);
        for (int i = 1; i < readAt.size(); i++) {
            assertThat(readAt.get(i) - readAt.get(i - 1)).isGreaterThanOrEqualTo(HttpWire.PACE_NANOS);
        }

        int reads = 200;
        byte[] big = new byte[reads * 64 * 1024];
        String head = "HTTP/1.1 200 OK\r\nContent-Length: " + big.length + "\r\n\r\n";
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        bytes.writeBytes(head.getBytes(StandardCharsets.ISO_8859_1));
        bytes.writeBytes(big);
        HttpWire.Input full = new HttpWire.Input(dribble(bytes.toByteArray(), 64 * 1024)); // as a busy socket gives
        assertThat(full.body(full.head())).hasSize(big.length);
        // Counted, not timed: a bound on the time taken failed on a machine busy with other work.
        assertThat(full.pauses()).as("%d reads of a full buffer, each followed at once", reads).isZero();
    }

    /** A server that went away between chunks is told apart from one cut off inside a chunk (see Subscription). */
    @Test
    void aBodyCutShortIsAnErrorNotAShorterBody() throws IOException {
        HttpWire.Input chunked = input("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\na\r\nonly5", 4);
        HttpWire.Head head = chunked.head();
        assertThatThrownBy(() -> chunked.stream(head).readAllBytes()).isInstanceOf(EOFException.class)
                .isNotInstanceOf(HttpWire.EndedBetweenChunks.class);
        HttpWire.Input between = input("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\none\r\n", 4);
        HttpWire.Head betweenHead = between.head();
        InputStream body = between.stream(betweenHead);
        assertThat(body.readNBytes(3)).isEqualTo("one".getBytes(StandardCharsets.US_ASCII));
        assertThatThrownBy(body::read).isInstanceOf(HttpWire.EndedBetweenChunks.class);
        HttpWire.Input sized = input("HTTP/1.1 202 Accepted\r\nContent-Length: 10\r\n\r\nonly5", 4);
        HttpWire.Head sizedHead = sized.head();
        assertThatThrownBy(() -> sized.body(sizedHead)).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> input("HTTP/1.1 200 OK\r\nContent-", 4).head()).isInstanceOf(EOFException.class);
        assertThatThrownBy(() -> input("SSH-2.0-OpenSSH\r\n\r\n", 4).head()).hasMessageContaining("not an HTTP answer");
    }

    /**
     * Header names in any case, blanks around names and values (RFC 9112 section 5: optional whitespace around the
     * value), headers not used, a status line without a reason phrase, and what is not an answer or not a length.
     */
    @Test
    void headersAreReadInAnyCaseAndWithBlanksAroundTheValue() throws IOException {
        String answers = "HTTP/1.1 200\r\nDate: Mon, 30 Nov 2026 22:00:00 GMT\r\ncontent-LENGTH:   3  \r\n"
                + "CONNECTION: Close\r\n\r\none"
                + "HTTP/1.1 307 Temporary Redirect\r\nLOCATION:\t//m2:5050/api/v1/scheduler \r\nContent-Length: 0\r\n\r\n"
                + "HTTP/1.1 200 OK\r\nmesos-stream-id: abc-1\r\nTransfer-Encoding: gzip, Chunked\r\n"
                + "Connection: keep-alive\r\n\r\n0\r\n\r\n"
                + "HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\nContent-Length: 0\r\n\r\n";
        HttpWire.Input in = input(answers, 3);
        HttpWire.Head first = in.head();
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.length()).isEqualTo(3);
        assertThat(first.closeAfter()).isTrue();
        assertThat(in.body(first)).isEqualTo("one".getBytes(StandardCharsets.US_ASCII));
        HttpWire.Head redirect = in.head();
        assertThat(redirect.status()).isEqualTo(307);
        assertThat(redirect.location()).contains("//m2:5050/api/v1/scheduler");
        assertThat(redirect.closeAfter()).isFalse();
        assertThat(in.body(redirect)).isEmpty();
        HttpWire.Head stream = in.head();
        assertThat(stream.streamId()).contains("abc-1");
        assertThat(stream.chunked()).isTrue();
        assertThat(stream.closeAfter()).isFalse();
        assertThat(in.body(stream)).isEmpty();
        HttpWire.Head old = in.head();
        assertThat(old.closeAfter()).as("HTTP/1.0 with keep-alive").isFalse();
        assertThat(in.head()).isNull();

        assertThatThrownBy(() -> input("HTTP/1.1 200 OK\r\nContent-Length: 3x\r\n\r\n", 4).head())
                .hasMessageContaining("not a Content-Length: Content-Length: 3x");
        assertThatThrownBy(() -> input("HTTP/1.1 2OO OK\r\n\r\n", 4).head()).hasMessageContaining("not an HTTP status");
        assertThatThrownBy(() -> input("http/1.1 200 OK\r\n\r\n", 4).head()).hasMessageContaining("not an HTTP answer");
        assertThatThrownBy(() -> input("HTTP/2 200\r\n\r\n", 4).head()).hasMessageContaining("not an HTTP answer");
    }

    /** A request is the head, the body's length in decimal, an empty line and the body, for any length. */
    @Test
    void aRequestCarriesItsBodysLength() throws IOException {
        byte[] head = HttpWire.postHead(URI.create("http://m1:5050/api/v1/scheduler"),
                List.of("Mesos-Stream-Id", "s-1"));
        for (int length : new int[] {0, 1, 9, 10, 99, 100, 12345, 1_000_000}) {
            byte[] body = new byte[length];
            Arrays.fill(body, (byte) 'x');
            ByteArrayOutputStream written = new ByteArrayOutputStream();
            HttpWire.writeRequest(written, head, body);
            String request = written.toString(StandardCharsets.ISO_8859_1);
            assertThat(request).isEqualTo("POST /api/v1/scheduler HTTP/1.1\r\nHost: m1:5050\r\nMesos-Stream-Id: s-1\r\n"
                    + "Content-Length: " + length + "\r\n\r\n" + "x".repeat(length));
        }
    }
}
