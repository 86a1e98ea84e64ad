package io.mesoscompose.simulator;

import io.mesoscompose.simulator.validation.AgentValidation;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.mesos.v1.Protos.HealthCheck;
import org.apache.mesos.v1.Protos.TaskState;

/**
 * A task's health checks as its executor runs them (src/checks/health_checker.cpp, checker_process.cpp): the first
 * check {@code delay_seconds} after start, then one every {@code interval_seconds}. A success is reported
 * (TASK_RUNNING, {@code healthy: true}) the first time and after failures; every failure is reported
 * ({@code healthy: false}) except during the grace period before the first success; after
 * {@code consecutive_failures} failures in a row the executor kills the task. Whether a check passes comes from the
 * task's {@link TaskScript.Health}, and a Docker COMMAND check whose command line is wrong always fails.
 */
final class HealthChecker {

    private HealthChecker() {}

    static void start(ClusterState c, SimTask task, TaskScript.Health health) {
        switch (health) {
            case TaskScript.Health.Results results -> scheduleResult(c, task, results, 0, new Tally());
            case TaskScript.Health.AsConfigured configured -> {
                if (task.info.hasHealthCheck()) {
                    HealthCheck check = task.info.getHealthCheck();
                    Optional<List<String>> broken = AgentValidation.brokenDockerHealthCheck(task.info,
                            "mesos-" + task.executor.containerId);
                    scheduleCheck(c, task, check, configured.failAfter(), broken, 0, new Tally());
                }
            }
        }
    }

    /** Consecutive failures so far, and whether a check has passed yet. */
    private static final class Tally {
        int failures;
        boolean initializing = true;
    }

    private static void scheduleCheck(ClusterState c, SimTask task, HealthCheck check, Optional<Duration> failAfter,
            Optional<List<String>> broken, int index, Tally tally) {
        double at = check.getDelaySeconds() + index * check.getIntervalSeconds();
        double wait = index == 0 ? check.getDelaySeconds() : check.getIntervalSeconds();
        task.step(c.timers.schedule(() -> {
            synchronized (c) {
                if (task.state() != TaskState.TASK_RUNNING) {
                    return;
                }
                boolean pass = broken.isEmpty() && failAfter.map(d -> at < d.toMillis() / 1000.0).orElse(true);
                if (broken.isPresent() && tally.failures == 0) {
                    task.executor.sandbox.write("stderr", List.of("[simulator] health check `"
                            + String.join(" ", broken.get()) + "` failed: the command repeats its program name"));
                }
                boolean inGrace = tally.initializing && check.getGracePeriodSeconds() > 0
                        && at <= check.getGracePeriodSeconds();
                if (report(c, task, pass, inGrace, tally) && tally.failures >= check.getConsecutiveFailures()) {
                    TaskRunner.killed(c, task, Optional.of(false));
                    return;
                }
                scheduleCheck(c, task, check, failAfter, broken, index + 1, tally);
            }
        }, Math.round(wait * 1000), TimeUnit.MILLISECONDS));
    }

    private static void scheduleResult(ClusterState c, SimTask task, TaskScript.Health.Results results, int index,
            Tally tally) {
        if (index >= results.results().size()) {
            return;
        }
        task.step(c.timers.schedule(() -> {
            synchronized (c) {
                if (task.state() == TaskState.TASK_RUNNING) {
                    report(c, task, results.results().get(index), false, tally);
                    scheduleResult(c, task, results, index + 1, tally);
                }
            }
        }, results.interval().toMillis(), TimeUnit.MILLISECONDS));
    }

    /** Reports one result as the health checker does; true when it was a counted failure. */
    private static boolean report(ClusterState c, SimTask task, boolean pass, boolean inGrace, Tally tally) {
        if (pass) {
            if (tally.initializing || tally.failures > 0) {
                c.update(task, StatusChange.health(true));
                tally.initializing = false;
            }
            tally.failures = 0;
            return false;
        }
        if (inGrace) {
            return false;
        }
        tally.failures++;
        c.update(task, StatusChange.health(false));
        return true;
    }

}
