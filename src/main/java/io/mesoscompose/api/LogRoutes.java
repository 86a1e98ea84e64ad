package io.mesoscompose.api;

import io.mesoscompose.api.model.ApiError;
import io.mesoscompose.api.model.LogRead;
import io.mesoscompose.api.model.LogStream;
import io.mesoscompose.api.model.TaskLog;
import io.mesoscompose.api.model.TaskView;
import io.mesoscompose.json.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * {@code GET /api/compose/v1/tasks/{id}/logs}: a task's {@code stdout} or {@code stderr}, read from its sandbox on
 * its agent through the backend.
 *
 * <pre>
 * stream=stdout|stderr   which file (default stdout)
 * offset=N               read from byte N (default 0) ...
 * tail=N                 ... or from where the last N lines begin
 * length=N               at most N bytes (default and cap 65536, one read of the agent)
 * follow=true            Server-Sent Events instead of one JSON answer: "log" events (TaskLog) as the file grows,
 *                        "problem" events (ApiError) while the agent cannot be read, one "end" event once the task
 *                        has ended and everything was sent
 * </pre>
 *
 * Without {@code follow}: 200 with a {@link TaskLog} ({@code data} empty at the end of the file for now), 400 bad
 * parameters, 404 no such task or no sandbox (yet, or any more), 502 the master or agent could not be read.
 */
public final class LogRoutes {
    static final int MAX_LENGTH = LogTail.WINDOW;
    private static final Duration KEEPALIVE = Duration.ofSeconds(15);

    private final ComposeBackend backend;
    private final Duration poll;

    /** @param poll how often a followed file is read again when it did not grow */
    public LogRoutes(ComposeBackend backend, Duration poll) {
        this.backend = backend;
        this.poll = poll;
    }

    public Router register(Router router) {
        return router.add("GET", V1Routes.PREFIX + "/tasks/{taskid}/logs", this::logs);
    }

    /** The parameters of one request, checked. */
    private record Query(String taskId, LogStream stream, OptionalLong offset, Optional<Integer> tail, int length,
                         boolean follow) {}

    private ApiResponse logs(ApiRequest request) {
        String taskId = request.var("taskid");
        Optional<LogStream> stream = LogStream.named(request.queryParam("stream").orElse("stdout"));
        if (stream.isEmpty()) {
            return V1Routes.error(400, "stream must be stdout or stderr, not \"" + request.queryParam("stream").get() + "\"");
        }
        Optional<Long> offset = number(request, "offset");
        Optional<Long> tail = number(request, "tail");
        Optional<Long> length = number(request, "length");
        for (String name : List.of("offset", "tail", "length")) {
            if (request.queryParam(name).isPresent() && number(request, name).isEmpty()) {
                return V1Routes.error(400, name + " must be a whole number of 0 or more, not \""
                        + request.queryParam(name).get() + "\"");
            }
        }
        if (offset.isPresent() && tail.isPresent()) {
            return V1Routes.error(400, "give offset or tail, not both");
        }
        if (length.isPresent() && length.get() == 0) {
            return V1Routes.error(400, "length must be 1 or more");
        }
        if (task(taskId).isEmpty()) {
            return V1Routes.error(404, "no task " + taskId);
        }
        String follow = request.queryParam("follow").orElse("false");
        Query query = new Query(taskId, stream.get(), offset.map(OptionalLong::of).orElse(OptionalLong.empty()),
                tail.map(t -> (int) Math.min(t, Integer.MAX_VALUE)), (int) Math.min(length.orElse((long) MAX_LENGTH),
                MAX_LENGTH), follow.equals("true") || follow.equals("1"));
        return query.follow() ? follow(query) : once(query);
    }

    private ApiResponse once(Query query) {
        boolean ended = ended(query.taskId());
        LogRead start = start(query);
        if (!(start instanceof LogRead.Chunk from)) {
            return failure(start);
        }
        LogRead read = backend.readLog(query.taskId(), query.stream(), from.offset(), query.length());
        return switch (read) {
            case LogRead.Chunk chunk -> ApiResponse.json(200, log(query, chunk, ended));
            case LogRead.Missing missing -> failure(missing);
            case LogRead.Unavailable unavailable -> failure(unavailable);
        };
    }

    /** Where reading begins: the offset asked for, where the tail begins, or 0. */
    private LogRead start(Query query) {
        if (query.tail().isPresent()) {
            return LogTail.start((offset, length) -> backend.readLog(query.taskId(), query.stream(), offset, length),
                    query.tail().get());
        }
        return new LogRead.Chunk(query.offset().orElse(0), new byte[0]);
    }

    private ApiResponse follow(Query query) {
        return new ApiResponse.Streaming(200, "text/event-stream", Map.of(), out -> {
            write(out, ": connected\n\n");
            Follower follower = new Follower(query, out);
            long quietSince = System.nanoTime();
            while (true) {
                switch (follower.step()) {
                    case ENDED -> {
                        return;
                    }
                    case SENT -> quietSince = System.nanoTime();
                    case WAITING -> {
                        if (System.nanoTime() - quietSince > KEEPALIVE.toNanos()) {
                            write(out, ": keep-alive\n\n");
                            quietSince = System.nanoTime();
                        }
                        Thread.sleep(poll);
                    }
                }
            }
        });
    }

    private enum Step { SENT, WAITING, ENDED }

    /** One client following one file: where it is, and the problem it was last told about. */
    private final class Follower {
        private final Query query;
        private final OutputStream out;
        private Optional<Long> offset = Optional.empty();
        private Optional<String> problem = Optional.empty();

        Follower(Query query, OutputStream out) {
            this.query = query;
            this.out = out;
        }

        /** Reads once and tells the client; whether it may read on at once, should wait, or is done. */
        Step step() throws IOException {
            boolean ended = ended(query.taskId()); // before the read: its output is complete once this read is empty
            LogRead read = offset.isEmpty() ? start(query)
                    : backend.readLog(query.taskId(), query.stream(), offset.get(), MAX_LENGTH);
            return switch (read) {
                case LogRead.Chunk chunk -> {
                    problem = Optional.empty();
                    if (offset.isEmpty()) {
                        offset = Optional.of(chunk.offset());
                        yield Step.SENT;
                    }
                    TaskLog log = log(query, chunk, ended);
                    if (!log.data().isEmpty()) {
                        event(out, "log", log);
                        offset = Optional.of(log.nextOffset());
                        yield Step.SENT;
                    }
                    yield ended ? end("the task has ended") : Step.WAITING;
                }
                case LogRead.Missing missing -> ended ? end(missing.message()) : Step.WAITING; // not written yet
                case LogRead.Unavailable unavailable -> {
                    if (!problem.equals(Optional.of(unavailable.message()))) {
                        event(out, "problem", new ApiError(unavailable.message(), List.of()));
                        problem = Optional.of(unavailable.message());
                    }
                    yield Step.WAITING;
                }
            };
        }

        private Step end(String reason) throws IOException {
            event(out, "end", Map.of("reason", reason));
            return Step.ENDED;
        }
    }

    /** The chunk as an answer: its whole UTF-8 characters, or all of it once the task has ended. */
    private static TaskLog log(Query query, LogRead.Chunk chunk, boolean ended) {
        byte[] data = chunk.data();
        int length = ended ? data.length : LogText.whole(data);
        return new TaskLog(query.taskId(), query.stream(), chunk.offset(), chunk.offset() + length,
                LogText.decode(data, length), ended);
    }

    private Optional<TaskView> task(String taskId) {
        return backend.task(taskId);
    }

    private boolean ended(String taskId) {
        return task(taskId).map(TaskView::isTerminal).orElse(true);
    }

    private static ApiResponse failure(LogRead read) {
        return switch (read) {
            case LogRead.Missing missing -> V1Routes.error(404, missing.message());
            case LogRead.Unavailable unavailable -> V1Routes.error(502, unavailable.message());
            case LogRead.Chunk chunk -> throw new IllegalArgumentException("a chunk is not a failure");
        };
    }

    private static Optional<Long> number(ApiRequest request, String name) {
        try {
            return request.queryParam(name).map(String::strip).map(Long::parseLong).filter(n -> n >= 0);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void event(OutputStream out, String name, Object data) throws IOException {
        write(out, "event: " + name + "\ndata: " + Json.MAPPER.writeValueAsString(data) + "\n\n");
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
