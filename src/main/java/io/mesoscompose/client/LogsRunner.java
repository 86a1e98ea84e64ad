package io.mesoscompose.client;

import io.mesoscompose.api.model.LogStream;
import io.mesoscompose.api.model.TaskLog;
import io.mesoscompose.api.model.TaskView;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code logs}: the output of a project's tasks, read from their sandboxes through the framework, as
 * {@code docker compose logs [-f] [--tail N] [SERVICE…]} shows containers' output. Without {@code -f} each task's
 * stdout, then its stderr, is printed in turn. With {@code -f} every stream is followed at once, and new tasks of
 * the services shown (a restart, a scale-up) are followed as they start; it ends when every followed task has ended
 * and none of the services shown has a task left running.
 */
public final class LogsRunner {
    private static final Comparator<TaskView> ORDER = Comparator.comparing(TaskView::service)
            .thenComparingInt(TaskView::replica).thenComparing(TaskView::createdAt);

    private final ComposeClient client;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean colour;

    public LogsRunner(ComposeClient client, PrintWriter out, PrintWriter err, boolean colour) {
        this.client = client;
        this.out = out;
        this.err = err;
        this.colour = colour;
    }

    /** The tasks a command line selects, or why it selects none. */
    public record Selection(List<TaskView> tasks, Set<String> services, Optional<String> problem) {}

    /**
     * @param names services or task IDs; none: every task of the project
     */
    public static Selection select(String project, List<TaskView> all, List<String> names) {
        List<TaskView> placed = all.stream().filter(t -> !t.taskId().isEmpty()).sorted(ORDER).toList();
        if (names.isEmpty()) {
            Set<String> services = new LinkedHashSet<>();
            all.forEach(t -> services.add(t.service()));
            return new Selection(placed, services, Optional.empty());
        }
        Set<TaskView> chosen = new LinkedHashSet<>();
        Set<String> services = new LinkedHashSet<>();
        for (String name : names) {
            List<TaskView> ofService = placed.stream().filter(t -> t.service().equals(name)).toList();
            Optional<TaskView> task = placed.stream().filter(t -> t.taskId().equals(name)).findFirst();
            if (!ofService.isEmpty() || all.stream().anyMatch(t -> t.service().equals(name))) {
                services.add(name);
                chosen.addAll(ofService);
            } else if (task.isPresent()) {
                chosen.add(task.get());
            } else {
                return new Selection(List.of(), Set.of(), Optional.of("no service or task \"" + name
                        + "\" in project " + project));
            }
        }
        return new Selection(chosen.stream().sorted(ORDER).toList(), services, Optional.empty());
    }

    public int run(String project, List<String> names, boolean follow, Optional<Integer> tail)
            throws IOException, InterruptedException, ApiException {
        if (!follow) {
            Selection selection = select(project, client.tasks(Optional.of(project)), names);
            if (selection.problem().isPresent()) {
                err.println("error: " + selection.problem().get());
                return 1;
            }
            LogPrinter printer = printer(selection.tasks());
            for (TaskView task : selection.tasks()) {
                for (LogStream stream : LogStream.values()) {
                    print(task, stream, tail, printer);
                }
            }
            return 0;
        }
        try (SseReader events = client.events(project)) { // opened first: no task started meanwhile is missed
            Selection selection = select(project, client.tasks(Optional.of(project)), names);
            if (selection.problem().isPresent()) {
                err.println("error: " + selection.problem().get());
                return 1;
            }
            return new Following(project, selection, tail).run(events);
        }
    }

    private LogPrinter printer(List<TaskView> tasks) {
        int width = tasks.stream().mapToInt(t -> source(t).length()).max().orElse(0);
        return new LogPrinter(out, colour, Math.max(width, 6));
    }

    /** {@code web#1}: the service and replica, as {@code ps} shows them. */
    static String source(TaskView task) {
        return task.service() + "#" + task.replica();
    }

    private void print(TaskView task, LogStream stream, Optional<Integer> tail, LogPrinter printer)
            throws IOException, InterruptedException {
        try {
            TaskLog piece = client.log(task.taskId(), stream, 0, tail);
            while (!piece.data().isEmpty()) {
                printer.print(source(task), stream.fileName(), piece.data());
                piece = client.log(task.taskId(), stream, piece.nextOffset(), Optional.empty());
            }
        } catch (ApiException e) {
            if (e.status() != 404 || stream == LogStream.STDOUT) {
                problem(task, stream, e.error().error());
            }
        } finally {
            printer.finish(source(task), stream.fileName());
        }
    }

    private synchronized void problem(TaskView task, LogStream stream, String message) {
        err.println(source(task) + " (" + task.taskId() + ") " + stream.fileName() + ": " + message);
        err.flush();
    }

    /** {@code -f}: one thread per followed stream, and the project's events for tasks that start meanwhile. */
    private final class Following {
        private final String project;
        private final Selection selection;
        private final Optional<Integer> tail;
        private final Set<String> followed = ConcurrentHashMap.newKeySet();
        /** Streams being followed now; each that ends signals {@link #changed}. */
        private final AtomicInteger active = new AtomicInteger();
        private final BlockingQueue<Boolean> changed = new LinkedBlockingQueue<>();
        private final LogPrinter printer;

        Following(String project, Selection selection, Optional<Integer> tail) {
            this.project = project;
            this.selection = selection;
            this.tail = tail;
            this.printer = printer(selection.tasks());
        }

        int run(SseReader events) throws InterruptedException {
            selection.tasks().forEach(t -> follow(t, tail));
            Thread watcher = Thread.ofVirtual().name("logs-events").start(() -> watch(events));
            try {
                while (true) {
                    changed.poll(2, TimeUnit.SECONDS);
                    if (active.get() == 0 && !anyLive()) {
                        return 0;
                    }
                }
            } finally {
                watcher.interrupt();
            }
        }

        /** New tasks of the services shown, as the project's events announce them. */
        private void watch(SseReader events) {
            try {
                Optional<SseReader.Event> event;
                while ((event = events.next()).isPresent()) {
                    if (event.get().name().equals("task")) {
                        TaskView task = ComposeClient.task(event.get().data());
                        if (selection.services().contains(task.service()) && !task.taskId().isEmpty()
                                && !task.isTerminal()) {
                            follow(task, Optional.empty());
                        }
                    }
                }
            } catch (IOException closed) {
                // the stream ended (the framework stopped, or we are done)
            }
        }

        private void follow(TaskView task, Optional<Integer> from) {
            if (!followed.add(task.taskId())) {
                return;
            }
            for (LogStream stream : LogStream.values()) {
                active.incrementAndGet();
                Thread.ofVirtual().name("logs-" + task.taskId() + "-" + stream.fileName()).start(() -> {
                    try {
                        followStream(task, stream, from);
                    } finally {
                        printer.finish(source(task), stream.fileName());
                        active.decrementAndGet();
                        changed.offer(Boolean.TRUE);
                    }
                });
            }
        }

        private void followStream(TaskView task, LogStream stream, Optional<Integer> from) {
            try (SseReader log = client.followLog(task.taskId(), stream, from)) {
                Optional<SseReader.Event> event;
                while ((event = log.next()).isPresent()) {
                    switch (event.get().name()) {
                        case "log" -> printer.print(source(task), stream.fileName(),
                                ComposeClient.taskLog(event.get().data()).data());
                        case "problem" -> problem(task, stream, ComposeClient.error(event.get().data()));
                        case "end" -> {
                            return;
                        }
                        default -> { } // newer servers may send more
                    }
                }
            } catch (ApiException e) {
                problem(task, stream, e.error().error());
            } catch (IOException e) {
                problem(task, stream, "the log stream broke: " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Whether a service shown still has a task that runs (or will), whose output may come. */
        private boolean anyLive() throws InterruptedException {
            try {
                return client.tasks(Optional.of(project)).stream()
                        .anyMatch(t -> !t.isTerminal() && (selection.services().contains(t.service())
                                || followed.contains(t.taskId())));
            } catch (IOException | ApiException e) {
                return false;
            }
        }
    }
}
