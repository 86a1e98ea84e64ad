package io.mesoscompose.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.api.model.BackendEvent;
import io.mesoscompose.api.model.TaskView;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

class EventRoutesTest {

    private final FakeBackend backend = new FakeBackend();
    private final EventBroadcaster broadcaster = new EventBroadcaster();

    @Test
    void aTaskChangeIsViewedOnlyWhileAStreamClientListens() throws Exception {
        TaskView view = backend.task("web_api.1", "web", "api", "TASK_RUNNING");
        AtomicInteger views = new AtomicInteger();
        BackendEvent.TaskChanged changed = new BackendEvent.TaskChanged("web", "api", () -> {
            views.incrementAndGet();
            return view;
        });
        StringBuffer sent = new StringBuffer();
        try (EventRoutes routes = new EventRoutes(backend, broadcaster)) {
            backend.publish(changed);
            assertThat(views).as("nobody listens: the scheduler's thread does not make the view").hasValue(0);

            Thread client = Thread.ofVirtual().start(() -> {
                try {
                    broadcaster.stream(e -> true).writeTo(new OutputStream() {
                        @Override
                        public void write(int b) {
                            sent.append((char) b);
                        }

                        @Override
                        public void write(byte[] b, int off, int len) {
                            sent.append(new String(b, off, len, StandardCharsets.UTF_8));
                        }
                    });
                } catch (Exception e) {
                    // interrupted at the end of the test
                }
            });
            waitFor(() -> broadcaster.clients() == 1);
            backend.publish(changed);
            waitFor(() -> sent.indexOf("event: task") >= 0);
            assertThat(views).as("one client: the view is made once").hasValue(1);
            assertThat(sent.toString()).contains("\"TaskID\":\"web_api.1\"");
            client.interrupt();
        }
    }

    private static void waitFor(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 5 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }
}
