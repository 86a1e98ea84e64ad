package io.mesoscompose.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.mesos.RecordIO;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;

class EventStreamTest {

    /** A response body that counts its flushes; its bytes can be read while it is written. */
    private static final class Body extends ByteArrayOutputStream {
        final AtomicInteger flushes = new AtomicInteger();

        @Override
        public void flush() {
            flushes.incrementAndGet();
        }

        synchronized byte[] bytes() {
            return toByteArray();
        }
    }

    private static Event update(int i) {
        return Event.newBuilder().setType(Event.Type.UPDATE).setUpdate(Event.Update.newBuilder().setStatus(
                TaskStatus.newBuilder().setTaskId(TaskID.newBuilder().setValue("t" + i))
                        .setState(TaskState.TASK_RUNNING))).build();
    }

    private static List<Event> read(byte[] bytes) throws IOException {
        RecordIO.Reader reader = new RecordIO.Reader(new ByteArrayInputStream(bytes), 1 << 20);
        List<Event> events = new ArrayList<>();
        for (Optional<byte[]> r = reader.next(); r.isPresent(); r = reader.next()) {
            events.add(Event.parseFrom(r.get()));
        }
        return events;
    }

    @Test
    void aBurstOfEventsIsWrittenWholeInOrderWithFewFlushes() throws Exception {
        EventStream stream = new EventStream("s1", false);
        List<Event> sent = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            sent.add(update(i));
            stream.send(sent.get(i));
        }
        stream.close();
        Body body = new Body();
        stream.pump(body);
        assertThat(read(body.bytes())).isEqualTo(sent);
        assertThat(body.flushes.get()).as("one flush per buffer full, not one per event").isLessThan(100);
    }

    @Test
    void aLoneEventIsFlushedAtOnce() throws Exception {
        EventStream stream = new EventStream("s1", false);
        Body body = new Body();
        Thread pump = Thread.ofVirtual().start(() -> {
            try {
                stream.pump(body);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            stream.send(update(1));
            long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
            while (body.flushes.get() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            assertThat(read(body.bytes())).containsExactly(update(1));
        } finally {
            stream.close();
            pump.join(Duration.ofSeconds(5));
        }
    }
}
