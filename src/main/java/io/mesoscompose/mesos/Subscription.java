package io.mesoscompose.mesos;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * One open SUBSCRIBE answer, read by the client's connection thread straight from the socket: a read that waits
 * longer than the silence allowed is how a silent master is noticed, without any timer; no thread and no queue
 * stand between the socket and the connection loop (a launch of 100,000 tasks brings 200,000 status updates).
 * Anyone may {@link #abort} it (reconnect asked, leader moved, client closing): that closes the socket, and the
 * loop sees the reason next.
 */
final class Subscription {

    /** Largest event accepted; an OFFERS event of a big cluster is the largest there is. */
    private static final long MAX_EVENT_BYTES = 64L << 20;

    /** What {@link #next} found: an event, or the end of the subscription and why. */
    sealed interface Item {}

    record Received(Event event) implements Item {}

    record Ended(String reason, boolean asked) implements Item {}

    final MasterHttp.Stream stream;
    private final WireFormat format;
    private final RecordIO.Reader reader;
    /** Set once SUBSCRIBED arrived: from then on calls can be made on this subscription. */
    volatile FrameworkID frameworkId;
    private volatile Ended aborted;

    Subscription(MasterHttp.Stream stream, WireFormat format) {
        this.stream = stream;
        this.format = format;
        this.reader = new RecordIO.Reader(stream.body(), MAX_EVENT_BYTES);
    }

    /**
     * The next event, or why the subscription ended: the master closed the stream, it broke, nothing came for
     * {@code silence}, or it was aborted (an abort wins over an event read meanwhile). Only the connection loop
     * calls it.
     */
    Item next(Duration silence) {
        if (aborted != null) {
            return aborted;
        }
        Item item;
        try {
            stream.silence(silence);
            Optional<RecordIO.Record> record = reader.nextRecord();
            item = record.isEmpty() ? new Ended("the master closed the event stream", false)
                    : new Received(format.decode(record.get()));
        } catch (HttpWire.EndedBetweenChunks e) {
            item = new Ended("the master closed the event stream", false);
        } catch (SocketTimeoutException e) {
            item = new Ended("no event from the master for " + MesosClient.seconds(silence), false);
        } catch (IOException e) {
            item = new Ended("event stream broken: "
                    + (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName()), false);
        }
        Ended abort = aborted;
        return abort != null ? abort : item;
    }

    /** Ends the subscription: the connection loop sees this reason next (the first given is the one reported). */
    void abort(String reason) {
        if (aborted == null) {
            aborted = new Ended(reason, true);
        }
        close();
    }

    boolean subscribed() {
        return frameworkId != null;
    }

    /** Closes the connection: the master sees the framework disconnect, a read waiting fails at once. */
    void close() {
        stream.close();
    }
}
