/**
 * A simulated Apache Mesos master (v1 scheduler HTTP API) for tests and {@code mesos-compose simulate}: agents,
 * offer cycles, ACCEPT validation, scripted task lifecycles with reliable status updates, reconciliation, framework
 * failover, and fault injection ({@link io.mesoscompose.simulator.Faults}). Entry point:
 * {@link io.mesoscompose.simulator.MesosMasterSimulator#start}.
 */
package io.mesoscompose.simulator;
