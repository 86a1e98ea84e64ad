package io.mesoscompose.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.mesoscompose.api.model.ApiError;
import io.mesoscompose.api.model.ApplyRequest;
import io.mesoscompose.api.model.ApplyResponse;
import io.mesoscompose.api.model.ApplyResult;
import io.mesoscompose.api.model.DiagnosticView;
import io.mesoscompose.api.model.DiffResult;
import io.mesoscompose.api.model.Outcome;
import io.mesoscompose.api.model.ProjectDetail;
import io.mesoscompose.api.model.ProjectInfo;
import io.mesoscompose.api.model.ProjectStatus;
import io.mesoscompose.api.model.ScaleRequest;
import io.mesoscompose.api.model.TaskView;
import io.mesoscompose.compose.Diagnostic;
import io.mesoscompose.json.Json;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Our own API, {@code /api/compose/v1/...}: JSON in and out, REST-shaped. Errors are always
 * {@code {"error": "...", "diagnostics": [...]}}: 400 malformed request, 404 unknown project/service/task, 409 not
 * possible now, 422 compose files refused (each diagnostic with file, line, column, service, field, hint).
 *
 * <pre>
 * GET    /projects                                   project list with per-service counts
 * PUT    /projects/{p}          {files, variables, profiles}   launch, or update when it runs
 * POST   /projects/{p}/diff     {files, variables, profiles}   what the PUT would do, service by service
 * GET    /projects/{p}                               sources, plan, per-service counts
 * DELETE /projects/{p}                               take the project down
 * GET    /projects/{p}/services                      per-service counts
 * DELETE /projects/{p}/services/{s}                  kill a service
 * POST   /projects/{p}/services/{s}/restart          replace its tasks
 * PUT    /projects/{p}/services/{s}/scale {replicas}
 * GET    /tasks[?project=&amp;service=]                  tasks with state, host, ports, last message
 * DELETE /tasks/{id}                                 kill one task
 * POST   /tasks/{id}/restart                         replace one task
 * GET    /tasks/{id}/logs?stream=&amp;offset=&amp;tail=&amp;follow=   its stdout/stderr (see {@link LogRoutes})
 * GET    /pending                                    replicas waiting for an offer, with the reason
 * POST   /framework/reregister | /framework/suppress; DELETE /framework/id
 * </pre>
 */
public final class V1Routes {
    public static final String PREFIX = "/api/compose/v1";

    private final ComposeBackend backend;

    public V1Routes(ComposeBackend backend) {
        this.backend = backend;
    }

    public Router register(Router router) {
        return router
                .add("GET", PREFIX + "/projects", r -> ApiResponse.json(200, projects()))
                .add("PUT", PREFIX + "/projects/{project}", this::apply)
                .add("POST", PREFIX + "/projects/{project}/diff", this::diff)
                .add("GET", PREFIX + "/projects/{project}", this::project)
                .add("DELETE", PREFIX + "/projects/{project}", r -> outcome(backend.kill(r.var("project"))))
                .add("GET", PREFIX + "/projects/{project}/services", r -> withProject(r.var("project"),
                        p -> ApiResponse.json(200, status(p).services())))
                .add("DELETE", PREFIX + "/projects/{project}/services/{service}",
                        r -> outcome(backend.kill(r.var("project"), r.var("service"))))
                .add("POST", PREFIX + "/projects/{project}/services/{service}/restart",
                        r -> outcome(backend.restart(r.var("project"), r.var("service"))))
                .add("PUT", PREFIX + "/projects/{project}/services/{service}/scale", this::scale)
                .add("GET", PREFIX + "/tasks", this::tasks)
                .add("DELETE", PREFIX + "/tasks/{taskid}", r -> outcome(backend.killTask(r.var("taskid"))))
                .add("POST", PREFIX + "/tasks/{taskid}/restart", r -> outcome(backend.restartTask(r.var("taskid"))))
                .add("GET", PREFIX + "/pending", r -> ApiResponse.json(200, backend.pending()))
                .add("POST", PREFIX + "/framework/reregister", r -> outcome(backend.reregister()))
                .add("POST", PREFIX + "/framework/suppress", r -> outcome(backend.suppress()))
                .add("DELETE", PREFIX + "/framework/id", r -> outcome(backend.forgetFrameworkId()));
    }

    private List<ProjectStatus> projects() {
        return backend.projects().stream().map(this::status).toList();
    }

    private ProjectStatus status(ProjectInfo project) {
        return backend.status(project);
    }

    private ApiResponse project(ApiRequest request) {
        return withProject(request.var("project"),
                p -> ApiResponse.json(200, ProjectDetail.of(p, status(p).services())));
    }

    private ApiResponse withProject(String name, Function<ProjectInfo, ApiResponse> then) {
        return backend.project(name).map(then).orElseGet(() -> error(404, "no project " + name));
    }

    private ApiResponse apply(ApiRequest request) {
        return withFiles(request, (project, body) -> {
            boolean isNew = backend.project(project).isEmpty();
            return switch (backend.apply(project, body.input(), body.loadVariables())) {
                case ApplyResult.Accepted ok -> ApiResponse.json(isNew ? 201 : 200,
                        new ApplyResponse(ok.project(), ok.version(), DiagnosticView.of(ok.warnings())));
                case ApplyResult.Rejected refused -> refused(refused.reason(), refused.diagnostics());
            };
        });
    }

    private ApiResponse diff(ApiRequest request) {
        return withFiles(request, (project, body) ->
                switch (backend.diff(project, body.input(), body.loadVariables())) {
                    case DiffResult.Planned planned -> ApiResponse.json(200, planned.diff());
                    case DiffResult.Rejected refused -> refused(refused.reason(), refused.diagnostics());
                });
    }

    private static ApiResponse refused(String reason, List<Diagnostic> diagnostics) {
        return ApiResponse.json(422, new ApiError(reason, DiagnosticView.of(diagnostics)));
    }

    /** Checks the project name and reads an {@link ApplyRequest} body, then hands both on; 400 when either is bad. */
    private static ApiResponse withFiles(ApiRequest request, BiFunction<String, ApplyRequest, ApiResponse> then) {
        String project = request.var("project");
        Optional<String> badName = ProjectNames.problem(project);
        if (badName.isPresent()) {
            return error(400, badName.get());
        }
        ApplyRequest body;
        try {
            body = Json.MAPPER.readValue(request.body(), ApplyRequest.class);
        } catch (IOException e) {
            return error(400, "the body must be JSON {\"files\": [{\"name\": ..., \"content\": ...}], \"variables\": {...}}: "
                    + firstLine(e));
        }
        if (body.files().isEmpty()) {
            return error(400, "no compose file in the request");
        }
        if (body.files().stream().anyMatch(f -> f == null || f.name() == null || f.content() == null)) {
            return error(400, "every file needs a name and a content");
        }
        return then.apply(project, body);
    }

    private ApiResponse scale(ApiRequest request) {
        ScaleRequest body;
        try {
            body = Json.MAPPER.readValue(request.body(), ScaleRequest.class);
        } catch (IOException e) {
            return error(400, "the body must be JSON {\"replicas\": N}: " + firstLine(e));
        }
        if (body.replicas() < 0) {
            return error(400, "replicas must be 0 or more, not " + body.replicas());
        }
        return outcome(backend.scale(request.var("project"), request.var("service"), body.replicas()));
    }

    private ApiResponse tasks(ApiRequest request) {
        Optional<String> project = request.queryParam("project");
        Optional<String> service = request.queryParam("service");
        List<TaskView> tasks = backend.tasks().stream()
                .filter(t -> project.isEmpty() || t.project().equals(project.get()))
                .filter(t -> service.isEmpty() || t.service().equals(service.get()))
                .toList();
        return ApiResponse.json(200, tasks);
    }

    private static ApiResponse outcome(Outcome outcome) {
        return switch (outcome) {
            case Outcome.Done done -> ApiResponse.json(202, Map.of("message", done.message()));
            case Outcome.NotFound missing -> error(404, missing.message());
            case Outcome.Refused refused -> error(409, refused.message());
        };
    }

    static ApiResponse error(int status, String message) {
        return ApiResponse.json(status, new ApiError(message, List.of()));
    }

    /** Jackson's messages carry a source excerpt after the first line; the first line says what is wrong. */
    private static String firstLine(IOException e) {
        String message = e instanceof JsonProcessingException json ? json.getOriginalMessage() : e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
    }
}
