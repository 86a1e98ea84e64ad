package io.mesoscompose.mesos;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLContext;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.Message;
import org.apache.hc.core5.http.Method;
import org.apache.hc.core5.http.impl.bootstrap.AsyncRequesterBootstrap;
import org.apache.hc.core5.http.impl.bootstrap.HttpAsyncRequester;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.apache.hc.core5.http.nio.AsyncClientEndpoint;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.entity.BasicAsyncEntityConsumer;
import org.apache.hc.core5.http.nio.ssl.BasicClientTlsStrategy;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.apache.hc.core5.http.nio.support.BasicResponseConsumer;
import org.apache.hc.core5.http.protocol.HttpProcessorBuilder;
import org.apache.hc.core5.http.protocol.RequestConnControl;
import org.apache.hc.core5.http.protocol.RequestContent;
import org.apache.hc.core5.http.protocol.RequestTargetHost;
import org.apache.hc.core5.http.protocol.RequestUserAgent;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.apache.hc.core5.util.Timeout;

/**
 * The one HTTP/1.1 connection every call but SUBSCRIBE goes over, pipelined: requests are written back to back as
 * they come, without waiting for the answers before, and the answers are read in order. This is how the Mesos
 * scheduler library talks to the master (src/scheduler/scheduler.cpp keeps a {@code nonSubscribe} connection, and
 * libprocess' {@code http::Connection} pipelines: "HTTP pipelining is automatically performed",
 * include/process/http.hpp). The JDK's HttpClient cannot pipeline; Apache HttpCore 5's requester can, on a
 * connection taken for our use alone ({@code HttpAsyncRequester.connect}): requests executed on it go out in the
 * order they are handed over (a first-in first-out command queue), which here is the order of {@link #send} calls
 * (handed over under one lock). Apache HttpClient 5 is not used: its connection manager puts each new request at the
 * head of the connection's queue, so requests queued together went out last first.
 *
 * <p>A connection that fails (or an answer that takes longer than the timeout) fails every call waiting on it; the
 * next call opens a new connection. A connection idle for a while is replaced before use, as servers close idle
 * connections and a request written into a closing one would fail for nothing. TLS checks the master's certificate
 * and host name as the JDK's HttpClient does (the host name check is the JDK's, so an insecure context skips it).
 */
final class CallPipeline implements AutoCloseable {

    /** An answer: status, the Location header (redirects), and the body as text. */
    record Answer(int status, Optional<String> location, String body) {}

    private static final Duration IDLE = Duration.ofSeconds(10);

    private final URI target;
    private final HttpHost host;
    private final Duration timeout;
    private final HttpAsyncRequester requester;
    private final Object lock = new Object();
    private Connection connection; // guarded by lock
    private boolean closed; // guarded by lock

    /** @param target the endpoint, e.g. {@code http://master:5050/api/v1/scheduler} (https: with {@code tls}) */
    CallPipeline(URI target, Optional<SSLContext> tls, Duration timeout) {
        this.target = target;
        this.host = HttpHost.create(target);
        this.timeout = timeout;
        this.requester = AsyncRequesterBootstrap.bootstrap()
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(1).setTcpNoDelay(true).build())
                // The master's certificate and host name are checked by the JDK, as its HttpClient does.
                .setTlsStrategy(tls.map(BasicClientTlsStrategy::new).orElseGet(BasicClientTlsStrategy::new))
                .setTlsHandshakeTimeout(Timeout.of(timeout))
                // The library's default adds "Expect: 100-continue", which holds each body back for an interim answer
                // (and so the requests behind it): Host, Content-Length and keep-alive only.
                .setHttpProcessor(HttpProcessorBuilder.create().addAll(RequestTargetHost.INSTANCE,
                        RequestContent.INSTANCE, RequestConnControl.INSTANCE, new RequestUserAgent("mesos-compose"))
                        .build())
                .create();
        requester.start();
    }

    URI target() {
        return target;
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
        BasicHttpRequest request = new BasicHttpRequest(Method.POST, host, target.getRawPath());
        ContentType type = null; // the library's "none"; set from the headers below
        for (int i = 0; i + 1 < headers.size(); i += 2) {
            if (headers.get(i).equalsIgnoreCase("Content-Type")) {
                type = ContentType.parse(headers.get(i + 1));
            } else {
                request.addHeader(headers.get(i), headers.get(i + 1));
            }
        }
        BasicRequestProducer producer = new BasicRequestProducer(request, AsyncEntityProducers.create(body, type));
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        Connection c;
        synchronized (lock) {
            try {
                c = connection();
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
            c.execute(producer, answer);
        }
        return answer.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).exceptionallyCompose(failure -> {
            if (failure instanceof TimeoutException) {
                IOException late = new IOException("no answer from " + target.getAuthority() + " within "
                        + timeout.toMillis() + " ms");
                c.discard(late); // fails the calls behind this one too: their answers would come after it
                return CompletableFuture.failedFuture(late);
            }
            return CompletableFuture.failedFuture(failure instanceof IOException ? failure : new IOException(failure));
        });
    }

    /** The open connection, or a new one when there is none, it failed, or it sat idle too long. */
    private Connection connection() throws IOException {
        if (closed) {
            throw new IOException("connection to " + target.getAuthority() + " closed");
        }
        if (connection != null && connection.usable()) {
            return connection;
        }
        if (connection != null) {
            connection.discard(new IOException("connection replaced"));
        }
        try {
            connection = new Connection(requester.connect(host, Timeout.of(timeout))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS));
            return connection;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("no connection to " + target.getAuthority() + " within " + timeout.toSeconds()
                    + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting to " + target.getAuthority());
        }
    }

    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            if (connection != null) {
                connection.discard(new IOException("connection to " + target.getAuthority() + " closed"));
            }
        }
        // The calls on it have failed already. The library's graceful shutdown waits (up to 5 s) for exchanges still
        // open on a silent master, so it finishes on a thread of its own; its immediate shutdown is not used, as it
        // races the library's own I/O thread and logs a ClosedSelectorException.
        Thread.ofVirtual().name("mesos-calls-close").start(() -> requester.close(CloseMode.GRACEFUL));
    }

    /** A connection leased from the library for our use alone, with the calls waiting for an answer on it. */
    private static final class Connection {
        private final AsyncClientEndpoint endpoint;
        private final Set<CompletableFuture<Answer>> waiting = ConcurrentHashMap.newKeySet();
        private volatile long lastUsed = System.nanoTime();

        Connection(AsyncClientEndpoint endpoint) {
            this.endpoint = endpoint;
        }

        /** Open, and either busy or used recently. */
        boolean usable() {
            return endpoint.isConnected() && (!waiting.isEmpty() || System.nanoTime() - lastUsed <= IDLE.toNanos());
        }

        void execute(BasicRequestProducer request, CompletableFuture<Answer> answer) {
            waiting.add(answer);
            lastUsed = System.nanoTime();
            try {
                endpoint.execute(request, new BasicResponseConsumer<>(new BasicAsyncEntityConsumer()),
                        new FutureCallback<Message<HttpResponse, byte[]>>() {
                            @Override
                            public void completed(Message<HttpResponse, byte[]> message) {
                                HttpResponse response = message.getHead();
                                Header location = response.getFirstHeader("Location");
                                byte[] body = message.getBody();
                                done(answer).complete(new Answer(response.getCode(),
                                        Optional.ofNullable(location).map(Header::getValue),
                                        body == null ? "" : new String(body, StandardCharsets.UTF_8)));
                            }

                            @Override
                            public void failed(Exception e) {
                                done(answer).completeExceptionally(e instanceof IOException ? e : new IOException(e));
                            }

                            @Override
                            public void cancelled() {
                                done(answer).completeExceptionally(new IOException("connection closed"));
                            }
                        });
            } catch (RuntimeException e) {
                // The library refuses a connection that closed since usable() was asked: fail this call only.
                done(answer).completeExceptionally(new IOException("connection closed", e));
            }
        }

        private CompletableFuture<Answer> done(CompletableFuture<Answer> answer) {
            waiting.remove(answer);
            lastUsed = System.nanoTime();
            return answer;
        }

        /**
         * Closes the connection and fails the calls waiting on it at once (the library's close lets answers
         * already on their way complete, which a connection given up on must not wait for).
         */
        void discard(IOException why) {
            endpoint.releaseAndDiscard();
            for (CompletableFuture<Answer> answer : List.copyOf(waiting)) {
                done(answer).completeExceptionally(why);
            }
        }
    }
}
