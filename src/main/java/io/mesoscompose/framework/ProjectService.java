package io.mesoscompose.framework;

import io.mesoscompose.compose.ComposeLoader;
import io.mesoscompose.compose.Diagnostic;
import io.mesoscompose.compose.LoadRequest;
import io.mesoscompose.compose.LoadResult;
import io.mesoscompose.compose.SourceFile;
import io.mesoscompose.compose.model.ComposeProject;
import io.mesoscompose.plan.PlanSettings;
import io.mesoscompose.plan.Planner;
import io.mesoscompose.plan.ProjectPlan;
import io.mesoscompose.scheduler.Scheduler;
import io.mesoscompose.state.ProjectRecord;
import io.mesoscompose.state.StateStore;
import io.mesoscompose.state.StoredVariables;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The way in for compose projects: compose text → model → plan → durable record → scheduler. A project that
 * fails validation changes nothing; one that passes is stored (sources and variables, so the same model comes
 * back after a restart) and handed to the scheduler in one step.
 */
public final class ProjectService {

    private static final Logger LOG = LoggerFactory.getLogger(ProjectService.class);
    private static final long APPLY_TIMEOUT_SECONDS = 30;

    private final StateStore store;
    private final Scheduler scheduler;
    private final PlanSettings settings;
    private final Clock clock;

    public ProjectService(StateStore store, Scheduler scheduler, PlanSettings settings, Clock clock) {
        this.store = store;
        this.scheduler = scheduler;
        this.settings = settings;
        this.clock = clock;
    }

    /** The outcome of a submission: accepted with its version, or refused; with every finding either way. */
    public record Submission(boolean accepted, long version, List<Diagnostic> diagnostics) {
        public Submission {
            diagnostics = List.copyOf(diagnostics);
        }

        public List<Diagnostic> errors() {
            return diagnostics.stream().filter(Diagnostic::isError).toList();
        }
    }

    /**
     * Loads, validates, plans and applies a project. Synchronised so that two submissions of the same project
     * cannot both read version N and both write N+1.
     */
    public synchronized Submission submit(String project, List<SourceFile> files, Map<String, String> variables) {
        Optional<Diagnostic> secrets = StoredVariables.refusal(files, variables);
        if (secrets.isPresent()) {  // the record would refuse them; say so as a finding, before anything changes
            LOG.info("project {} refused: {}", project, secrets.get().message());
            return new Submission(false, 0, List.of(secrets.get()));
        }
        LoadResult loaded = load(project, files, variables);
        if (loaded.project().isEmpty()) {
            LOG.info("project {} refused: {} errors, nothing changed", project,
                    loaded.diagnostics().stream().filter(Diagnostic::isError).count());
            return new Submission(false, 0, loaded.diagnostics());
        }
        ProjectPlan plan = Planner.plan(loaded.project().get(), settings);
        List<Diagnostic> findings = new ArrayList<>(loaded.diagnostics());
        findings.addAll(plan.warnings());
        if (plan.hasErrors()) {
            LOG.info("project {} refused by the plan, nothing changed: {}", project, plan.warnings());
            return new Submission(false, 0, findings);
        }
        long version = store.project(project).map(p -> p.version() + 1).orElse(1L);
        ProjectRecord record = new ProjectRecord(project, version, files, variables, ProjectRecord.Desired.RUNNING,
                clock.instant());
        await(scheduler.apply(plan, record), "apply " + project);
        LOG.info("project {} v{} accepted: {} services, {} warnings", project, version, plan.services().size(),
                plan.warnings().size() + loaded.diagnostics().size());
        return new Submission(true, version, findings);
    }

    /** Re-plans every stored project that should run (parsing is deterministic: the same sources, the same plan). */
    public Map<String, ProjectPlan> resumePlans() {
        Map<String, ProjectPlan> plans = new LinkedHashMap<>();
        for (ProjectRecord record : store.projects()) {
            if (record.desired() != ProjectRecord.Desired.RUNNING) {
                continue;
            }
            replan(record, settings).ifPresent(plan -> plans.put(record.name(), plan));
        }
        return plans;
    }

    /**
     * The plan of a stored project, made again from its sources and variables (without the operator's replica
     * counts); empty, with the reason logged, when they no longer load.
     */
    public static Optional<ProjectPlan> replan(ProjectRecord record, PlanSettings settings) {
        LoadResult loaded = load(record.name(), record.sources(), record.variables());
        Optional<ComposeProject> project = loaded.project();
        if (project.isEmpty()) {
            // Only possible when a newer version of this program reads files differently; the tasks keep
            // running untouched and the operator sees why the project is not managed.
            LOG.error("stored project {} v{} no longer loads; its tasks are left as they are: {}", record.name(),
                    record.version(), loaded.diagnostics());
            return Optional.empty();
        }
        return Optional.of(Planner.plan(project.get(), settings));
    }

    /** Loads without planning: what {@code validate} and the plan preview use. */
    public static LoadResult load(String project, List<SourceFile> files, Map<String, String> variables) {
        return ComposeLoader.load(new LoadRequest(files, Optional.of(project), variables, f -> Optional.empty()));
    }

    public ProjectPlan plan(ComposeProject project) {
        return Planner.plan(project, settings);
    }

    static void await(java.util.concurrent.CompletableFuture<?> future, String what) {
        try {
            future.get(APPLY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(what + ": interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(what + " failed", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + ": the scheduler did not answer within " + APPLY_TIMEOUT_SECONDS + "s");
        }
    }
}
