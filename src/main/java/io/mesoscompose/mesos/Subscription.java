package io.mesoscompose.mesos;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * One open SUBSCRIBE answer. A virtual thread reads its RecordIO stream into an inbox; the connection loop takes
 * from the inbox with a timeout, which is how a silent master is noticed without any timer. Anyone may
 * {@link #abort} it (reconnect asked, leader moved, client closing): the loop sees the reason next.
 */
final class Subscription {

    /** Largest event accepted; an OFFERS event of a big cluster is the largest there is. */
    private static final long MAX_EVENT_BYTES = 64L << 20;
    private static final int BUFFER_BYTES = 64 * 1024;

    /** What {@link #next} found: an event, or the end of the subscription and why. */
    sealed interface Item {}

    record Received(Event event) implements Item {}

    record Ended(String reason, boolean asked) implements Item {}

    final MasterHttp.Stream stream;
    private final BlockingQueue<Item> inbox = new LinkedBlockingQueue<>();
    /** Set once SUBSCRIBED arrived: from then on calls can be made on this subscription. */
    volatile FrameworkID frameworkId;
    private volatile Ended aborted;

    Subscription(MasterHttp.Stream stream) {
        this.stream = stream;
    }

    void startReading(WireFormat format) {
        Thread.ofVirtual().name("mesos-events").start(() -> read(format));
    }

    private void read(WireFormat format) {
        String end;
        try {
            // Buffered: the reader takes the length prefix byte by byte.
            RecordIO.Reader reader = new RecordIO.Reader(new BufferedInputStream(stream.body(), BUFFER_BYTES),
                    MAX_EVENT_BYTES);
            for (Optional<byte[]> record = reader.next(); record.isPresent(); record = reader.next()) {
                inbox.add(new Received(format.decode(record.get())));
            }
            end = "the master closed the event stream";
        } catch (IOException e) {
            end = "event stream broken: " + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName());
        }
        inbox.add(new Ended(end, false));
    }

    /** The next event, or why the subscription ended; an abort wins over events still queued. */
    Item next(Duration silence) throws InterruptedException {
        Item item = inbox.poll(silence.toMillis(), TimeUnit.MILLISECONDS);
        if (aborted != null) {
            return aborted;
        }
        return item != null ? item : new Ended("no event from the master for " + MesosClient.seconds(silence), false);
    }

    /** Ends the subscription at the loop's next step; the first reason given is the one reported. */
    void abort(String reason) {
        if (aborted == null) {
            aborted = new Ended(reason, true);
        }
        inbox.add(aborted);
    }

    boolean subscribed() {
        return frameworkId != null;
    }

    /** Closing the body closes the connection: the master sees the framework disconnect, the reader stops. */
    void close() {
        try {
            stream.body().close();
        } catch (IOException e) {
            // already broken: nothing left to release
        }
    }
}
