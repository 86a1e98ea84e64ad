package io.mesoscompose.api;

import io.mesoscompose.api.model.ApplyResult;
import io.mesoscompose.api.model.DiagnosticView;
import io.mesoscompose.api.model.Outcome;
import io.mesoscompose.api.model.PendingTask;
import io.mesoscompose.api.model.PlannedService;
import io.mesoscompose.api.model.ProjectInfo;
import io.mesoscompose.api.model.TaskView;
import io.mesoscompose.compose.Diagnostic;
import io.mesoscompose.compose.ComposeInput;
import io.mesoscompose.compose.SourceFile;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes of the Go mesos-compose ({@code /api/compose/v0/...}), answered the way its clients — above all the
 * Mesos CLI's compose plugin — read them: JSON bodies {@code {"number","function","message"}} (0 and "ok" on
 * success), header {@code Api-Service: v0}. Failures answer 406 Not Acceptable as the Go handlers do, with a
 * non-zero number: {@value #INVALID} invalid request or compose file, {@value #NOT_FOUND} no such project, service
 * or task, {@value #REFUSED} not possible now.
 *
 * <p>Registered in the Go router's order: the {@code tasks/...} and {@code framework/...} routes come before the
 * {@code {project}/...} ones they would otherwise match.
 */
public final class CompatRoutes {
    private static final Logger log = LoggerFactory.getLogger(CompatRoutes.class);
    static final String PREFIX = "/api/compose/v0";
    static final int INVALID = 1;
    static final int NOT_FOUND = 2;
    static final int REFUSED = 3;
    /** The CLI sends one file and no name: positions in diagnostics refer to it by this name. */
    static final String BODY_FILE_NAME = "docker-compose.yml";

    private final ComposeBackend backend;

    public CompatRoutes(ComposeBackend backend) {
        this.backend = backend;
    }

    public Router register(Router router) {
        return router
                .addOpen("GET", "/api/compose/versions", r -> new ApiResponse.Text(200, PREFIX,
                        "text/plain; charset=utf-8", Map.of("Api-Service", "-")))
                .add("GET", PREFIX + "/tasks", this::tasks)
                .add("DELETE", PREFIX + "/tasks/{taskid}",
                        r -> reply("V0ComposeKillTask", backend.killTask(r.var("taskid"))))
                .add("PUT", PREFIX + "/tasks/{taskid}/restart",
                        r -> reply("V0ComposeRestartTask", backend.restartTask(r.var("taskid"))))
                .add("PUT", PREFIX + "/framework/reregister", r -> reply("V0FrameworkReRegister", backend.reregister()))
                .add("PUT", PREFIX + "/framework/suppress", r -> reply("V0FrameworkSuppress", backend.suppress()))
                // Older Mesos CLI plugins spell it so.
                .add("PUT", PREFIX + "/framework/supress", r -> reply("V0FrameworkSuppress", backend.suppress()))
                .add("DELETE", PREFIX + "/framework", r -> reply("V0FrameworkRemoveID", backend.forgetFrameworkId()))
                .add("PUT", PREFIX + "/{project}", r -> apply("V0ComposePush", r, false))
                .add("UPDATE", PREFIX + "/{project}", r -> apply("V0ComposeUpdate", r, true))
                .add("DELETE", PREFIX + "/{project}/{service}", r -> {
                    ServiceRef s = resolve(r.var("project"), r.var("service"));
                    return reply("V0ComposeKillService", backend.kill(s.project(), s.service()));
                })
                .add("PUT", PREFIX + "/{project}/{service}/restart", r -> {
                    ServiceRef s = resolve(r.var("project"), r.var("service"));
                    return reply("V0ComposeRestartService", backend.restart(s.project(), s.service()));
                })
                .add("DELETE", PREFIX + "/{project}/{service}/{taskid}", this::killTaskOfService);
    }

    /** A service of a project. */
    record ServiceRef(String project, String service) {}

    /**
     * Which service {@code /{a}/{b}} means. The CLI plugin takes a task name {@code prefix:a:b} apart and sends its
     * second and third parts, and the Go project looks tasks up by that task name. So: the service {@code b} of
     * project {@code a} when there is one, else the service whose task name ({@code mesos.task_name}, e.g. the
     * seed's {@code mc:test:app1}) ends in {@code :a:b}.
     */
    ServiceRef resolve(String a, String b) {
        boolean direct = backend.project(a).stream().flatMap(p -> p.plan().stream()).anyMatch(s -> s.service().equals(b));
        if (direct) {
            return new ServiceRef(a, b);
        }
        String suffix = ":" + a + ":" + b;
        return backend.projects().stream()
                .flatMap(p -> p.plan().stream().filter(s -> s.taskName().endsWith(suffix))
                        .map(s -> new ServiceRef(p.name(), s.service())))
                .findFirst()
                .orElse(new ServiceRef(a, b));
    }

    /**
     * Every task the framework knows, as the Go project's V0ShowAllTasks lists every task it stored: the live ones
     * (ended ones are left out, as the Go project forgets them) and, after them, each replica still waiting for an
     * offer ({@link TaskView#pending}: state {@code __NEW}, the reason in {@code message}). An empty list is
     * {@code []}.
     */
    private ApiResponse tasks(ApiRequest request) {
        List<TaskView> all = new ArrayList<>(backend.tasks().stream().filter(t -> !t.isTerminal()).toList());
        Map<String, Optional<ProjectInfo>> projects = new HashMap<>();
        for (PendingTask p : backend.pending()) {
            Optional<ProjectInfo> project = projects.computeIfAbsent(p.project(), backend::project);
            String taskName = project.stream().flatMap(i -> i.plan().stream())
                    .filter(s -> s.service().equals(p.service())).map(PlannedService::taskName).findFirst()
                    .orElse(p.project() + ":" + p.service());
            all.add(TaskView.pending(p, taskName, project.map(ProjectInfo::version).orElse(0L),
                    project.map(ProjectInfo::updatedAt).orElse(Instant.EPOCH)));
        }
        return new ApiResponse.JsonBody(200, all, Map.of("Api-Service", "v0"));
    }

    private ApiResponse apply(String function, ApiRequest request, boolean update) {
        String project = request.var("project");
        Optional<String> badName = ProjectNames.problem(project);
        if (badName.isPresent()) {
            return failure(function, INVALID, badName.get(), Map.of());
        }
        List<SourceFile> files = List.of(new SourceFile(BODY_FILE_NAME, request.bodyText()));
        ApplyResult result = update
                ? backend.update(project, ComposeInput.of(files), Map.of())
                : backend.apply(project, ComposeInput.of(files), Map.of());
        return switch (result) {
            case ApplyResult.Accepted ok -> {
                Map<String, Object> body = body(0, function, "ok");
                body.put("project", ok.project());
                body.put("version", ok.version());
                body.put("warnings", DiagnosticView.of(ok.warnings()));
                yield new ApiResponse.JsonBody(200, body, Map.of("Api-Service", "v0"));
            }
            case ApplyResult.Rejected refused -> {
                log.info("{} of project {} refused: {}", function, project, refused.reason());
                yield failure(function, INVALID, rejectionText(refused),
                        Map.of("diagnostics", DiagnosticView.of(refused.diagnostics())));
            }
        };
    }

    /** The reason, then every diagnostic on its own line as {@code file:line:column: error: ...}. */
    static String rejectionText(ApplyResult.Rejected refused) {
        if (refused.diagnostics().isEmpty()) {
            return refused.reason();
        }
        return refused.reason() + "\n" + refused.diagnostics().stream().map(Diagnostic::toString)
                .collect(Collectors.joining("\n"));
    }

    private ApiResponse killTaskOfService(ApiRequest request) {
        ServiceRef ref = resolve(request.var("project"), request.var("service"));
        String project = ref.project();
        String service = ref.service();
        String taskId = request.var("taskid");
        boolean belongs = backend.task(taskId).filter(t -> t.project().equals(project) && t.service().equals(service))
                .isPresent();
        if (!belongs) {
            return failure("V0ComposeKillTask", NOT_FOUND,
                    "no task " + taskId + " in service " + service + " of project " + project, Map.of());
        }
        return reply("V0ComposeKillTask", backend.killTask(taskId));
    }

    private static ApiResponse reply(String function, Outcome outcome) {
        return switch (outcome) {
            case Outcome.Done done -> new ApiResponse.JsonBody(200, body(0, function, "ok"), Map.of("Api-Service", "v0"));
            case Outcome.NotFound missing -> failure(function, NOT_FOUND, missing.message(), Map.of());
            case Outcome.Refused refused -> failure(function, REFUSED, refused.message(), Map.of());
        };
    }

    private static ApiResponse failure(String function, int number, String message, Map<String, Object> extra) {
        Map<String, Object> body = body(number, function, message);
        body.putAll(extra);
        return new ApiResponse.JsonBody(406, body, Map.of("Api-Service", "v0"));
    }

    private static Map<String, Object> body(int number, String function, String message) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("number", number);
        body.put("function", function);
        body.put("message", message);
        return body;
    }
}
