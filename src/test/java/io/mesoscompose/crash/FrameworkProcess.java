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
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private Process process;

    /** @param state a state directory or a redis:// spec, as {@code serve --state} takes it */
    FrameworkProcess(String masterUrl, String state, Path log) throws IOException {
        this.masterUrl = masterUrl;
        this.state = state;
        this.log = log;
        try (ServerSocket probe = new ServerSocket(0)) {
            this.port = probe.getLocalPort();
        }
    }

    void start() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-cp", System.getProperty("java.class.path"), "io.mesoscompose.cli.Main", "serve",
                "--master", masterUrl, "--listen", "127.0.0.1", "--port", Integer.toString(port),
                "--state", state, "--insecure-no-auth"));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(Map.of("FRAMEWORK_HOSTNAME", "127.0.0.1", "FRAMEWORK_FAILOVER_TIMEOUT", "1h"));
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

    /** SIGKILL: no shutdown hook runs, nothing is flushed or closed. */
    void kill() throws InterruptedException {
        process.toHandle().destroyForcibly();
        process.waitFor();
    }

    HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(60)).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
