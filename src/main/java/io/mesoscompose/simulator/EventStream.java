package io.mesoscompose.simulator;

import com.google.protobuf.util.JsonFormat;
import io.mesoscompose.mesos.RecordIO;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * One subscribed scheduler's event stream. Events are queued by the cluster (under its lock) and written by the
 * SUBSCRIBE request's own thread, so a slow scheduler never blocks the master.
 */
final class EventStream {

    private static final Event CLOSE = Event.getDefaultInstance();

    final String streamId;
    private final boolean json;
    private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
    private volatile boolean closed;

    EventStream(String streamId, boolean json) {
        this.streamId = streamId;
        this.json = json;
    }

    void send(Event event) {
        if (!closed) {
            queue.add(event);
        }
    }

    /** Ends the stream after the events already queued (a dropped connection, as the scheduler sees it). */
    void close() {
        closed = true;
        queue.add(CLOSE);
    }

    boolean isClosed() {
        return closed;
    }

    /** Writes events until closed or the peer goes away. Runs on the SUBSCRIBE request's thread. */
    void pump(OutputStream out) throws InterruptedException {
        try (out) {
            while (true) {
                Event event = queue.take();
                if (event == CLOSE) {
                    return;
                }
                byte[] bytes = json
                        ? JsonFormat.printer().preservingProtoFieldNames().omittingInsignificantWhitespace()
                                .print(event).getBytes(StandardCharsets.UTF_8)
                        : event.toByteArray();
                RecordIO.write(out, bytes);
            }
        } catch (IOException e) {
            // the scheduler closed the connection: the caller treats the framework as disconnected
        } finally {
            closed = true;
        }
    }
}
