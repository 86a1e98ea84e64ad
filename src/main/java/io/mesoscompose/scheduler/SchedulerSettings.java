package io.mesoscompose.scheduler;

import io.mesoscompose.config.FrameworkConfig;
import java.time.Duration;
import java.util.Set;

/**
 * Tuning of the loop.
 *
 * @param refuseSeconds      refuse filter on declined offers, so the master does not offer them back at once
 * @param reconcileTimeout   how long launches wait after SUBSCRIBED for the explicit reconciliation answers
 * @param tick               how often timers (back-off, update delay, reconciliation timeout) are checked
 * @param reviveInterval     while replicas wait for resources, offers are revived this often ({@code
 *                           HEARTBEAT_INTERVAL}), so agents declined earlier, with whatever filter, are offered again
 * @param hosts              the only agent host names whose offers are used ({@code HOST_CONSTRAINT_LIST}); empty for
 *                           every agent. The master filters too (offer constraints); this also covers a master that
 *                           does not
 * @param lostTasks          what a task lost with its agent means for its slot ({@code TASK_LOST_REMOVE_TASK})
 * @param gatherUpdates      how long status updates that need not be written with their step wait to be written
 *                           together ({@link UpdateBatch})
 * @param runningWritten     whether a task's TASK_RUNNING after its launch is written to the store. Highly available
 *                           instances ({@code --ha}) write it: their standbys answer reads from the store. A single
 *                           instance does not: the store serves its own restart, which reconciles every task, and the
 *                           master answers with each task's latest state, health and container status (Apache Mesos
 *                           src/master/master.cpp, {@code Master::reconcile}, "Task is known: send the latest
 *                           status update state"); it forgets a task only once its terminal update is acknowledged
 *                           ({@code Master::acknowledge}), and those are written first. A launch then writes each
 *                           task once (its record before the ACCEPT), not twice ({@link StatusUpdates#sameDurableFacts})
 */
public record SchedulerSettings(double refuseSeconds, Duration reconcileTimeout, Duration tick,
                                RestartRules.Backoff backoff, Duration reviveInterval, Set<String> hosts,
                                RestartRules.LostTasks lostTasks, Duration gatherUpdates,
                                boolean runningWritten) {

    public static final SchedulerSettings DEFAULT = new SchedulerSettings(5, Duration.ofSeconds(30),
            Duration.ofSeconds(1), RestartRules.Backoff.DEFAULT);

    public SchedulerSettings {
        hosts = Set.copyOf(hosts);
    }

    /**
     * With the Go project's defaults for the settings of its environment (revive every 15 s, every host), for a
     * single instance.
     */
    public SchedulerSettings(double refuseSeconds, Duration reconcileTimeout, Duration tick,
                             RestartRules.Backoff backoff) {
        this(refuseSeconds, reconcileTimeout, tick, backoff, Duration.ofSeconds(15), Set.of(),
                RestartRules.LostTasks.REPLACED, Duration.ofNanos(UpdateBatch.GATHER_NANOS), false);
    }

    /** The defaults, with the framework's settings of the same meaning. */
    public static SchedulerSettings from(FrameworkConfig config) {
        return new SchedulerSettings(DEFAULT.refuseSeconds(), DEFAULT.reconcileTimeout(), DEFAULT.tick(),
                DEFAULT.backoff(), config.mesos().heartbeatInterval(), Set.copyOf(config.mesos().hostConstraints()),
                config.tasks().removeLostTasks() ? RestartRules.LostTasks.REPLACED
                        : RestartRules.LostTasks.RESTART_POLICY, DEFAULT.gatherUpdates(),
                config.ha().isPresent());
    }

    /** Whether offers of the agent on {@code hostname} may be used. */
    boolean acceptsHost(String hostname) {
        return hosts.isEmpty() || hosts.contains(hostname);
    }
}
