package io.mesoscompose.mesos;

import io.mesoscompose.tls.MesosHttpClients;
import io.mesoscompose.tls.TlsContexts;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLContext;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of the v1 scheduler API: POSTs of {@code Call}s (protobuf or JSON) to {@code /api/v1/scheduler}, with basic
 * auth, TLS, the {@code Mesos-Stream-Id} of calls, and 307 redirects of a non-leading master followed by hand (the
 * real master answers with a scheme-relative {@code Location: //host:port/api/v1/scheduler}).
 */
final class MasterHttp implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(MasterHttp.class);
    static final String PATH = "/api/v1/scheduler";
    private static final int MAX_REDIRECTS = 5;

    /**
     * An open SUBSCRIBE answer: the master that accepted it (after redirects), its stream ID, the event bytes as
     * they come, and the socket they come on.
     */
    record Stream(URI master, String streamId, InputStream body, Socket socket) implements AutoCloseable {
        /** A read of the body waits at most this long, then fails with a {@link java.net.SocketTimeoutException}. */
        void silence(Duration longest) throws IOException {
            socket.setSoTimeout((int) Math.clamp(longest.toMillis(), 1, Integer.MAX_VALUE));
        }

        /** Closes the connection at once: the master sees the framework go, a read waiting fails. */
        @Override
        public void close() {
            HttpWire.close(socket);
        }
    }

    private final HttpClient http;
    private final SSLContext tls;
    private final Optional<String> authorization;
    private final ClientConfig.Timing timing;
    private final WireFormat wire;
    /** The connection calls go over, to the master of the current subscription (replaced when that changes). */
    private CallPipeline calls; // guarded by this

    MasterHttp(ClientConfig config) {
        this.tls = TlsContexts.client("the Mesos master", config.tls().caFile(), config.tls().insecure());
        this.http = MesosHttpClients.create(tls, config.timing().requestTimeout());
        this.authorization = MesosHttpClients.basic(config.principal(), config.secret());
        this.timing = config.timing();
        this.wire = config.wireFormat();
    }

    /**
     * SUBSCRIBE to {@code master} (a base URL such as {@code http://m1:5050}), following redirects to the leader, on a
     * connection of its own ({@link HttpWire}): the answer is the event stream, read by the client's connection
     * thread straight from the socket.
     */
    Stream subscribe(URI master, Call call) throws IOException {
        URI target = master.resolve(PATH);
        for (int hops = 0; hops <= MAX_REDIRECTS; hops++) {
            Socket socket = HttpWire.open(target, Optional.of(tls), timing.requestTimeout());
            boolean streaming = false;
            try {
                socket.setSoTimeout((int) timing.requestTimeout().toMillis());
                OutputStream out = new BufferedOutputStream(socket.getOutputStream()); // one write at the flush
                HttpWire.writeRequest(out, HttpWire.postHead(target, headers(Optional.empty())), wire.encode(call));
                out.flush();
                HttpWire.Input in = new HttpWire.Input(socket.getInputStream());
                HttpWire.Head head = in.head();
                if (head == null) {
                    throw new EOFException(base(target) + " closed the connection without answering SUBSCRIBE");
                }
                if (head.status() == 200) {
                    if (head.streamId().isEmpty()) {
                        throw new MesosCallException("SUBSCRIBE answer of " + base(target) + " has no Mesos-Stream-Id",
                                200, null);
                    }
                    streaming = true;
                    return new Stream(base(target), head.streamId().get(), in.stream(head), socket);
                }
                String text = new String(in.stream(head).readNBytes(4096), StandardCharsets.UTF_8);
                if (head.status() == 307) {
                    target = redirect(target, head.location(), PATH);
                    log.info("master moved to {}", base(target));
                    continue;
                }
                throw refused(call, target, head.status(), text);
            } finally {
                if (!streaming) {
                    HttpWire.close(socket);
                }
            }
        }
        throw new MesosCallException("SUBSCRIBE redirected more than " + MAX_REDIRECTS + " times, last to " + target,
                307, null);
    }

    /** The headers of a call: the wire format, the subscription's stream ID (not SUBSCRIBE's), credentials. */
    private List<String> headers(Optional<String> streamId) {
        List<String> headers = new ArrayList<>(List.of("Content-Type", wire.mediaType(), "Accept", wire.mediaType()));
        streamId.ifPresent(id -> headers.addAll(List.of("Mesos-Stream-Id", id)));
        authorization.ifPresent(a -> headers.addAll(List.of("Authorization", a)));
        return headers;
    }

    /**
     * A call on an open subscription, over the pipelined call connection ({@link CallPipeline}); anything but 202 (or
     * 200) is a {@link MesosCallException}.
     */
    void call(URI master, String streamId, Call call) {
        try {
            callAsync(master, streamId, call).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof MesosCallException m ? m
                    : new MesosCallException(call.getType() + " failed: " + e.getCause(), 0, e.getCause());
        }
    }

    /**
     * The same, queued behind the calls sent before and answered later: the future fails with a
     * {@link MesosCallException}.
     */
    CompletableFuture<Void> callAsync(URI master, String streamId, Call call) {
        CallTarget calling = callTarget(master, streamId);
        URI target = calling.target();
        CompletableFuture<Void> done = new CompletableFuture<>();
        pipeline(target).send(calling.headers(), wire.encode(call)).whenComplete((answer, failure) -> {
            if (failure != null) {
                done.completeExceptionally(new MesosCallException(call.getType() + " to " + base(target)
                        + " failed: " + failure, 0, failure));
                return;
            }
            try {
                check(call, target, answer);
                done.complete(null);
            } catch (MesosCallException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /**
     * Where the calls of a subscription go and their headers, made once per subscription rather than per call (a
     * launch makes two ACKNOWLEDGE calls per task).
     */
    private record CallTarget(URI master, String streamId, URI target, List<String> headers) {}

    private volatile CallTarget callTarget;

    private CallTarget callTarget(URI master, String streamId) {
        CallTarget c = callTarget;
        if (c == null || !c.master().equals(master) || !c.streamId().equals(streamId)) {
            c = new CallTarget(master, streamId, master.resolve(PATH), List.copyOf(headers(Optional.of(streamId))));
            callTarget = c;
        }
        return c;
    }

    private void check(Call call, URI target, CallPipeline.Answer answer) {
        int status = answer.status();
        if (status == 202 || status == 200) {
            return;
        }
        if (status == 307) {
            // The stream ID is only valid on the master we subscribed to: the caller must subscribe again.
            throw new MesosCallException(call.getType() + " not accepted: master moved to "
                    + base(redirect(target, answer.location(), PATH)), 307, null);
        }
        throw refused(call, target, status, answer.body());
    }

    private synchronized CallPipeline pipeline(URI target) {
        if (calls == null || !calls.target().equals(target)) {
            if (calls != null) {
                calls.close();
            }
            calls = new CallPipeline(target, Optional.of(tls), timing.requestTimeout());
        }
        return calls;
    }

    /**
     * A read-only operator endpoint of the master ({@code pathAndQuery} such as
     * {@code /master/frameworks?framework_id=...}), with the same credentials and TLS, following a non-leader's
     * 307 to the leader. The body of the 200 answer.
     */
    String get(URI master, String pathAndQuery) throws IOException, InterruptedException {
        URI target = master.resolve(pathAndQuery);
        for (int hops = 0; hops <= MAX_REDIRECTS; hops++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(target).header("Accept", "application/json")
                    .timeout(timing.requestTimeout()).GET();
            authorization.ifPresent(a -> b.header("Authorization", a));
            HttpResponse<String> response = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                return response.body();
            }
            if (response.statusCode() != 307) {
                String text = response.body() == null ? "" : response.body().strip();
                throw new MesosCallException("GET " + target + " answered HTTP " + response.statusCode()
                        + (text.isEmpty() ? "" : ": " + text), response.statusCode(), null);
            }
            target = redirect(target, response.headers().firstValue("Location"), pathAndQuery);
        }
        throw new MesosCallException("GET " + pathAndQuery + " redirected more than " + MAX_REDIRECTS + " times", 307,
                null);
    }

    /** {@code path} on the master a 307's {@code Location} names (only its authority is taken). */
    private static URI redirect(URI from, Optional<String> location, String path) {
        String to = location.orElseThrow(() -> new MesosCallException("307 from " + base(from) + " without Location",
                307, null));
        return base(from.resolve(to)).resolve(path);
    }

    private static MesosCallException refused(Call call, URI target, int status, String text) {
        String detail = text == null || text.isBlank() ? "" : ": " + text.strip();
        return new MesosCallException(call.getType() + " refused by " + base(target) + " with HTTP " + status + detail,
                status, null);
    }

    /** {@code scheme://host:port}, what the logs and the Subscribed event call "the master". */
    static URI base(URI uri) {
        return URI.create(uri.getScheme() + "://" + uri.getAuthority());
    }

    @Override
    public void close() {
        synchronized (this) {
            if (calls != null) {
                calls.close();
            }
        }
        http.shutdownNow();
    }
}
