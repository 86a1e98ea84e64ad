package io.mesoscompose.mesos;

import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import javax.net.ssl.SSLContext;

/**
 * The one HTTP/1.1 connection every call but SUBSCRIBE goes over, pipelined: requests are written back to back as
 * they come, without waiting for the answers before, and the answers are read in order. This is how the Mesos
 * scheduler library talks to the master (src/scheduler/scheduler.cpp keeps a {@code nonSubscribe} connection, and
 * libprocess' {@code http::Connection} pipelines: "HTTP pipelining is automatically performed",
 * include/process/http.hpp). One request per connection at a time would cost a system call or two and a thread
 * hand-over per call, and a launch of many tasks makes two ACKNOWLEDGE calls per task.
 *
 * <p>A connection that fails (or an answer that takes longer than the timeout) fails every call waiting on it; the
 * next call opens a new connection. A connection idle for a while is replaced before use, as servers close idle
 * connections and a request written into a closing one would fail for nothing.
 */
final class CallPipeline implements AutoCloseable {

    /** An answer: status, the Location header (redirects), and the body as text. */
    record Answer(int status, Optional<String> location, String body) {}

    private static final Duration IDLE = Duration.ofSeconds(10);
    /** How often a connection looks whether the oldest call waiting waited longer than the timeout. */
    private static final long LATE_CHECK_MILLIS = 1_000;

    private final URI target;
    private final Optional<SSLContext> tls;
    private final Duration timeout;
    private final Object lock = new Object();
    private volatile Connection connection; // replaced under lock
    /** The request line and headers of the last request, up to its Content-Length value. */
    private volatile Head head;

    private record Head(List<String> headers, byte[] bytes) {}
    private boolean closed; // guarded by lock

    URI target() {
        return target;
    }

    /** @param target the endpoint, e.g. {@code http://master:5050/api/v1/scheduler} (https: with {@code tls}) */
    CallPipeline(URI target, Optional<SSLContext> tls, Duration timeout) {
        this.target = target;
        this.tls = tls;
        this.timeout = timeout;
    }

    /**
     * POSTs {@code body} and waits for the answer.
     *
     * @param headers further request headers, name then value
     * @throws IOException when the connection fails or the answer does not come within the timeout
     */
    Answer post(List<String> headers, byte[] body) throws IOException, InterruptedException {
        try {
            return send(headers, body).get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        }
    }

    /**
     * Queues the request behind those sent before (so the master receives them in this order) and returns at once;
     * the answer completes the future, or an {@link IOException} when the connection fails or the answer does not
     * come within the timeout.
     */
    CompletableFuture<Answer> send(List<String> headers, byte[] body) {
        byte[] head = head(headers);
        Connection c;
        try {
            c = connection();
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        return c.send(head, body, System.nanoTime() + timeout.toNanos());
    }

    /** The open connection, or a new one when there is none, it failed, or it sat idle too long. */
    private Connection connection() throws IOException {
        Connection c = connection;
        if (c != null && !c.dead() && !c.idleFor(IDLE)) {
            return c;
        }
        synchronized (lock) {
            if (closed) {
                throw new IOException("connection to " + target.getAuthority() + " closed");
            }
            if (connection == null || connection.dead() || connection.idleFor(IDLE)) {
                if (connection != null) {
                    connection.close(new IOException("replaced"));
                }
                String late = "no answer from " + target.getAuthority() + " within " + timeout.toSeconds() + " s";
                connection = new Connection(HttpWire.open(target, tls, timeout), late,
                        Math.min(timeout.toMillis(), LATE_CHECK_MILLIS));
            }
            return connection;
        }
    }

    /**
     * The request's head up to its {@code Content-Length} value ({@link HttpWire#postHead}). Every call of a
     * subscription carries the same headers, so their bytes are made once (a launch makes two ACKNOWLEDGE calls per
     * task).
     */
    private byte[] head(List<String> headers) {
        Head h = head;
        if (h == null || !h.headers().equals(headers)) {
            h = new Head(List.copyOf(headers), HttpWire.postHead(target, headers));
            head = h;
        }
        return h.bytes();
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (connection != null) {
                connection.close(new IOException("closed"));
            }
        }
    }

    /**
     * One socket: a writer sends what is queued in one go, a reader completes the waiting calls in order. Both are
     * platform threads blocking in the socket's system calls: as virtual threads, each answer read after a wait
     * went through the JDK's poller and a carrier's wake-up (two ACKNOWLEDGE calls per launched task), and so did
     * each batch written.
     *
     * <p>Answers come in the order of the requests, so only the oldest call waiting can be the first to be late: a
     * watch looks at its deadline every second and, once it has passed, fails the connection with every call on it
     * (closing the socket ends the reader's read). No timer per call, and no read timeout, which would turn each
     * wait of the reader into three system calls (a read, a poll, a read) instead of one.
     */
    private static final class Connection {
        /**
         * A request to write (its head up to the {@code Content-Length} value, its body), the answer it waits for, and
         * when that answer is late ({@link System#nanoTime}).
         */
        private record Call(byte[] head, byte[] body, CompletableFuture<Answer> answer, long deadline) {}

        /** A call written, waiting for its answer. */
        private record Waiting(CompletableFuture<Answer> answer, long deadline) {}

        private static final Call STOP = new Call(new byte[0], new byte[0], new CompletableFuture<>(), 0);

        private final Socket socket;
        private final OutputStream out;
        private final HttpWire.Input in;
        /** What the calls waiting when the oldest of them is late fail with. */
        private final String late;
        private final BlockingQueue<Call> toWrite = new LinkedBlockingQueue<>();
        /** Answers awaited, in the order their requests were written. */
        private final Deque<Waiting> waiting = new ArrayDeque<>(); // guarded by itself
        private volatile boolean dead;
        private volatile long lastUsed = System.nanoTime();

        /**
         * @param late        the failure of the calls waiting when the oldest one's answer is late
         * @param checkMillis how often the oldest call's deadline is looked at
         */
        Connection(Socket socket, String late, long checkMillis) throws IOException {
            this.socket = socket;
            this.late = late;
            socket.setSoTimeout(0); // the handshake's, for TLS
            this.out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
            this.in = new HttpWire.Input(socket.getInputStream());
            Thread.ofPlatform().daemon().name("mesos-calls-writer").start(this::write);
            Thread.ofPlatform().daemon().name("mesos-calls-reader").start(this::read);
            Thread.ofVirtual().name("mesos-calls-deadline").start(() -> watch(Math.max(1, checkMillis)));
        }

        boolean dead() {
            return dead;
        }

        boolean idleFor(Duration d) {
            if (System.nanoTime() - lastUsed <= d.toNanos()) {
                return false;
            }
            synchronized (waiting) {
                return waiting.isEmpty() && toWrite.isEmpty();
            }
        }

        CompletableFuture<Answer> send(byte[] head, byte[] body, long deadline) {
            CompletableFuture<Answer> answer = new CompletableFuture<>();
            lastUsed = System.nanoTime();
            toWrite.add(new Call(head, body, answer, deadline));
            if (dead) {
                // close() may have drained the queue before this call was added: fail it rather than leave it.
                answer.completeExceptionally(new IOException("connection closed"));
            }
            return answer;
        }

        /** Fails the connection once the oldest call waiting is past its deadline; ends with the connection. */
        private void watch(long checkMillis) {
            while (!dead) {
                try {
                    Thread.sleep(checkMillis);
                } catch (InterruptedException e) {
                    return;
                }
                Waiting oldest;
                synchronized (waiting) {
                    oldest = waiting.peekFirst();
                }
                if (oldest != null && System.nanoTime() - oldest.deadline() > 0) {
                    close(new IOException(late));
                }
            }
        }

        private void write() {
            List<Call> batch = new ArrayList<>();
            long lastWrite = System.nanoTime() - HttpWire.PACE_NANOS;
            try {
                while (!dead) {
                    batch.add(toWrite.take());
                    HttpWire.pace(lastWrite); // a busy connection's calls go out together
                    toWrite.drainTo(batch);
                    for (Call call : batch) {
                        if (call == STOP) {
                            return;
                        }
                        synchronized (waiting) {
                            if (dead) {
                                call.answer().completeExceptionally(new IOException("connection closed"));
                                continue;
                            }
                            // before its bytes go out, so the reader finds it
                            waiting.addLast(new Waiting(call.answer(), call.deadline()));
                        }
                        HttpWire.writeRequest(out, call.head(), call.body());
                    }
                    out.flush();
                    lastWrite = System.nanoTime();
                    batch.clear();
                }
            } catch (IOException e) {
                close(e);
            } catch (InterruptedException e) {
                close(new IOException("interrupted"));
            } finally {
                batch.forEach(call -> call.answer().completeExceptionally(new IOException("connection closed")));
            }
        }

        private void read() {
            try {
                while (true) {
                    Answer answer = readAnswer();
                    Waiting first;
                    synchronized (waiting) {
                        first = waiting.pollFirst();
                    }
                    lastUsed = System.nanoTime();
                    if (first == null) {
                        throw new IOException("an answer to no request (HTTP " + answer.status() + ")");
                    }
                    first.answer().complete(answer);
                }
            } catch (IOException e) {
                close(e);
            }
        }

        /** Reads one answer: status line, headers, then the body by Content-Length, chunked, or to the end. */
        private Answer readAnswer() throws IOException {
            HttpWire.Head head = in.head();
            if (head == null) {
                throw new EOFException("connection closed by the server");
            }
            Answer answer = new Answer(head.status(), head.location(),
                    new String(in.body(head), StandardCharsets.UTF_8));
            if (head.closeAfter()) {
                synchronized (waiting) {
                    // Dead before the answer is handed over: a call its caller makes next must take a new connection.
                    dead = true;
                    Waiting first = waiting.pollFirst();
                    if (first != null) {
                        first.answer().complete(answer);
                    }
                }
                throw new EOFException("the server closed the connection after an answer");
            }
            return answer;
        }

        void close(IOException why) {
            List<CompletableFuture<Answer>> failed = new ArrayList<>();
            synchronized (waiting) {
                dead = true;
                waiting.forEach(w -> failed.add(w.answer()));
                waiting.clear();
            }
            List<Call> unsent = new ArrayList<>();
            toWrite.drainTo(unsent);
            toWrite.add(STOP);
            unsent.forEach(call -> failed.add(call.answer()));
            HttpWire.close(socket);
            failed.forEach(f -> f.completeExceptionally(why));
        }
    }
}
