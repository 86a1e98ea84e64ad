package io.mesoscompose.mesos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Calls to the master over one pipelined HTTP/1.1 connection: requests go out without waiting for earlier answers,
 * answers come back in order, a closed connection fails only the calls it carried, and the next call reconnects.
 * The server here is a plain socket on loopback that answers as it is told.
 */
class CallPipelineTest {

    private ServerSocket server;
    private final AtomicInteger connections = new AtomicInteger();
    private final List<Request> received = new CopyOnWriteArrayList<>();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void stop() throws IOException {
        server.close();
        threads.shutdownNow();
    }

    /** Answers each request with 202 and the request's body (so order can be checked), a chunked one every third. */
    private URI echo(int closeAfter) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.submit(() -> {
            while (!server.isClosed()) {
                Socket s = server.accept();
                connections.incrementAndGet();
                threads.submit(() -> serve(s, closeAfter));
            }
            return null;
        });
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/api/v1/scheduler");
    }

    private Void serve(Socket s, int closeAfter) throws IOException {
        try (s) {
            var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = s.getOutputStream();
            for (int n = 1; ; n++) {
                Request request = read(in);
                if (request == null) {
                    return null;
                }
                if (n == closeAfter) {
                    return null; // drops the connection with this request unanswered
                }
                String text = request.body();
                String answer = n % 3 == 0
                        ? "HTTP/1.1 202 Accepted\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + Integer.toHexString(text.length()) + "\r\n" + text + "\r\n0\r\n\r\n"
                        : "HTTP/1.1 202 Accepted\r\nContent-Length: " + text.length() + "\r\n\r\n" + text;
                out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
        }
    }

    /** A request as the server read it: request line and header lines, then the body. */
    record Request(List<String> head, String body) {}

    /** The next request on the connection, or null at its end. */
    private static Request read(BufferedReader in) throws IOException {
        String line = in.readLine();
        if (line == null) {
            return null;
        }
        List<String> head = new ArrayList<>(List.of(line));
        int length = 0;
        for (String h = in.readLine(); h != null && !h.isEmpty(); h = in.readLine()) {
            head.add(h);
            if (h.toLowerCase().startsWith("content-length:")) {
                length = Integer.parseInt(h.substring(15).trim());
            }
        }
        char[] body = new char[length];
        for (int read = 0; read < length; ) {
            read += in.read(body, read, length - read);
        }
        return new Request(head, new String(body));
    }

    /**
     * A server that reads requests and writes what {@code script} returns for each (nothing to hold the answer
     * back, null to drop the connection): the answers for request {@code n} of connection {@code c}.
     */
    private URI scripted(Script script) throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.submit(() -> {
            while (!server.isClosed()) {
                Socket s = server.accept();
                int c = connections.incrementAndGet();
                threads.submit(() -> {
                    try (s) {
                        var in = new BufferedReader(new InputStreamReader(s.getInputStream(),
                                StandardCharsets.ISO_8859_1));
                        for (int n = 1; ; n++) {
                            Request request = read(in);
                            if (request == null) {
                                return null;
                            }
                            received.add(request);
                            String answer = script.answer(c, n, request);
                            if (answer == null) {
                                return null;
                            }
                            s.getOutputStream().write(answer.getBytes(StandardCharsets.ISO_8859_1));
                            s.getOutputStream().flush();
                        }
                    }
                });
            }
            return null;
        });
        return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/api/v1/scheduler");
    }

    interface Script {
        String answer(int connection, int n, Request request) throws Exception;
    }

    private static String accepted(String body) {
        return "HTTP/1.1 202 Accepted\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    /** Sends "call 0" to "call {@code n - 1}" without waiting; their answers, in that order. */
    private static List<CompletableFuture<CallPipeline.Answer>> sendCalls(CallPipeline pipeline, int n) {
        return IntStream.range(0, n).mapToObj(i -> pipeline.send(List.of(), bytes("call " + i))).toList();
    }

    /** Each answer is its own call's body echoed back. */
    private static void assertEchoed(List<CompletableFuture<CallPipeline.Answer>> answers) throws Exception {
        for (int i = 0; i < answers.size(); i++) {
            assertThat(answers.get(i).get(10, TimeUnit.SECONDS).body()).isEqualTo("call " + i);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void manyCallsInFlightGetTheirOwnAnswersOverOneConnection() throws Exception {
        try (CallPipeline pipeline = new CallPipeline(echo(0), Optional.empty(), Duration.ofSeconds(5))) {
            List<Future<CallPipeline.Answer>> answers = new ArrayList<>();
            CountDownLatch go = new CountDownLatch(1);
            for (int i = 0; i < 200; i++) {
                byte[] body = ("call " + i).getBytes(StandardCharsets.UTF_8);
                answers.add(threads.submit(() -> {
                    go.await();
                    return pipeline.post(List.of("Content-Type", "application/x-protobuf"), body);
                }));
            }
            go.countDown();
            for (int i = 0; i < answers.size(); i++) {
                CallPipeline.Answer a = answers.get(i).get(10, TimeUnit.SECONDS);
                assertThat(a.status()).isEqualTo(202);
                assertThat(a.body()).isEqualTo("call " + i);
            }
            assertThat(connections.get()).isEqualTo(1);
        }
    }

    @Test
    void aDroppedConnectionFailsItsCallAndTheNextCallConnectsAgain() throws Exception {
        try (CallPipeline pipeline = new CallPipeline(echo(2), Optional.empty(), Duration.ofSeconds(5))) {
            assertThat(pipeline.post(List.of(), "one".getBytes(StandardCharsets.UTF_8)).body()).isEqualTo("one");
            assertThatThrownBy(() -> pipeline.post(List.of(), "two".getBytes(StandardCharsets.UTF_8)))
                    .isInstanceOf(IOException.class);
            assertThat(pipeline.post(List.of(), "three".getBytes(StandardCharsets.UTF_8)).body()).isEqualTo("three");
            assertThat(connections.get()).isEqualTo(2);
        }
    }

    @Test
    void requestsGoOutBeforeTheAnswersToEarlierOnesCome() throws Exception {
        // The server answers nothing until it has read five requests: only a pipelining client gets answers.
        StringBuilder held = new StringBuilder();
        URI target = scripted((c, n, request) -> {
            held.append(accepted(request.body()));
            return n % 5 == 0 ? held.toString() : "";
        });
        try (CallPipeline pipeline = new CallPipeline(target, Optional.empty(), Duration.ofSeconds(5))) {
            assertEchoed(sendCalls(pipeline, 5));
            assertThat(connections.get()).isEqualTo(1);
        }
    }

    @Test
    void callsReachTheServerInTheOrderTheyWereSent() throws Exception {
        // The server answers the first call late, so the others queue behind it in the client.
        URI target = scripted((c, n, request) -> {
            if (n == 1) {
                Thread.sleep(100);
            }
            return accepted(request.body());
        });
        try (CallPipeline pipeline = new CallPipeline(target, Optional.empty(), Duration.ofSeconds(5))) {
            assertEchoed(sendCalls(pipeline, 100));
        }
        assertThat(received).extracting(Request::body)
                .containsExactlyElementsOf(IntStream.range(0, 100).mapToObj(i -> "call " + i).toList());
    }

    @Test
    void sendsTheGivenHeadersAndBodyAsTheyAre() throws Exception {
        URI target = scripted((c, n, request) -> accepted(""));
        try (CallPipeline pipeline = new CallPipeline(target, Optional.empty(), Duration.ofSeconds(5))) {
            CallPipeline.Answer answer = pipeline.post(List.of("Content-Type", "application/x-protobuf",
                    "Accept", "application/x-protobuf", "Mesos-Stream-Id", "stream-7",
                    "Authorization", "Basic cHJpbmNpcGFsOnNlY3JldA=="), bytes("\u0008\u0001payload"));
            assertThat(answer.status()).isEqualTo(202);
            assertThat(answer.body()).isEmpty();
        }
        Request request = received.get(0);
        assertThat(request.head().get(0)).isEqualTo("POST /api/v1/scheduler HTTP/1.1");
        assertThat(request.head()).contains("Content-Type: application/x-protobuf", "Accept: application/x-protobuf",
                "Mesos-Stream-Id: stream-7", "Authorization: Basic cHJpbmNpcGFsOnNlY3JldA==",
                "Host: 127.0.0.1:" + server.getLocalPort(), "Content-Length: 9");
        assertThat(request.head()).filteredOn(h -> h.toLowerCase().startsWith("content-type:")).hasSize(1);
        assertThat(request.body()).isEqualTo("\u0008\u0001payload");
    }

    @Test
    void callsWithOtherHeadersCarryTheirOwn() throws Exception {
        URI target = scripted((c, n, request) -> accepted(""));
        try (CallPipeline pipeline = new CallPipeline(target, Optional.empty(), Duration.ofSeconds(5))) {
            pipeline.post(List.of("Mesos-Stream-Id", "stream-1"), bytes("first"));
            pipeline.post(List.of("Mesos-Stream-Id", "stream-1"), bytes("second, longer"));
            pipeline.post(List.of("Mesos-Stream-Id", "stream-2", "Authorization", "Basic eDp5"), bytes("third"));
        }
        assertThat(received).extracting(r -> r.head().subList(1, r.head().size())).containsExactly(
                List.of("Host: 127.0.0.1:" + server.getLocalPort(), "Mesos-Stream-Id: stream-1", "Content-Length: 5"),
                List.of("Host: 127.0.0.1:" + server.getLocalPort(), "Mesos-Stream-Id: stream-1", "Content-Length: 14"),
                List.of("Host: 127.0.0.1:" + server.getLocalPort(), "Mesos-Stream-Id: stream-2",
                        "Authorization: Basic eDp5", "Content-Length: 5"));
        assertThat(received).extracting(Request::body).containsExactly("first", "second, longer", "third");
    }

    @Test
    void answersArrivingAByteAtATimeAreReadWhole() throws Exception {
        String answers = "HTTP/1.1 202 Accepted\r\nContent-Length: 5\r\n\r\nfirst"
                + "HTTP/1.1 202 Accepted\r\nTransfer-Encoding: chunked\r\n\r\n6\r\nsecond\r\n0\r\n\r\n";
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.submit(() -> {
            try (Socket s = server.accept()) {
                s.setTcpNoDelay(true);
                var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
                read(in);
                read(in);
                OutputStream out = s.getOutputStream();
                byte[] bytes = answers.getBytes(StandardCharsets.ISO_8859_1);
                for (int i = 0; i < bytes.length; i++) { // lines and bodies split over many reads of the client
                    out.write(bytes[i]);
                    out.flush();
                    if (i % 7 == 0) {
                        Thread.sleep(1);
                    }
                }
                read(in); // until the client closes
            }
            return null;
        });
        URI target = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/api/v1/scheduler");
        try (CallPipeline pipeline = new CallPipeline(target, Optional.empty(), Duration.ofSeconds(5))) {
            List<CompletableFuture<CallPipeline.Answer>> sent = sendCalls(pipeline, 2);
            assertThat(sent.get(0).get(10, TimeUnit.SECONDS).body()).isEqualTo("first");
            assertThat(sent.get(1).get(10, TimeUnit.SECONDS).body()).isEqualTo("second");
        }
    }

    @Test
    void aRedirectIsHandedBackWithItsLocationNotFollowed() throws Exception {
        URI target = scripted((c, n, request) -> "HTTP/1.1 307 Temporary Redirect\r\n"
                + "Location: //10.0.0.2:5050/api/v1/scheduler\r\nContent-Length: 0\r\n\r\n");
        try (CallPipeline pipeline = new CallPipeline(target, Optional.empty(), Duration.ofSeconds(5))) {
            CallPipeline.Answer answer = pipeline.post(List.of(), bytes("call"));
            assertThat(answer.status()).isEqualTo(307);
            assertThat(answer.location()).contains("//10.0.0.2:5050/api/v1/scheduler");
        }
        assertThat(received).hasSize(1);
    }

    @Test
    void anErrorAnswerFailsNoOtherCall() throws Exception {
        URI target = scripted((c, n, request) -> n == 2
                ? "HTTP/1.1 400 Bad Request\r\nContent-Length: 12\r\n\r\nbad call two"
                : accepted(request.body()));
        try (CallPipeline pipeline = new CallPipeline(target, Optional.empty(), Duration.ofSeconds(5))) {
            var one = pipeline.send(List.of(), bytes("one"));
            var two = pipeline.send(List.of(), bytes("two"));
            var three = pipeline.send(List.of(), bytes("three"));
            assertThat(one.get(5, TimeUnit.SECONDS).body()).isEqualTo("one");
            assertThat(two.get(5, TimeUnit.SECONDS)).isEqualTo(new CallPipeline.Answer(400, Optional.empty(),
                    "bad call two"));
            assertThat(three.get(5, TimeUnit.SECONDS).body()).isEqualTo("three");
            assertThat(connections.get()).isEqualTo(1);
        }
    }

    @Test
    void anAnswerLaterThanTheTimeoutFailsItsCallAndThoseBehindItAndTheNextCallConnectsAgain() throws Exception {
        URI target = scripted((c, n, request) -> c == 1 ? "" : accepted(request.body())); // the first goes silent
        try (CallPipeline pipeline = new CallPipeline(target, Optional.empty(), Duration.ofMillis(300))) {
            var first = pipeline.send(List.of(), bytes("one"));
            var second = pipeline.send(List.of(), bytes("two"));
            assertThatThrownBy(() -> first.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class)
                    .hasMessageContaining("no answer from 127.0.0.1:");
            assertThatThrownBy(() -> second.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
            assertThat(pipeline.post(List.of(), bytes("three")).body()).isEqualTo("three");
            assertThat(connections.get()).isEqualTo(2);
        }
    }

    /** The oldest call's deadline is looked at every so often; with nothing waiting, nothing is late. */
    @Test
    void aQuietConnectionIsKeptThroughTheReadersTimeouts() throws Exception {
        URI target = echo(0);
        try (CallPipeline pipeline = new CallPipeline(target, Optional.empty(), Duration.ofMillis(200))) {
            assertThat(pipeline.post(List.of(), bytes("one")).body()).isEqualTo("one");
            Thread.sleep(700); // three looks at the deadline, 200 ms apart
            assertThat(pipeline.post(List.of(), bytes("two")).body()).isEqualTo("two");
            assertThat(connections.get()).isEqualTo(1);
        }
    }

    /** An answer trickling in a byte at a time, each before the read timeout, is still late at the deadline. */
    @Test
    void anAnswerTricklingInPastTheTimeoutFailsItsCall() throws Exception {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        threads.submit(() -> {
            try (Socket s = server.accept()) {
                connections.incrementAndGet();
                OutputStream out = s.getOutputStream();
                for (byte b : "HTTP/1.1 202 Accepted\r\nX-Slow: ".getBytes(StandardCharsets.ISO_8859_1)) {
                    out.write(b);
                    out.flush();
                }
                for (int i = 0; i < 100; i++) { // a header that never ends, 50 ms a byte
                    out.write('a');
                    out.flush();
                    Thread.sleep(50);
                }
            }
            return null;
        });
        URI target = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/api/v1/scheduler");
        try (CallPipeline pipeline = new CallPipeline(target, Optional.empty(), Duration.ofMillis(300))) {
            long start = System.nanoTime();
            var call = pipeline.send(List.of(), bytes("one"));
            assertThatThrownBy(() -> call.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class)
                    .hasMessageContaining("no answer from 127.0.0.1:");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void aDroppedConnectionFailsEveryCallWaitingOnItAtOnce() throws Exception {
        URI target = scripted((c, n, request) -> c == 1 && n < 5 ? "" : null); // drops after reading five
        try (CallPipeline pipeline = new CallPipeline(target, Optional.empty(), Duration.ofSeconds(30))) {
            for (CompletableFuture<CallPipeline.Answer> answer : sendCalls(pipeline, 8)) {
                assertThatThrownBy(() -> answer.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
            }
        }
    }

    @Test
    void anAnswerClosingTheConnectionIsDeliveredAndTheNextCallConnectsAgain() throws Exception {
        URI target = scripted((c, n, request) -> n == 1
                ? "HTTP/1.1 202 Accepted\r\nConnection: close\r\nContent-Length: " + request.body().length()
                        + "\r\n\r\n" + request.body()
                : null);
        try (CallPipeline pipeline = new CallPipeline(target, Optional.empty(), Duration.ofSeconds(5))) {
            assertThat(pipeline.post(List.of(), bytes("one")).body()).isEqualTo("one");
            assertThat(pipeline.post(List.of(), bytes("two")).body()).isEqualTo("two");
            assertThat(connections.get()).isEqualTo(2);
        }
    }

    @Test
    void closingFailsTheCallsInFlightAtOnceAndRefusesNewOnes() throws Exception {
        AtomicBoolean answering = new AtomicBoolean();
        URI target = scripted((c, n, request) -> answering.get() ? accepted(request.body()) : "");
        CallPipeline pipeline = new CallPipeline(target, Optional.empty(), Duration.ofSeconds(30));
        var waiting = pipeline.send(List.of(), bytes("one"));
        pipeline.close();
        assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IOException.class);
        assertThatThrownBy(() -> pipeline.post(List.of(), bytes("two"))).isInstanceOf(IOException.class)
                .hasMessageContaining("closed");
    }
}
