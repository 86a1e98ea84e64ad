package io.mesoscompose.crash;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The framework as its own operating-system process ({@code mesos-compose serve} on this JVM's class path), so a
 * test can {@code kill -9} it the way a machine or the OOM killer would.
 */
final class FrameworkProcess {

    private final String masterUrl;
    private final String state;
    private final Path log;
    private final int port;
    private final List<String> extraArgs;
    private final Map<String, String> extraEnv;
    private String maxHeap = "512m";
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    /** @param state a state directory or a redis:// spec, as {@code serve --state} takes it */
    FrameworkProcess(String masterUrl, String state, Path log) throws IOException {
        this(masterUrl, state, log, List.of(), Map.of());
    }

    /** With more {@code serve} arguments (such as {@code --ha zk://…}) and environment variables. */
    FrameworkProcess(String masterUrl, String state, Path log, List<String> extraArgs, Map<String, String> extraEnv)
            throws IOException {
        this.masterUrl = masterUrl;
        this.state = state;
        this.log = log;
        this.extraArgs = List.copyOf(extraArgs);
        this.extraEnv = Map.copyOf(extraEnv);
        try (ServerSocket probe = new ServerSocket(0)) {
            this.port = probe.getLocalPort();
        }
    }

    /** The JVM's maximum heap from the next start on ({@code -Xmx}, e.g. {@code 2g}). */
    FrameworkProcess maxHeap(String size) {
        this.maxHeap = size;
        return this;
    }

    /** The API's base URL, which is also the web UI URL the process registers with the master. */
    String url() {
        return "http://127.0.0.1:" + port;
    }

    void start() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + maxHeap, "-Xlog:gc,safepoint:file=" + log + ".gc", "-cp", System.getProperty("java.class.path"), "io.mesoscompose.cli.Main", "serve",
                "--master", masterUrl, "--listen", "127.0.0.1", "--port", Integer.toString(port),
                "--state", state, "--insecure-no-auth"));
        command.addAll(extraArgs);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(Map.of("FRAMEWORK_HOSTNAME", "127.0.0.1", "FRAMEWORK_FAILOVER_TIMEOUT", "1h"));
        pb.environment().putAll(extraEnv);
        process = pb.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the framework process exited with " + process.exitValue() + "; see " + log);
            }
            try {
                send("GET", "/health", null);
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the framework's API did not come up within 60s; see " + log);
                }
                Thread.sleep(100);
            }
        }
    }

    /** SIGSTOP: the process stands still (as in a long garbage-collection pause) until {@link #resume}. */
    void pause() throws IOException, InterruptedException {
        signal("STOP");
    }

    /** SIGCONT. */
    void resume() throws IOException, InterruptedException {
        signal("CONT");
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** Writes every thread's stack, virtual threads too, next to the log (for a round that went wrong). */
    Path dumpThreads() throws IOException, InterruptedException {
        Path file = Path.of(log + ".threads-" + System.currentTimeMillis());
        new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(process.pid()), "Thread.dump_to_file", "-format=text", file.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        return file;
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or closed. */
    void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        process.waitFor();
    }

    HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        return send(method, path, body, Duration.ofSeconds(60));
    }

    /** As {@link #send(String, String, String)}, giving up after {@code timeout} (a paused process never answers). */
    HttpResponse<String> send(String method, String path, String body, Duration timeout)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .timeout(timeout).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
