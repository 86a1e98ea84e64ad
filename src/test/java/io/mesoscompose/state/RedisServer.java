package io.mesoscompose.state;

import io.mesoscompose.testsupport.TempDirs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} (the Debian package; {@code bin/test} installs it) on a free loopback port, with its
 * own temporary directory and an append-only file fsync'd on every write. Fails clearly when redis-server is absent:
 * the Redis tests are never skipped.
 *
 * <p>{@link #restart()} starts the server again on the same port and directory, so tests can check what survives.
 */
public final class RedisServer implements AutoCloseable {

    private static final long START_TIMEOUT_SECONDS = 30;

    private final Path dir;
    private final int port;
    private final Optional<String> password;
    private final List<String> extraArgs;
    private final List<String> log = new ArrayList<>();
    private Process process;

    private RedisServer(Path dir, int port, Optional<String> password, List<String> extraArgs) {
        this.dir = dir;
        this.port = port;
        this.password = password;
        this.extraArgs = List.copyOf(extraArgs);
    }

    /** A server without a password. */
    public static RedisServer start() {
        return start(Optional.empty(), List.of());
    }

    /** A server that requires {@code password}. */
    public static RedisServer startWithPassword(String password) {
        return start(Optional.of(password), List.of());
    }

    /**
     * A server with extra {@code redis-server} arguments (later ones win), in which {@value #PORT} stands for the
     * chosen port: TLS only is {@code --port 0 --tls-port {port} --tls-cert-file …}.
     */
    public static RedisServer start(Optional<String> password, List<String> extraArgs) {
        String binary = findRedisServer();
        try {
            Path dir = Files.createTempDirectory("redis-test-");
            RedisServer server = new RedisServer(dir, freePort(), password, extraArgs);
            server.launch(binary);
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stands for the chosen port in {@code extraArgs}. */
    public static final String PORT = "{port}";

    public int port() {
        return port;
    }

    public String host() {
        return "127.0.0.1";
    }

    /** The working directory, holding the append-only file. */
    public Path dir() {
        return dir;
    }

    /** Stops the server (SIGTERM, so it finishes its files) and starts it again on the same port and directory. */
    public void restart() {
        stopProcess();
        launch(findRedisServer());
    }

    /** Kills the server with SIGKILL (no shutdown, files as they are) and starts it again on the same port. */
    public void killAndRestart() {
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing redis-server", e);
        }
        process = null;
        launch(findRedisServer());
    }

    @Override
    public void close() {
        stopProcess();
        TempDirs.delete(dir);
    }

    private void launch(String binary) {
        List<String> command = new ArrayList<>(List.of(binary,
                "--bind", host(), "--port", Integer.toString(port), "--dir", dir.toString(),
                "--save", "", "--appendonly", "yes", "--appendfsync", "always",
                "--daemonize", "no", "--protected-mode", "no", "--logfile", ""));
        password.ifPresent(pw -> command.addAll(List.of("--requirepass", pw)));
        extraArgs.forEach(a -> command.add(a.replace(PORT, Integer.toString(port))));
        CountDownLatch ready = new CountDownLatch(1);
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + binary + ": " + e.getMessage(), e);
        }
        Process started = process;
        Thread.ofVirtual().start(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(started.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    synchronized (log) {
                        log.add(line);
                    }
                    if (line.contains("Ready to accept connections")) {
                        ready.countDown();
                    }
                }
            } catch (IOException e) {
                // The process ended; the waiting side reports it.
            }
        });
        try {
            boolean up = ready.await(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            if (!up || !started.isAlive()) {
                started.destroyForcibly();
                throw new IllegalStateException("redis-server did not start on port " + port + ":\n" + logText());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            started.destroyForcibly();
            throw new IllegalStateException("interrupted while starting redis-server", e);
        }
    }

    private void stopProcess() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(START_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        process = null;
    }

    private String logText() {
        synchronized (log) {
            return String.join("\n", log);
        }
    }

    private static String findRedisServer() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "redis-server");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        for (String fixed : List.of("/usr/bin/redis-server", "/usr/sbin/redis-server", "/usr/local/bin/redis-server")) {
            if (Files.isExecutable(Path.of(fixed))) {
                return fixed;
            }
        }
        throw new IllegalStateException("redis-server is not installed: the Redis state-store tests need the Debian "
                + "package redis-server (bin/test installs it when run as root; or: apt-get install redis-server)");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
