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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
                String line = in.readLine();
                if (line == null) {
                    return null;
                }
                int length = 0;
                for (String h = in.readLine(); h != null && !h.isEmpty(); h = in.readLine()) {
                    if (h.toLowerCase().startsWith("content-length:")) {
                        length = Integer.parseInt(h.substring(15).trim());
                    }
                }
                char[] body = new char[length];
                for (int read = 0; read < length; ) {
                    read += in.read(body, read, length - read);
                }
                if (n == closeAfter) {
                    return null; // drops the connection with this request unanswered
                }
                String text = new String(body);
                String answer = n % 3 == 0
                        ? "HTTP/1.1 202 Accepted\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + Integer.toHexString(text.length()) + "\r\n" + text + "\r\n0\r\n\r\n"
                        : "HTTP/1.1 202 Accepted\r\nContent-Length: " + text.length() + "\r\n\r\n" + text;
                out.write(answer.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            }
        }
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
}
