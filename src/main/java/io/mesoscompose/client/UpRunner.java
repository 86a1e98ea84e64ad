package io.mesoscompose.client;

import io.mesoscompose.api.model.ApplyRequest;
import io.mesoscompose.api.model.ApplyResponse;
import io.mesoscompose.api.model.DiagnosticView;
import io.mesoscompose.api.model.ServiceStatus;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * {@code up}: sends the project, then follows its event stream and shows per-service progress until every service
 * runs (exit 0), one fails (exit 1, with the reason), the project is taken down meanwhile, or the timeout passes.
 *
 * <p>The stream is opened before the files are sent, so no event of this deployment is missed; the counts are then
 * seeded from the project's current state, which covers an update that changes nothing.
 */
public final class UpRunner {
    /** Wakes the wait loop when the stream ends. */
    private static final SseReader.Event END = new SseReader.Event("", "", "");

    private final ComposeClient client;
    private final PrintWriter out;
    private final boolean redraw;

    /** @param redraw redraw the progress block in place (a terminal); otherwise print each change as a line */
    public UpRunner(ComposeClient client, PrintWriter out, boolean redraw) {
        this.client = client;
        this.out = out;
        this.redraw = redraw;
    }

    public int run(String project, ApplyRequest request, Duration timeout)
            throws IOException, InterruptedException, ApiException {
        try (SseReader stream = client.events(project)) {
            ApplyResponse accepted = client.apply(project, request);
            out.println("project " + project + ": version " + accepted.version() + " accepted by " + client.url());
            for (DiagnosticView warning : accepted.warnings()) {
                out.println(warning.text() != null ? warning.text() : "warning: " + warning.message());
            }
            UpProgress progress = new UpProgress(project);
            client.services(project).forEach(progress::update);
            BlockingQueue<SseReader.Event> events = new LinkedBlockingQueue<>();
            Thread reader = Thread.ofVirtual().name("up-events").start(() -> pump(stream, events));
            try {
                return follow(project, progress, events, System.nanoTime() + timeout.toNanos(), timeout);
            } finally {
                reader.interrupt();
            }
        }
    }

    private int follow(String project, UpProgress progress, BlockingQueue<SseReader.Event> events, long deadline,
                       Duration timeout) throws IOException, InterruptedException {
        int shown = show(progress, 0, null);
        while (true) {
            switch (progress.state()) {
                case UpProgress.State.Up up -> {
                    out.println("project " + project + " is up");
                    out.flush();
                    return 0;
                }
                case UpProgress.State.Failed failed -> {
                    out.println("service " + failed.service() + " failed: " + failed.reason());
                    out.flush();
                    return 1;
                }
                case UpProgress.State.InProgress waiting -> { }
            }
            long left = deadline - System.nanoTime();
            SseReader.Event event = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
            if (event == null) {
                out.println("gave up waiting after " + timeout.toSeconds() + "s; the framework goes on deploying"
                        + " (see mesos-compose ps)");
                out.flush();
                return 1;
            }
            if (event == END) {
                out.println("the event stream ended before the project was up; see mesos-compose ps");
                out.flush();
                return 1;
            }
            if (event.name().equals("project") && "killed".equals(ComposeClient.projectChange(event.data()))) {
                out.println("project " + project + " was taken down while starting");
                out.flush();
                return 1;
            }
            if (event.name().equals("service")) {
                ServiceStatus status = ComposeClient.serviceStatus(event.data());
                if (progress.update(status)) {
                    shown = show(progress, shown, status.service());
                }
            }
        }
    }

    /** Prints the progress; returns the number of lines now on screen (for the next redraw). */
    private int show(UpProgress progress, int shownBefore, String changed) {
        List<String> lines = progress.lines();
        if (redraw) {
            if (shownBefore > 0) {
                out.print("\033[" + shownBefore + "F\033[J");
            }
            out.println(progress.header());
            lines.forEach(out::println);
            out.flush();
            return lines.size() + 1;
        }
        Optional<String> only = Optional.ofNullable(changed);
        progress.lines().stream()
                .filter(line -> only.isEmpty() || line.substring(3).startsWith(only.get() + " "))
                .forEach(out::println);
        out.flush();
        return lines.size();
    }

    private static void pump(SseReader stream, BlockingQueue<SseReader.Event> events) {
        try {
            Optional<SseReader.Event> event;
            while ((event = stream.next()).isPresent()) {
                events.add(event.get());
            }
        } catch (IOException closed) {
            // the stream was closed: by us when done, or by the server
        } finally {
            events.add(END);
        }
    }
}
