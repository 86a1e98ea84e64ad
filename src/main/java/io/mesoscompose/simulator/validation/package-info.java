/**
 * The rules a real Apache Mesos master and agent apply to a scheduler's calls and tasks, ported from Mesos' own
 * source and organised like its src/master/validation.cpp: one final class per object ({@code OfferValidation},
 * {@code TaskValidation}, {@code TaskGroupValidation}, {@code ExecutorValidation}, {@code ResourceValidation},
 * {@code FrameworkValidation}, {@code CallValidation}; {@code CommonValidation} for src/common/validation.cpp;
 * {@code OperationValidation} and {@link io.mesoscompose.simulator.validation.AcceptValidation} for what
 * {@code Master::accept} does; {@link io.mesoscompose.simulator.validation.AgentValidation} for the agent). Each rule
 * is a static method named after its Mesos function, returning the Mesos message word for word as an optional
 * {@link io.mesoscompose.simulator.validation.ValidationError}; each {@code validate} is the ordered list of rules,
 * and the first error wins. {@link io.mesoscompose.simulator.validation.MesosResources} is Mesos' resource arithmetic
 * (fixed point, exclusive disks). Pure: rules read immutable views of the offers, framework and agent, never the
 * simulator's state; the caller decides the consequence (docs/mesos-conformance.md).
 */
package io.mesoscompose.simulator.validation;
