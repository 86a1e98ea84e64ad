package io.mesoscompose.simulator;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;

/**
 * Tasks run on the strict simulator with the output they write to their sandboxes, for readers of the master's and
 * agents' read-only endpoints outside this package (the {@code logs} tests): one agent ({@link WireHarness#AGENT}),
 * one framework, and every request to those endpoints recorded with its credentials.
 */
public final class SandboxHarness implements AutoCloseable {

    /** The path of each request to the read-only endpoints, in order. */
    public final List<String> requests = new CopyOnWriteArrayList<>();
    /** The {@code Authorization} header of each of them. */
    public final List<Optional<String>> authorizations = new CopyOnWriteArrayList<>();
    private final WireHarness h;

    private SandboxHarness(WireHarness h) {
        this.h = h;
        h.master.filterOperatorCalls(new Filter() {
            @Override
            public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
                requests.add(exchange.getRequestURI().getPath());
                authorizations.add(Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")));
                chain.doFilter(exchange);
            }

            @Override
            public String description() {
                return "records the read-only requests";
            }
        });
    }

    public static SandboxHarness start() throws Exception {
        return new SandboxHarness(WireHarness.start(WireHarness.config(), TestScheduler.framework("mesos-compose")));
    }

    public URI master() {
        return URI.create(h.master.url());
    }

    public String agentId() {
        return WireHarness.AGENT.id();
    }

    public String frameworkId() {
        return h.scheduler.frameworkId;
    }

    /** Launches a command task that writes {@code stdout} and {@code stderr} (lines) as it starts; once it runs. */
    public void run(String taskId, String stdout, String stderr) throws Exception {
        launch(taskId, stdout, stderr, Optional.empty(), TaskState.TASK_RUNNING);
    }

    /** The same, for a task that exits with code 0 right away: once it has finished (its executor is completed). */
    public void runToCompletion(String taskId, String stdout) throws Exception {
        launch(taskId, stdout, "", Optional.of("0 after 10ms"), TaskState.TASK_FINISHED);
    }

    private void launch(String taskId, String stdout, String stderr, Optional<String> exit, TaskState until)
            throws Exception {
        Offer offer = h.offer();
        TaskInfo.Builder task = HealthyClusterTest.labelled(HealthyClusterTest.labelled(WireHarness.task(taskId,
                offer), TaskScripts.STDOUT, stdout), TaskScripts.STDERR, stderr);
        if (exit.isPresent()) {
            task = HealthyClusterTest.labelled(task, TaskScripts.EXIT, exit.get());
        }
        h.scheduler.call(WireHarness.accept(offer, WireHarness.launch(task.build())));
        h.updatesUntil(taskId, s -> s.getState() == until);
    }

    /** The agent's garbage collector removes the task's sandbox: its files answer 404, its executor stays listed. */
    public void collectSandbox(String taskId) {
        h.master.faults().sandboxCollected(taskId);
    }

    @Override
    public void close() throws Exception {
        h.close();
    }
}
