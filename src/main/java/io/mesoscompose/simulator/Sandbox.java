package io.mesoscompose.simulator;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * An executor's sandbox directory on a simulated agent: its path (as the real agent lays it out under
 * {@code --work_dir}) and the files the task writes there, held in memory. Thread-safe: written by the
 * simulator's timers and read by {@code /files/read}.
 */
final class Sandbox {

    final String directory;
    private final Map<String, ByteArrayOutputStream> files = new ConcurrentHashMap<>();

    Sandbox(String directory) {
        this.directory = directory;
        files.put("stdout", new ByteArrayOutputStream());
        files.put("stderr", new ByteArrayOutputStream());
    }

    /**
     * {@code paths::getExecutorRunPath}: {@code <work_dir>/slaves/<agent>/frameworks/<framework>/executors/
     * <executor>/runs/<container>}.
     */
    static String path(String workDir, String agentId, String frameworkId, String executorId, String containerId) {
        return workDir + "/slaves/" + agentId + "/frameworks/" + frameworkId + "/executors/" + executorId + "/runs/"
                + containerId;
    }

    /** {@code paths::getExecutorVirtualPath}: where {@code /files} also serves the latest run. */
    static String virtualLatest(String frameworkId, String executorId) {
        return "/frameworks/" + frameworkId + "/executors/" + executorId + "/runs/latest";
    }

    void write(String file, List<String> lines) {
        ByteArrayOutputStream out = files.computeIfAbsent(file, f -> new ByteArrayOutputStream());
        synchronized (out) {
            for (String line : lines) {
                out.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** The file's bytes, or empty when there is no such file in this sandbox. */
    Optional<byte[]> read(String file) {
        ByteArrayOutputStream out = files.get(file);
        if (out == null) {
            return Optional.empty();
        }
        synchronized (out) {
            return Optional.of(out.toByteArray());
        }
    }
}
