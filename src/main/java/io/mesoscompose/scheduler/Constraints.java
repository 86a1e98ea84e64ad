package io.mesoscompose.scheduler;

import io.mesoscompose.compose.model.Constraint;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.v1.Protos.Attribute;
import org.apache.mesos.v1.Protos.Offer;

/** Evaluates placement constraints against an offer's agent. Pure. */
final class Constraints {

    private Constraints() {}

    /**
     * The first constraint the offer's agent violates, or empty when it may host one more replica.
     *
     * @param replicasOnAgent replicas of the same service on this agent (running or being launched), for {@code unique}
     */
    static Optional<Constraint> firstViolated(List<Constraint> constraints, Offer offer, int replicasOnAgent) {
        for (Constraint c : constraints) {
            if (!holds(c, offer, replicasOnAgent)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }

    static boolean holds(Constraint constraint, Offer offer, int replicasOnAgent) {
        return switch (constraint) {
            case Constraint.Hostname h -> compare(h.op(), Optional.of(offer.getHostname()), h.value());
            case Constraint.Attribute a -> compare(a.op(), attribute(offer, a.name()), a.value());
            case Constraint.Unique u -> replicasOnAgent == 0;
        };
    }

    private static boolean compare(Constraint.Op op, Optional<String> actual, String wanted) {
        boolean equal = actual.map(v -> v.equalsIgnoreCase(wanted)).orElse(false);
        return op == Constraint.Op.EQ ? equal : !equal;
    }

    /** An agent attribute as text; {@code platform.os}/{@code os} style names are both accepted. */
    static Optional<String> attribute(Offer offer, String name) {
        return attribute(offer.getAttributesList(), name);
    }

    /** The attribute {@code name} among an agent's attributes, as text. */
    static Optional<String> attribute(List<Attribute> attributes, String name) {
        for (Attribute attr : attributes) {
            if (attr.getName().equalsIgnoreCase(name) || attr.getName().equalsIgnoreCase(stripPrefix(name))) {
                return Optional.of(text(attr));
            }
        }
        return Optional.empty();
    }

    private static String stripPrefix(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(dot + 1);
    }

    private static String text(Attribute attr) {
        return switch (attr.getType()) {
            case TEXT -> attr.getText().getValue();
            case SCALAR -> {
                double v = attr.getScalar().getValue();
                yield v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
            }
            case SET -> String.join(",", attr.getSet().getItemList());
            case RANGES -> attr.getRanges().toString();
            default -> "";
        };
    }
}
