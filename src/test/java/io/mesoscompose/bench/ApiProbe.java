package io.mesoscompose.bench;

import io.mesoscompose.api.model.ApplyRequest;
import io.mesoscompose.compose.SourceFile;
import io.mesoscompose.json.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Asks the framework's HTTP API while it works, as an operator would, and keeps every answer's latency: a read of
 * the per-service counts ({@code GET /projects/{p}/services}, what {@code ps} shows) every 50 ms, and an apply of a
 * small second project ({@code PUT /projects/probe}: load, plan and the scheduler loop's answer) every second, each
 * on a thread of its own, until {@link #stop}.
 *
 * <p>The probe runs in the framework's JVM, but it is the benchmark's client, not the framework: each request is made
 * with a blocking {@link HttpURLConnection} on the probe's own threads (named {@value #THREAD_PREFIX}...), so the
 * CPU time it costs is those threads' ({@link #cpuNanos}), reported apart from the framework's. (With
 * the JDK's {@code HttpClient} its work ran on the client's selector and pool threads, about 5% of the process' CPU
 * in a launch of 100,000, counted as the framework's.)
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

        /** The requests that took longer than {@code limit} ms, by their index, in the order they were made. */
        List<Integer> over(double limit) {
            return java.util.stream.IntStream.range(0, millis.size()).filter(i -> millis.get(i) > limit).boxed()
                    .toList();
        }

        /** The {@code n} slowest, each with when it was made: a cold start's requests apart from the rest. */
        String slowest(int n) {
            return java.util.stream.IntStream.range(0, millis.size()).boxed()
                    .sorted((a, b) -> Double.compare(millis.get(b), millis.get(a))).limit(n)
                    .map(i -> String.format(Locale.ROOT, "%.0f ms at %.1f s", millis.get(i), startedAt.get(i)))
                    .collect(java.util.stream.Collectors.joining(", "));
        }
    }

    /** The start of the probe's threads' names. */
    static final String THREAD_PREFIX = "api-probe";

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
    private final AtomicLong cpuNanos = new AtomicLong();
    private final AtomicLong allocatedBytes = new AtomicLong();
    private final List<Thread> threads;

    /** When the probe started ({@link System#nanoTime}): the requests' times are given from it. */
    long startedNanos() {
        return started;
    }

    private ApiProbe(URI base, String project) {
        this.base = base;
        this.project = project;
        this.threads = List.of(Thread.ofPlatform().name(THREAD_PREFIX + "-read").daemon().start(counted(this::reads)),
                Thread.ofPlatform().name(THREAD_PREFIX + "-apply").daemon().start(counted(this::applies)));
    }

    static ApiProbe start(URI apiBase, String project) {
        return new ApiProbe(apiBase, project);
    }

    /**
     * The work, then its thread's CPU time and heap allocation added to the probe's: read by the thread itself as it
     * ends.
     */
    private Runnable counted(Runnable work) {
        return () -> {
            try {
                work.run();
            } finally {
                cpuNanos.addAndGet(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime());
                if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean sun) {
                    allocatedBytes.addAndGet(sun.getCurrentThreadAllocatedBytes());
                }
            }
        };
    }

    /** The CPU time of the probe's threads, whole once {@link #stop} has returned. */
    long cpuNanos() {
        return cpuNanos.get();
    }

    /** The bytes the probe's threads allocated, whole once {@link #stop} has returned. */
    long allocatedBytes() {
        return allocatedBytes.get();
    }

    private void reads() {
        while (running) {
            if (!timed("GET", "/api/compose/v1/projects/" + project + "/services", null, Duration.ofSeconds(30),
                    reads, readsAt)) {
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
            if (!timed("PUT", "/api/compose/v1/projects/probe", body, Duration.ofSeconds(60), applies, appliesAt)) {
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

    /** One request, timed to the end of its answer's body; whether it got a 2xx. */
    private boolean timed(String method, String path, byte[] json, Duration timeout, List<Double> into,
                          List<Double> at) {
        long start = System.nanoTime();
        at.add((start - started) / 1e9);
        try {
            return exchange(method, path, json, timeout) / 100 == 2;
        } catch (IOException | RuntimeException e) {
            return false;
        } finally {
            into.add((System.nanoTime() - start) / 1e6);
        }
    }

    /**
     * The answer's status. Its body is read to the end and its stream closed (not the connection disconnected), so
     * the JDK keeps the connection for the next request, as a client with keep-alive would.
     */
    private int exchange(String method, String path, byte[] json, Duration timeout) throws IOException {
        HttpURLConnection c = (HttpURLConnection) base.resolve(path).toURL().openConnection();
        c.setConnectTimeout(5_000);
        c.setReadTimeout((int) timeout.toMillis());
        c.setRequestMethod(method);
        if (json != null) {
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/json");
            c.setFixedLengthStreamingMode(json.length);
            try (OutputStream out = c.getOutputStream()) {
                out.write(json);
            }
        }
        int status = c.getResponseCode();
        InputStream body = status >= 400 ? c.getErrorStream() : c.getInputStream();
        if (body != null) {
            try (body) {
                body.readAllBytes();
            }
        }
        return status;
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
        return List.of(new Latencies("GET /projects/" + project + "/services", List.copyOf(reads),
                        List.copyOf(readsAt), readFailures),
                new Latencies("PUT /projects/probe (apply)", List.copyOf(applies), List.copyOf(appliesAt),
                        applyFailures));
    }
}
