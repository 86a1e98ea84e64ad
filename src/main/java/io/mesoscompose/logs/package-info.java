/**
 * Tasks' output, read from their Mesos sandboxes over HTTP exactly as against a real cluster: the agent's address
 * from the master's {@code /master/slaves} ({@code pid}), the sandbox directory from the agent's
 * {@code /slave(N)/state} (the {@code directory} of the executor that ran the task), and the bytes from the agent's
 * {@code /files/read} (Apache Mesos src/files/files.cpp, src/slave/http.cpp).
 *
 * <p>Only {@code stdout} and {@code stderr} of a task's own sandbox are ever read; the request names a
 * {@link io.mesoscompose.api.model.LogStream}, never a path. Nothing here knows the simulator: tests run it against
 * the simulator's agents through the same HTTP endpoints.
 */
package io.mesoscompose.logs;
