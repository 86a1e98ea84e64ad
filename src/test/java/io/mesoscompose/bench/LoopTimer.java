package io.mesoscompose.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One of the scheduler loop's timers so far, as the framework's {@code GET /metrics} shows it: how many it timed, their
 * time in all, and how many took over 100 ms. {@link #COMMITS}: the state store's commits (the loop waits for each,
 * the embedded store's fsync included); {@link #STEPS}: the loop's steps. An operator's request waits for both.
 */
record LoopTimer(String what, long count, double seconds, long over100ms) {

    static final String COMMITS = "mesoscompose_state_commit_seconds";
    static final String STEPS = "mesoscompose_scheduler_step_seconds";

    /** Both timers, from one {@code GET /metrics}. */
    record Both(LoopTimer commits, LoopTimer steps) {
        Both minus(Both before) {
            return new Both(commits.minus(before.commits), steps.minus(before.steps));
        }
    }

    static Both read(URI api) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(api.resolve("/metrics"))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("GET /metrics: " + answer.statusCode());
            }
            return new Both(parse(answer.body(), COMMITS, "commits"), parse(answer.body(), STEPS, "steps"));
        }
    }

    static LoopTimer parse(String metrics, String metric, String what) {
        Pattern line = Pattern.compile("^" + Pattern.quote(metric) + "_(count|sum|bucket\\{le=\"0\\.1\"[^}]*}) (\\S+)$",
                Pattern.MULTILINE);
        long count = -1;
        double seconds = -1;
        long within = -1;
        Matcher m = line.matcher(metrics);
        while (m.find()) {
            double value = Double.parseDouble(m.group(2));
            switch (m.group(1)) {
                case "count" -> count = (long) value;
                case "sum" -> seconds = value;
                default -> within = (long) value;
            }
        }
        if (count < 0 || seconds < 0 || within < 0) {
            throw new IllegalStateException("no " + metric + " count, sum and le=0.1 bucket in the framework's /metrics");
        }
        return new LoopTimer(what, count, seconds, count - within);
    }

    LoopTimer minus(LoopTimer before) {
        return new LoopTimer(what, count - before.count, seconds - before.seconds, over100ms - before.over100ms);
    }

    String describe() {
        return String.format("%d %s, %.1f s in all (%.1f ms each on average), %d over 100 ms", count, what, seconds,
                count == 0 ? 0 : seconds * 1000 / count, over100ms);
    }
}
