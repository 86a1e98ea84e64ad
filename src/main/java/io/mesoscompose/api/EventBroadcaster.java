package io.mesoscompose.api;

import io.mesoscompose.json.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fans events out to Server-Sent-Events clients. Each client has a bounded queue: a client too slow to keep up is
 * disconnected (it can reconnect with {@code Last-Event-ID} semantics left to the client) rather than slowing the
 * scheduler, which publishes without ever blocking.
 */
public final class EventBroadcaster {
    private static final Logger log = LoggerFactory.getLogger(EventBroadcaster.class);
    private static final int QUEUE_CAPACITY = 1024;
    private static final Duration KEEPALIVE = Duration.ofSeconds(15);

    /** One event as sent: its SSE id, name and JSON data; {@code project} lets a client follow one project. */
    public record Event(long id, String name, String project, String json) {}

    private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
    private final AtomicLong nextId = new AtomicLong(1);
    /** The last event of each sticky name, sent to every client that connects later. */
    private final Map<String, Event> sticky = new ConcurrentHashMap<>();

    /** Publishes to every connected client; never blocks. */
    public void publish(String name, String project, Object data) {
        encode(name, project, data).ifPresent(this::send);
    }

    /**
     * Publishes, and remembers the event as the current state of {@code name}: a client that connects later gets
     * it first (the link to the master, which changes rarely, is known to a dashboard opened in between).
     */
    public void publishSticky(String name, String project, Object data) {
        encode(name, project, data).ifPresent(event -> {
            sticky.put(name, event);
            send(event);
        });
    }

    private Optional<Event> encode(String name, String project, Object data) {
        try {
            return Optional.of(new Event(nextId.getAndIncrement(), name, project, Json.MAPPER.writeValueAsString(data)));
        } catch (JsonProcessingException e) {
            log.warn("event {} not published: {}", name, e.getMessage());
            return Optional.empty();
        }
    }

    private void send(Event event) {
        for (Subscriber subscriber : subscribers) {
            if (subscriber.filter.test(event) && !subscriber.queue.offer(event)) {
                subscriber.overflowed = true;
            }
        }
    }

    public int clients() {
        return subscribers.size();
    }

    /** An SSE response body: streams events that pass {@code filter} until the client disconnects. */
    public ApiResponse.StreamWriter stream(Predicate<Event> filter) {
        return out -> {
            Subscriber subscriber = new Subscriber(filter);
            subscribers.add(subscriber);
            try {
                write(out, ": connected\n\n");
                for (Event event : sticky.values()) {
                    if (filter.test(event)) {
                        write(out, event);
                    }
                }
                while (!subscriber.overflowed) {
                    Event event = subscriber.queue.poll(KEEPALIVE.toMillis(), TimeUnit.MILLISECONDS);
                    if (event == null) {
                        write(out, ": keep-alive\n\n");
                    } else {
                        write(out, event);
                    }
                }
                log.info("event stream client too slow ({} events queued): disconnected", QUEUE_CAPACITY);
            } finally {
                subscribers.remove(subscriber);
            }
        };
    }

    private static void write(OutputStream out, Event event) throws IOException {
        write(out, "id: " + event.id() + "\nevent: " + event.name() + "\ndata: " + event.json() + "\n\n");
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static final class Subscriber {
        final BlockingQueue<Event> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
        final Predicate<Event> filter;
        volatile boolean overflowed;

        Subscriber(Predicate<Event> filter) {
            this.filter = filter;
        }
    }
}
