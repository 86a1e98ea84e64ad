/**
 * A simulated Apache Mesos cluster for tests and {@code mesos-compose simulate}: a master speaking the v1 scheduler
 * HTTP API, as strict as a real one by default ({@link io.mesoscompose.simulator.validation}), agents that fail
 * what real agents fail and otherwise behave like a healthy cluster, per-task scripts ({@link
 * io.mesoscompose.simulator.TaskScripts}), offer cycles, reliable status updates, reconciliation, framework and
 * master failover, fault injection ({@link io.mesoscompose.simulator.Faults}), and the master's and agents'
 * operator endpoints with the real field names. Entry point: {@link io.mesoscompose.simulator.MesosMasterSimulator#start}.
 *
 * <p>Invariants: all state lives in {@link io.mesoscompose.simulator.ClusterState}, changed only under its lock;
 * an ACCEPT is validated before anything is booked, and each refused task gets exactly one update; resources held
 * by offers, tasks and executors plus an agent's free resources always add up to the agent's total.
 */
package io.mesoscompose.simulator;
