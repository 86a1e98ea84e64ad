/**
 * High availability: several {@code serve --ha zk://…} instances, one leader, elected in ZooKeeper.
 *
 * <p>{@link io.mesoscompose.ha.Leadership} is a layer around the framework, not a flag inside it: when the election
 * (Curator's {@code LeaderLatch}) picks this instance, it takes the next epoch from ZooKeeper and starts a
 * {@link io.mesoscompose.ha.LeaderTerm} (the scheduler, the Mesos subscription with the stored framework ID, i.e. a
 * failover, and writing the state under that epoch); when leadership ends, or the ZooKeeper connection is
 * SUSPENDED or LOST, it stops the term at once. The scheduler never asks whether it leads.
 *
 * <p>Invariants: at most one instance schedules at a time. A leader cut off from ZooKeeper stops after two thirds
 * of its session (Curator reports SUSPENDED when the client's read timeout passes), before the session expires and
 * another instance can be elected. A leader that does not notice (paused by the operating system or the garbage
 * collector) cannot write either: every commit carries its epoch and the shared state refuses it once a later
 * epoch claimed the state ({@link io.mesoscompose.state.SharedStateStore}), and Mesos refuses the calls of its
 * replaced subscription. An instance that cannot confirm that its term stopped exits (status 70), so its
 * supervisor restarts it clean. Curator's callbacks run one at a time on one virtual thread; transitions are
 * published as {@link io.mesoscompose.ha.LeadershipEvent}s.
 */
package io.mesoscompose.ha;
