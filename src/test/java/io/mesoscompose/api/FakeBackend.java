package io.mesoscompose.api;

import io.mesoscompose.api.model.ApplyResult;
import io.mesoscompose.api.model.BackendEvent;
import io.mesoscompose.api.model.DeferredJson;
import io.mesoscompose.api.model.DiffResult;
import io.mesoscompose.api.model.HealthStatus;
import io.mesoscompose.api.model.LogRead;
import io.mesoscompose.api.model.LogStream;
import io.mesoscompose.api.model.Outcome;
import io.mesoscompose.api.model.PendingTask;
import io.mesoscompose.api.model.PlannedService;
import io.mesoscompose.api.model.ProjectDiff;
import io.mesoscompose.api.model.ProjectInfo;
import io.mesoscompose.api.model.ServiceChange;
import io.mesoscompose.api.model.TaskView;
import io.mesoscompose.compose.Diagnostic;
import io.mesoscompose.compose.ComposeInput;
import io.mesoscompose.compose.SourceFile;
import io.mesoscompose.compose.model.SourcePosition;
import io.mesoscompose.json.Json;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An in-memory {@link ComposeBackend} for API and client tests. It "parses" a compose file only as far as tests
 * need: service names are the keys indented by two spaces under {@code services:}, {@code replicas: N} applies to
 * every service, {@code restart: "no"} makes jobs, {@code task_name: "..."} in a service block names its tasks; a file without {@code services:} is refused with a diagnostic at
 * line 1. Every call is recorded in {@link #calls}. Tests drive tasks with {@link #task} and {@link #publish}.
 */
public final class FakeBackend implements ComposeBackend {
    private static final Pattern SERVICE = Pattern.compile("(?m)^  ([A-Za-z0-9_-]+):\\s*$");
    private static final Pattern TASK_NAME = Pattern.compile("task_name:\\s*\"([^\"]+)\"");
    private static final Pattern REPLICAS = Pattern.compile("replicas:\\s*(\\d+)");

    public final List<String> calls = new CopyOnWriteArrayList<>();
    public final List<Map<String, String>> variables = new CopyOnWriteArrayList<>();
    private final Map<String, ProjectInfo> projects = new TreeMap<>();
    private final Map<String, TaskView> tasks = new TreeMap<>();
    private final List<PendingTask> pending = new CopyOnWriteArrayList<>();
    private final List<Consumer<BackendEvent>> listeners = new CopyOnWriteArrayList<>();
    private volatile HealthStatus health = new HealthStatus(true, true, "");
    private final Map<String, byte[]> logs = new ConcurrentHashMap<>();
    /** The attachments of every launch and update, in order. */
    public final List<Map<String, String>> attachments = new CopyOnWriteArrayList<>();
    private volatile int readCap = 65536;
    private int nextTask = 1;

    @Override
    public synchronized ApplyResult launch(String project, ComposeInput input, Map<String, String> vars) {
        List<SourceFile> files = input.files();
        attachments.add(input.attachments());
        calls.add("launch " + project + " " + files.stream().map(SourceFile::name).toList());
        variables.add(vars);
        return apply(project, files);
    }

    @Override
    public synchronized ApplyResult update(String project, ComposeInput input, Map<String, String> vars) {
        List<SourceFile> files = input.files();
        attachments.add(input.attachments());
        calls.add("update " + project + " " + files.stream().map(SourceFile::name).toList());
        variables.add(vars);
        if (!projects.containsKey(project)) {
            return new ApplyResult.Rejected("no project " + project + ": launch it first", List.of());
        }
        return apply(project, files);
    }

    private ApplyResult apply(String project, List<SourceFile> files) {
        String text = files.get(files.size() - 1).content();
        if (!text.contains("services:")) {
            return new ApplyResult.Rejected("invalid compose file", List.of(new Diagnostic(Diagnostic.Severity.ERROR,
                    new SourcePosition(files.get(0).name(), 1, 1), Optional.empty(), "services",
                    "a compose file needs a services section", Optional.of("add services:"))));
        }
        Matcher replicas = REPLICAS.matcher(text);
        int n = replicas.find() ? Integer.parseInt(replicas.group(1)) : 1;
        String lifecycle = text.contains("restart: \"no\"") ? "JOB" : "SERVICE";
        List<PlannedService> plan = new ArrayList<>();
        Matcher service = SERVICE.matcher(text);
        List<int[]> blocks = new ArrayList<>();
        List<String> names = new ArrayList<>();
        while (service.find()) {
            names.add(service.group(1));
            blocks.add(new int[] {service.end(), text.length()});
            if (blocks.size() > 1) {
                blocks.get(blocks.size() - 2)[1] = service.start();
            }
        }
        for (int i = 0; i < names.size(); i++) {
            Matcher custom = TASK_NAME.matcher(text.substring(blocks.get(i)[0], blocks.get(i)[1]));
            String taskName = custom.find() ? custom.group(1) : "mc:" + project + ":" + names.get(i);
            plan.add(new PlannedService(names.get(i), taskName, n, lifecycle, 0.1, 50, 1000, List.of(), List.of(),
                    DeferredJson.of(Json.MAPPER.createObjectNode().put("name", taskName))));
        }
        long version = Optional.ofNullable(projects.get(project)).map(p -> p.version() + 1).orElse(1L);
        projects.put(project, new ProjectInfo(project, version, "RUNNING", Instant.now(), files, plan));
        publish(new BackendEvent.ProjectApplied(project, version));
        return new ApplyResult.Accepted(project, version, List.of());
    }

    /**
     * Every service of the files is "unchanged" when the project has it, else "added"; a file the fake refuses is
     * refused here the same way.
     */
    @Override
    public synchronized DiffResult diff(String project, ComposeInput input, Map<String, String> vars) {
        List<SourceFile> files = input.files();
        calls.add("diff " + project + " " + files.stream().map(SourceFile::name).toList());
        String text = files.get(files.size() - 1).content();
        if (!text.contains("services:")) {
            return new DiffResult.Rejected("invalid compose file", List.of(new Diagnostic(Diagnostic.Severity.ERROR,
                    new SourcePosition(files.get(0).name(), 1, 1), Optional.empty(), "services",
                    "a compose file needs a services section", Optional.of("add services:"))));
        }
        Optional<ProjectInfo> current = Optional.ofNullable(projects.get(project));
        List<ServiceChange> changes = new ArrayList<>();
        Matcher service = SERVICE.matcher(text);
        while (service.find()) {
            String name = service.group(1);
            boolean known = current.stream().flatMap(p -> p.plan().stream()).anyMatch(s -> s.service().equals(name));
            changes.add(new ServiceChange(name, known ? ServiceChange.Change.UNCHANGED : ServiceChange.Change.ADDED,
                    known ? 1 : 0, 1, 0, List.of()));
        }
        return new DiffResult.Planned(new ProjectDiff(project, current.map(ProjectInfo::version), changes, List.of()));
    }

    @Override
    public synchronized Outcome kill(String project) {
        calls.add("kill " + project);
        ProjectInfo p = projects.get(project);
        if (p == null) {
            return Outcome.notFound("no project " + project);
        }
        projects.put(project, new ProjectInfo(project, p.version(), "KILLED", Instant.now(), p.sources(), p.plan()));
        publish(new BackendEvent.ProjectKilled(project));
        return Outcome.done("project " + project + " is being killed");
    }

    @Override
    public synchronized Outcome kill(String project, String service) {
        calls.add("kill " + project + " " + service);
        return hasService(project, service) ? Outcome.done("killing") : Outcome.notFound("no service " + service);
    }

    @Override
    public synchronized Outcome restart(String project, String service) {
        calls.add("restart " + project + " " + service);
        return hasService(project, service) ? Outcome.done("restarting") : Outcome.notFound("no service " + service);
    }

    @Override
    public synchronized Outcome killTask(String taskId) {
        calls.add("killTask " + taskId);
        return tasks.containsKey(taskId) ? Outcome.done("killing") : Outcome.notFound("no task " + taskId);
    }

    @Override
    public synchronized Outcome restartTask(String taskId) {
        calls.add("restartTask " + taskId);
        return tasks.containsKey(taskId) ? Outcome.done("restarting") : Outcome.notFound("no task " + taskId);
    }

    @Override
    public synchronized Outcome scale(String project, String service, int replicas) {
        calls.add("scale " + project + " " + service + " " + replicas);
        if (replicas < 0) {
            return Outcome.refused("replicas must not be negative");
        }
        return hasService(project, service) ? Outcome.done("scaled") : Outcome.notFound("no service " + service);
    }

    @Override
    public Outcome reregister() {
        calls.add("reregister");
        return Outcome.done("re-registering");
    }

    @Override
    public Outcome suppress() {
        calls.add("suppress");
        return Outcome.done("suppressed");
    }

    @Override
    public Outcome forgetFrameworkId() {
        calls.add("forgetFrameworkId");
        return Outcome.done("forgotten");
    }

    @Override
    public synchronized List<ProjectInfo> projects() {
        return List.copyOf(projects.values());
    }

    @Override
    public synchronized Optional<ProjectInfo> project(String name) {
        return Optional.ofNullable(projects.get(name));
    }

    @Override
    public synchronized List<TaskView> tasks() {
        return List.copyOf(tasks.values());
    }

    @Override
    public List<PendingTask> pending() {
        return List.copyOf(pending);
    }

    @Override
    public HealthStatus health() {
        return health;
    }

    /** Reads the bytes {@link #log} wrote, as an agent's {@code /files/read} does (offset -1: the size). */
    @Override
    public LogRead readLog(String taskId, LogStream stream, long offset, long length) {
        calls.add("readLog " + taskId + " " + stream.fileName() + " " + offset + " " + length);
        if (!tasks.containsKey(taskId)) {
            return new LogRead.Missing("no task " + taskId);
        }
        byte[] data = logs.getOrDefault(taskId + "/" + stream.fileName(), new byte[0]);
        if (offset == -1) {
            return new LogRead.Chunk(data.length, new byte[0]);
        }
        int from = (int) Math.min(offset, data.length);
        int to = (int) Math.min(data.length, from + Math.min(length, readCap));
        return new LogRead.Chunk(offset, Arrays.copyOfRange(data, from, to));
    }

    @Override
    public AutoCloseable subscribe(Consumer<BackendEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    // ---- test controls

    /** Appends to a task's stdout or stderr. */
    public void log(String taskId, LogStream stream, String text) {
        logs.merge(taskId + "/" + stream.fileName(), text.getBytes(StandardCharsets.UTF_8), (a, b) -> {
            byte[] both = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, both, a.length, b.length);
            return both;
        });
    }

    /** The most one read returns, as an agent caps reads at 16 pages. */
    public void readCap(int bytes) {
        readCap = bytes;
    }

    /** Replaces a task's state (ended, ...) without publishing. */
    public synchronized void state(String taskId, String state) {
        TaskView t = tasks.get(taskId);
        tasks.put(taskId, new TaskView(t.taskId(), t.taskName(), state, t.mesosAgent(), t.project(), t.service(),
                t.replica(), t.projectVersion(), t.desired(), t.hostPorts(), t.message(), t.exitCode(), t.healthy(),
                t.attempt(), t.createdAt(), Instant.now()));
    }

    public void health(HealthStatus status) {
        health = status;
    }

    public void pending(PendingTask task) {
        pending.add(task);
    }

    /** Puts (or replaces) a task and publishes its change, as the scheduler would after a status update. */
    public TaskView task(String project, String service, int replica, String state, String message) {
        TaskView task;
        synchronized (this) {
            String id = tasks.values().stream()
                    .filter(t -> t.project().equals(project) && t.service().equals(service) && t.replica() == replica
                            && !t.isTerminal())
                    .map(TaskView::taskId).findFirst()
                    .orElse(project + "_" + service + "." + (nextTask++));
            long version = Optional.ofNullable(projects.get(project)).map(ProjectInfo::version).orElse(1L);
            String taskName = Optional.ofNullable(projects.get(project)).stream()
                    .flatMap(p -> p.plan().stream()).filter(s -> s.service().equals(service))
                    .map(PlannedService::taskName).findFirst().orElse("mc:" + project + ":" + service);
            task = new TaskView(id, taskName, state,
                    new TaskView.Agent("agent-1", "agent1.example"), project, service, replica, version, "RUN",
                    Map.of("80/tcp", 31001), Optional.ofNullable(message),
                    state.equals("TASK_FAILED") ? Optional.of(1) : Optional.empty(), Optional.empty(), 0,
                    Instant.now(), Instant.now());
            tasks.put(id, task);
        }
        TaskView changed = task;
        publish(new BackendEvent.TaskChanged(changed.project(), changed.service(), () -> changed));
        return task;
    }

    /** Puts a task with a given ID (e.g. the one a captured request names), running on agent1.example. */
    public synchronized TaskView task(String taskId, String project, String service, String state) {
        TaskView task = new TaskView(taskId, "mc:" + project + ":" + service, state,
                new TaskView.Agent("agent-1", "agent1.example"), project, service, 0, 1, "RUN", Map.of(),
                Optional.empty(), Optional.empty(), Optional.empty(), 0, Instant.now(), Instant.now());
        tasks.put(taskId, task);
        return task;
    }

    public void publish(BackendEvent event) {
        listeners.forEach(l -> l.accept(event));
    }

    public int listeners() {
        return listeners.size();
    }

    private boolean hasService(String project, String service) {
        ProjectInfo p = projects.get(project);
        return p != null && p.plan().stream().anyMatch(s -> s.service().equals(service));
    }
}
