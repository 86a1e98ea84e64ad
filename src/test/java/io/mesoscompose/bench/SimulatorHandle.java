package io.mesoscompose.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesoscompose.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A {@link SimulatorProcess} started by a benchmark: another JVM on the benchmark's class path, so its CPU and heap
 * are its own. {@code SIM_JAVA_OPTS} go to its JVM (e.g. {@code -XX:StartFlightRecording=filename=sim.jfr} to
 * profile the simulator); its log goes to a file.
 *
 * <p>It runs at a lower CPU priority ({@code nice} {@value #NICENESS}; {@code SIM_NICE} sets another, 0 none): a
 * Mesos master does not run on the framework's cores, but here both share two, and the simulator uses about a core
 * during a launch. At equal priority the framework's pauses and steps waited for it: garbage collection pauses were
 * 3.6 s in all and up to 233 ms in one run, 2.6 s and up to 169 ms in the next with the simulator at nice 10, which
 * ran the launch as fast (docs/benchmarks.md). CPU times are measured per process either way.
 */
final class SimulatorHandle implements AutoCloseable {

    /** What the simulator reported about itself. */
    record Stats(long cpuNanos, BenchReport.JvmWork jvm, long heapBytes, JsonNode calls, long resent, JsonNode tasks) {
        long callsOf(String type) {
            return calls.path(type).asLong(0);
        }

        long tasksIn(String state) {
            return tasks.path(state).asLong(0);
        }

        long taskCount() {
            long n = 0;
            for (JsonNode count : tasks) {
                n += count.asLong();
            }
            return n;
        }
    }

    private final Process process;
    private final BufferedReader out;
    private final Writer in;
    private final String url;

    private SimulatorHandle(Process process) throws IOException {
        this.process = process;
        this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        String line = out.readLine();
        while (line != null && !line.startsWith("url ")) {
            line = out.readLine(); // the JVM's own notices, e.g. of a flight recording
        }
        if (line == null) {
            process.destroyForcibly();
            throw new IllegalStateException("the simulator did not start (its log is beside the framework's)");
        }
        this.url = line.substring("url ".length());
    }

    /** The simulator's niceness unless {@code SIM_NICE} says otherwise. */
    static final int NICENESS = 10;
    private static final Path NICE = Path.of("/usr/bin/nice");

    static SimulatorHandle start(int agents, long offerMillis, Path log) throws IOException {
        List<String> command = new ArrayList<>();
        int niceness = niceness();
        if (niceness != 0) {
            command.addAll(List.of(NICE.toString(), "-n", Integer.toString(niceness)));
        }
        command.add(ProcessHandle.current().info().command().orElse("java"));
        Optional.ofNullable(System.getenv("SIM_JAVA_OPTS")).filter(s -> !s.isBlank())
                .ifPresent(opts -> command.addAll(List.of(opts.trim().split("\\s+"))));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), SimulatorProcess.class.getName(),
                Integer.toString(agents), Long.toString(offerMillis)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectError(log.toFile());
        builder.environment().put("LOGLEVEL", "warn");
        return new SimulatorHandle(builder.start());
    }

    /** The niceness the simulator runs at: 0 where there is no {@code nice} to run it with. */
    static int niceness() {
        int wanted = Optional.ofNullable(System.getenv("SIM_NICE")).filter(v -> !v.isBlank()).map(String::trim)
                .map(Integer::parseInt).orElse(NICENESS);
        return Files.isExecutable(NICE) ? wanted : 0;
    }

    String url() {
        return url;
    }

    long pid() {
        return process.pid();
    }

    Stats stats() throws IOException {
        return ask("stats");
    }

    /** Stats after a full collection: heap is what the simulator keeps. */
    Stats statsAfterGc() throws IOException {
        return ask("gc");
    }

    private synchronized Stats ask(String command) throws IOException {
        in.write(command + "\n");
        in.flush();
        String line = out.readLine();
        if (line == null) {
            throw new IOException("the simulator process ended" + (process.isAlive() ? "" : " (exit " + process.exitValue() + ")"));
        }
        JsonNode n = Json.MAPPER.readTree(line);
        BenchReport.JvmWork jvm = new BenchReport.JvmWork(n.path("jitNanos").asLong(), n.path("gcNanos").asLong(),
                n.path("collections").asLong(), n.path("collectionMillis").asLong());
        return new Stats(n.path("cpuNanos").asLong(), jvm, n.path("heapBytes").asLong(), n.path("calls"),
                n.path("resent").asLong(), n.path("tasks"));
    }

    @Override
    public void close() {
        try {
            in.close();
        } catch (IOException e) {
            // the process is gone already
        }
        process.destroy();
    }
}
