/**
 * The scheduler core: desired state (projects → services → replica slots) made real on Mesos.
 *
 * <p>{@link io.mesoscompose.scheduler.Scheduler} owns one virtual thread that takes Mesos events, operator
 * operations and timer ticks from one queue; each step runs against {@code SchedulerCore}, converges, and publishes
 * an immutable {@link io.mesoscompose.scheduler.SchedulerSnapshot} for readers plus
 * {@link io.mesoscompose.scheduler.SchedulerEvent}s for listeners. Decisions live in pure classes, tested without
 * threads: {@link io.mesoscompose.scheduler.OfferMatcher} (placement), {@code Constraints}, {@code RestartRules}
 * (restart policy and back-off), {@code RollingUpdate} (update_config), {@code Desired} (what is pending and why),
 * {@code Housekeeping} (what the store may forget).
 *
 * <p>Invariants: a task record is committed before the ACCEPT that launches it; a status is committed before it is
 * acknowledged; a replica slot is occupied until its task is terminal (TASK_UNREACHABLE is not), so no replica is
 * ever launched twice; after every SUBSCRIBED all live tasks are reconciled before anything new is launched.
 */
package io.mesoscompose.scheduler;
