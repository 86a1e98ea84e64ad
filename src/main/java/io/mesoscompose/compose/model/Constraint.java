package io.mesoscompose.compose.model;

/**
 * A placement rule, parsed from {@code deploy.placement.constraints} and {@code deploy.placement.attributes};
 * evaluated by the scheduler against each offer's agent.
 *
 * <ul>
 *   <li>{@code node.hostname==x} / {@code !=} → {@link Hostname}</li>
 *   <li>{@code node.platform.os==linux} → {@link Attribute} "os"; {@code node.platform.arch==arm} → "arch";
 *       {@code node.labels.rack==a} and {@code attributes: ["gpu: True"]} → that attribute</li>
 *   <li>{@code unique} → {@link Unique}: at most one replica of the service per agent</li>
 * </ul>
 *
 * @see #source() the text as written, for messages such as why a task is still pending
 */
public sealed interface Constraint {
    String source();

    SourcePosition position();

    enum Op { EQ, NE }

    record Hostname(Op op, String value, String source, SourcePosition position) implements Constraint {}

    record Attribute(String name, Op op, String value, String source, SourcePosition position) implements Constraint {}

    record Unique(String source, SourcePosition position) implements Constraint {}
}
