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
 * The framework's state store commits so far, as its {@code GET /metrics} shows the meter {@code
 * mesoscompose.state.commit}: how many, their time in all, and how many took over 100 ms. The loop waits for each
 * commit (the embedded store's fsync included), and an operator's request with it.
 */
record StoreCommits(long count, double seconds, long over100ms) {

    private static final Pattern LINE = Pattern.compile(
            "^mesoscompose_state_commit_seconds_(count|sum|bucket\\{le=\"0\\.1\"[^}]*}) (\\S+)$", Pattern.MULTILINE);

    static StoreCommits read(URI api) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(api.resolve("/metrics"))
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                throw new IllegalStateException("GET /metrics: " + answer.statusCode());
            }
            return parse(answer.body());
        }
    }

    static StoreCommits parse(String metrics) {
        long count = -1;
        double seconds = -1;
        long within = -1;
        Matcher m = LINE.matcher(metrics);
        while (m.find()) {
            double value = Double.parseDouble(m.group(2));
            switch (m.group(1)) {
                case "count" -> count = (long) value;
                case "sum" -> seconds = value;
                default -> within = (long) value;
            }
        }
        if (count < 0 || seconds < 0 || within < 0) {
            throw new IllegalStateException("no mesoscompose_state_commit_seconds count, sum and le=0.1 bucket in"
                    + " the framework's /metrics");
        }
        return new StoreCommits(count, seconds, count - within);
    }

    StoreCommits minus(StoreCommits before) {
        return new StoreCommits(count - before.count, seconds - before.seconds, over100ms - before.over100ms);
    }

    String describe() {
        return String.format("%d commits, %.1f s in all (%.1f ms each on average), %d over 100 ms", count, seconds,
                count == 0 ? 0 : seconds * 1000 / count, over100ms);
    }
}
