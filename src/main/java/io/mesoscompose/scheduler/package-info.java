/**
 * The scheduler core: desired state (projects → services → replica slots) made real on Mesos.
 *
 * <p>{@link io.mesoscompose.scheduler.Scheduler} owns one virtual thread that takes Mesos events, operator
 * operations and timer ticks from one queue; each step runs against {@code SchedulerCore}, converges, and publishes
 * an immutable {@link io.mesoscompose.scheduler.SchedulerSnapshot} for readers plus
 * {@link io.mesoscompose.scheduler.SchedulerEvent}s for listeners. Decisions live in pure classes, tested without
 * threads: {@link io.mesoscompose.scheduler.OfferMatcher} (placement), {@code Constraints}, {@code RestartRules}
 * (restart policy and back-off), {@code RollingUpdate} (update_config and rollback_config, as Docker Swarm's updater),
 * {@code Versions} (which version's plan each service runs after a rollback), {@code Desired} (what each slot needs,
 * and why it waits), {@code Housekeeping} (what the store may forget). {@code PendingSlots} and {@code TaskTable}
 * keep what {@code Desired} and the progress counts would compute, up to date as tasks and plans change, so a loop
 * step costs what changed rather than a pass over every slot.
 *
 * <p>Invariants: a task record is committed before the ACCEPT that launches it; a status is committed before it is
 * acknowledged; a replica slot is occupied until its task is terminal (TASK_UNREACHABLE is not), so no replica is
 * ever launched twice; after every SUBSCRIBED all live tasks are reconciled before anything new is launched. A slot
 * holds a second task only while a start-first update starts its replacement, so an update never runs more than
 * replicas + parallelism tasks of a service; a service's update status (paused, rolled back) is stored before it
 * takes effect, and the version a failed update rolls back to is kept in the project record.
 */
package io.mesoscompose.scheduler;
