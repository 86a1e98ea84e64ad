package io.mesoscompose.simulator;

import com.google.protobuf.util.JsonFormat;
import io.mesoscompose.mesos.RecordIO;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * One subscribed scheduler's event stream. Events are queued by the cluster (under its lock) and written by the
 * SUBSCRIBE request's own thread, so a slow scheduler never blocks the master.
 */
final class EventStream {

    private static final Event CLOSE = Event.getDefaultInstance();
    private static final int BUFFER_BYTES = 64 * 1024;

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

    /**
     * Writes events until closed or the peer goes away. Runs on the SUBSCRIBE request's thread. The events queued
     * meanwhile are written together and flushed once nothing more waits, so a burst (the answers to a
     * reconciliation of 100,000 tasks) goes out in large writes, as a master's socket buffer sends it, rather than a
     * system call and an HTTP chunk per event; a lone event is flushed at once.
     */
    void pump(OutputStream body) throws InterruptedException {
        List<Event> ready = new ArrayList<>();
        try (OutputStream out = new BufferedOutputStream(body, BUFFER_BYTES)) {
            while (true) {
                ready.add(queue.take());
                queue.drainTo(ready);
                for (Event event : ready) {
                    if (event == CLOSE) {
                        return;
                    }
                    RecordIO.append(out, json
                            ? JsonFormat.printer().preservingProtoFieldNames().omittingInsignificantWhitespace()
                                    .print(event).getBytes(StandardCharsets.UTF_8)
                            : event.toByteArray());
                }
                ready.clear();
                if (queue.isEmpty()) {
                    out.flush();
                }
            }
        } catch (IOException e) {
            // the scheduler closed the connection: the caller treats the framework as disconnected
        } finally {
            closed = true;
        }
    }
}
