package io.mesoscompose.framework;

import io.mesoscompose.api.UnavailableException;
import io.mesoscompose.compose.ComposeInput;
import io.mesoscompose.compose.ComposeLoader;
import io.mesoscompose.compose.Diagnostic;
import io.mesoscompose.compose.LoadRequest;
import io.mesoscompose.compose.LoadResult;
import io.mesoscompose.compose.SourceFile;
import io.mesoscompose.compose.model.ComposeProject;
import io.mesoscompose.plan.PlanSettings;
import io.mesoscompose.plan.Planner;
import io.mesoscompose.plan.ProjectPlan;
import io.mesoscompose.scheduler.ResumedPlans;
import io.mesoscompose.scheduler.Scheduler;
import io.mesoscompose.state.FencedWriteException;
import io.mesoscompose.state.ProjectRecord;
import io.mesoscompose.state.StateStore;
import io.mesoscompose.state.StateStoreException;
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
import java.util.function.Function;
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
    public synchronized Submission submit(String project, ComposeInput input, Map<String, String> variables) {
        Prepared prepared = prepare(project, input, variables);
        if (prepared.plan().isEmpty()) {
            return new Submission(false, 0, prepared.findings());
        }
        ProjectPlan plan = prepared.plan().get();
        long version = store.project(project).map(p -> p.version() + 1).orElse(1L);
        ProjectRecord record = new ProjectRecord(project, version, input, variables, ProjectRecord.Desired.RUNNING,
                clock.instant());
        await(scheduler.apply(plan, record), "apply " + project);
        LOG.info("project {} v{} accepted: {} services, {} warnings", project, version, plan.services().size(),
                prepared.findings().size());
        return new Submission(true, version, prepared.findings());
    }

    /**
     * What {@link #submit} would apply: the plan, or empty when the files would be refused; with every finding
     * either way. Changes nothing: {@code diff} and {@code up --dry-run} compare it with the running plan.
     */
    public record Prepared(Optional<ProjectPlan> plan, List<Diagnostic> findings) {
        public Prepared {
            findings = List.copyOf(findings);
        }

        public List<Diagnostic> errors() {
            return findings.stream().filter(Diagnostic::isError).toList();
        }
    }

    public Prepared prepare(String project, ComposeInput input, Map<String, String> variables) {
        return prepare(project, input, variables, settings);
    }

    /** {@link #prepare} with the given plan settings: a standby answers {@code diff} this way. */
    public static Prepared prepare(String project, ComposeInput input, Map<String, String> variables,
                                   PlanSettings settings) {
        Optional<Diagnostic> secrets = StoredVariables.refusal(input.allTexts(), variables);
        if (secrets.isPresent()) {  // the record would refuse them; say so as a finding, before anything changes
            LOG.info("project {} refused: {}", project, secrets.get().message());
            return new Prepared(Optional.empty(), List.of(secrets.get()));
        }
        LoadResult loaded = load(project, input, variables);
        if (loaded.project().isEmpty()) {
            LOG.info("project {} refused: {} errors, nothing changed", project,
                    loaded.diagnostics().stream().filter(Diagnostic::isError).count());
            return new Prepared(Optional.empty(), loaded.diagnostics());
        }
        ProjectPlan plan = Planner.plan(loaded.project().get(), settings);
        List<Diagnostic> findings = new ArrayList<>(loaded.diagnostics());
        findings.addAll(plan.warnings());
        if (plan.hasErrors()) {
            LOG.info("project {} refused by the plan, nothing changed: {}", project, plan.warnings());
            return new Prepared(Optional.empty(), findings);
        }
        return new Prepared(Optional.of(plan), findings);
    }

    /**
     * Re-plans every stored project that should run (parsing is deterministic: the same sources, the same plan), and
     * the earlier versions its record keeps, which a failed update rolls back to.
     */
    public ResumedPlans resumePlans() {
        return resumePlans(store.projects(), record -> replan(record, settings));
    }

    /**
     * The plans of {@code records} that should run, and of the earlier versions each keeps, made by {@code planner}
     * (a standby passes one that reuses the plans it built before).
     */
    public static ResumedPlans resumePlans(List<ProjectRecord> records,
                                           Function<ProjectRecord, Optional<ProjectPlan>> planner) {
        Map<String, ProjectPlan> current = new LinkedHashMap<>();
        Map<String, Map<Long, ProjectPlan>> earlier = new LinkedHashMap<>();
        for (ProjectRecord record : records) {
            if (record.desired() != ProjectRecord.Desired.RUNNING) {
                continue;
            }
            Optional<ProjectPlan> plan = planner.apply(record);
            if (plan.isEmpty()) {
                continue; // its tasks keep running untouched; replan said why
            }
            current.put(record.name(), plan.get());
            Map<Long, ProjectPlan> versions = new LinkedHashMap<>();
            for (Optional<ProjectRecord> r = record.previous(); r.isPresent(); r = r.get().previous()) {
                ProjectRecord version = r.get();
                planner.apply(version).ifPresent(p -> versions.put(version.version(), p));
            }
            earlier.put(record.name(), versions);
        }
        return new ResumedPlans(current, earlier);
    }

    /**
     * The plan of a stored project version, made again from its sources and variables (without the operator's
     * replica counts); empty, with the reason logged, when they no longer load.
     */
    public static Optional<ProjectPlan> replan(ProjectRecord record, PlanSettings settings) {
        LoadResult loaded = load(record.name(), record.input(), record.variables());
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
    public static LoadResult load(String project, ComposeInput input, Map<String, String> variables) {
        return ComposeLoader.load(new LoadRequest(input.files(), Optional.of(project), variables, input.reader()));
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
            if (e.getCause() instanceof FencedWriteException fenced) {
                throw new UnavailableException(what + ": nothing was changed, this instance lost its leadership "
                        + "meanwhile (" + fenced.getMessage() + "); try again", fenced);
            }
            if (e.getCause() instanceof StateStoreException store) {
                throw new UnavailableException(what + ": nothing was changed, the state could not be written ("
                        + store.getMessage() + "); try again", store);
            }
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(what + " failed", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + ": the scheduler did not answer within " + APPLY_TIMEOUT_SECONDS + "s");
        }
    }
}
