package io.mesoscompose.mesos;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * A scripted master on loopback that records every request: for what the simulator cannot do (go silent, answer
 * with a chosen error, speak TLS) and for checking exact headers.
 */
final class FakeMaster implements AutoCloseable {

    /** A call received, and the client's address and port (one connection's calls have the same). */
    record Request(Call call, com.sun.net.httpserver.Headers headers, InetSocketAddress from) {}

    final List<Request> requests = new CopyOnWriteArrayList<>();
    /** Counted down each time a client goes away from an open event stream (noticed on the next write). */
    final CountDownLatch streamClosedByClient = new CountDownLatch(1);
    final AtomicInteger subscriptions = new AtomicInteger();
    volatile double heartbeatSeconds = 15;
    /** False: the master goes silent after SUBSCRIBED (a half-dead connection). */
    volatile boolean heartbeats = true;
    /** Counted down by the test: a silent master starts writing again, to notice a closed stream. */
    final CountDownLatch probe = new CountDownLatch(1);
    volatile int callStatus = 202;
    volatile String callBody = "";
    /** Anything but 200: SUBSCRIBE is refused with it (503 is what a master that does not lead yet says). */
    volatile int subscribeStatus = 200;
    /** When set, this master does not lead: every request gets 307 with {@code Location: //host:port}. */
    volatile String redirectTo;
    private final HttpServer server;
    private volatile boolean closed;

    FakeMaster() throws IOException {
        this(null);
    }

    /** With {@code tls}, an HTTPS master. */
    FakeMaster(SSLContext tls) throws IOException {
        InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls == null) {
            server = HttpServer.create(address, 0);
        } else {
            HttpsServer https = HttpsServer.create(address, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        }
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext(MasterHttp.PATH, this::handle);
        server.start();
    }

    String url() {
        return (server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange ex) throws IOException {
        Call call = Call.parseFrom(ex.getRequestBody().readAllBytes());
        requests.add(new Request(call, ex.getRequestHeaders(), ex.getRemoteAddress()));
        if (redirectTo != null) {
            // as Mesos 0.26 did: the authority only, no path
            ex.getResponseHeaders().add("Location", redirectTo.substring(redirectTo.indexOf("//")));
            ex.sendResponseHeaders(307, -1);
            ex.close();
            return;
        }
        if (call.getType() != Call.Type.SUBSCRIBE) {
            byte[] body = callBody.getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(callStatus, body.length == 0 ? -1 : body.length);
            ex.getResponseBody().write(body);
            ex.close();
            return;
        }
        if (subscribeStatus != 200) {
            byte[] body = "Not the leading master".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(subscribeStatus, body.length);
            ex.getResponseBody().write(body);
            ex.close();
            return;
        }
        int n = subscriptions.incrementAndGet();
        FrameworkID id = call.getSubscribe().getFrameworkInfo().hasId()
                ? call.getSubscribe().getFrameworkInfo().getId() : FrameworkID.newBuilder().setValue("fw-1").build();
        ex.getResponseHeaders().add("Mesos-Stream-Id", "stream-" + n);
        ex.getResponseHeaders().add("Content-Type", "application/x-protobuf");
        ex.sendResponseHeaders(200, 0);
        OutputStream out = ex.getResponseBody();
        try {
            RecordIO.write(out, Event.newBuilder().setType(Event.Type.SUBSCRIBED).setSubscribed(Event.Subscribed
                    .newBuilder().setFrameworkId(id).setHeartbeatIntervalSeconds(heartbeatSeconds)).build()
                    .toByteArray());
            byte[] beat = Event.newBuilder().setType(Event.Type.HEARTBEAT).build().toByteArray();
            if (!heartbeats) {
                // Silent until the test has seen the client give up; then writes show whether it closed the stream.
                probe.await();
                for (int i = 0; i < 500 && !closed; i++) {
                    RecordIO.write(out, beat);
                    Thread.sleep(20);
                }
                return;
            }
            while (!closed) {
                Thread.sleep(Math.round(heartbeatSeconds * 1000));
                RecordIO.write(out, beat);
            }
        } catch (IOException e) {
            streamClosedByClient.countDown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            ex.close();
        }
    }

    @Override
    public void close() {
        closed = true;
        probe.countDown();
        server.stop(0);
    }
}
