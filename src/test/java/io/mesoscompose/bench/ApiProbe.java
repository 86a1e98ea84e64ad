package io.mesoscompose.bench;

import io.mesoscompose.api.model.ApplyRequest;
import io.mesoscompose.compose.SourceFile;
import io.mesoscompose.json.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Asks the framework's HTTP API while it works, as an operator would, and keeps every answer's latency: a read of
 * the per-service counts ({@code GET /projects/{p}/services}, what {@code ps} shows) every 50 ms, and an apply of a
 * small second project ({@code PUT /projects/probe}: load, plan and the scheduler loop's answer) every second, each
 * on a thread of its own, until {@link #stop}.
 */
final class ApiProbe {

    /**
     * Latencies of one kind of request, in milliseconds, in the order the requests were made; {@code startedAt} the
     * second (since the probe started) each was made at.
     */
    record Latencies(String what, List<Double> millis, List<Double> startedAt, int failures) {
        double percentile(double p) {
            if (millis.isEmpty()) {
                return Double.NaN;
            }
            List<Double> sorted = new ArrayList<>(millis);
            Collections.sort(sorted);
            return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100 * sorted.size()) - 1));
        }

        String describe() {
            return String.format(Locale.ROOT, "p50 %.0f ms, p99 %.0f ms, max %.0f ms (%d requests%s)", percentile(50),
                    percentile(99), percentile(100), millis.size(), failures == 0 ? "" : ", " + failures + " failed");
        }

        /** The {@code n} slowest, each with when it was made: a cold start's requests apart from the rest. */
        String slowest(int n) {
            return java.util.stream.IntStream.range(0, millis.size()).boxed()
                    .sorted((a, b) -> Double.compare(millis.get(b), millis.get(a))).limit(n)
                    .map(i -> String.format(Locale.ROOT, "%.0f ms at %.1f s", millis.get(i), startedAt.get(i)))
                    .collect(java.util.stream.Collectors.joining(", "));
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;
    private final String project;
    private final List<Double> reads = Collections.synchronizedList(new ArrayList<>());
    private final List<Double> readsAt = Collections.synchronizedList(new ArrayList<>());
    private final List<Double> applies = Collections.synchronizedList(new ArrayList<>());
    private final List<Double> appliesAt = Collections.synchronizedList(new ArrayList<>());
    private final long started = System.nanoTime();
    private volatile int readFailures;
    private volatile int applyFailures;
    private volatile boolean running = true;
    private final List<Thread> threads;

    private ApiProbe(URI base, String project) {
        this.base = base;
        this.project = project;
        this.threads = List.of(Thread.ofPlatform().name("api-probe-read").daemon().start(this::reads),
                Thread.ofPlatform().name("api-probe-apply").daemon().start(this::applies));
    }

    static ApiProbe start(URI apiBase, String project) {
        return new ApiProbe(apiBase, project);
    }

    private void reads() {
        while (running) {
            if (!timed(HttpRequest.newBuilder(base.resolve("/api/compose/v1/projects/" + project + "/services"))
                    .timeout(Duration.ofSeconds(30)).GET().build(), reads, readsAt)) {
                readFailures++;
            }
            if (!pause(50)) {
                return;
            }
        }
    }

    private void applies() {
        byte[] body = applyBody();
        while (running) {
            if (!timed(HttpRequest.newBuilder(base.resolve("/api/compose/v1/projects/probe"))
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), applies, appliesAt)) {
                applyFailures++;
            }
            if (!pause(1000)) {
                return;
            }
        }
    }

    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            return false;
        }
    }

    private boolean timed(HttpRequest request, List<Double> into, List<Double> at) {
        long start = System.nanoTime();
        at.add((start - started) / 1e9);
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            into.add((System.nanoTime() - start) / 1e6);
            return response.statusCode() / 100 == 2;
        } catch (Exception e) {
            into.add((System.nanoTime() - start) / 1e6);
            return false;
        }
    }

    private static byte[] applyBody() {
        try {
            return Json.MAPPER.writeValueAsBytes(new ApplyRequest(List.of(new SourceFile("probe.yml",
                    "services:\n  probe:\n    image: nginx\n    deploy:\n      resources: {limits: {cpus: 0.01, memory: 8}}\n")),
                    Map.of()));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops asking; the latencies seen so far. */
    List<Latencies> stop() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join(Duration.ofSeconds(70)); // not interrupted: a request in flight is measured to its end
        }
        http.close();
        return List.of(new Latencies("GET /projects/" + project + "/services", List.copyOf(reads),
                        List.copyOf(readsAt), readFailures),
                new Latencies("PUT /projects/probe (apply)", List.copyOf(applies), List.copyOf(appliesAt),
                        applyFailures));
    }
}
