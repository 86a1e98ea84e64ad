package io.mesoscompose.simulator.validation;

import static io.mesoscompose.simulator.validation.ValidationError.error;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.mesos.v1.scheduler.Protos.AttributeConstraint;
import org.apache.mesos.v1.scheduler.Protos.OfferConstraints;

/**
 * A SUBSCRIBE's offer constraints, as src/master/allocator/mesos/offer_constraints_filter.cpp reads them: per role,
 * groups of attribute constraints; an agent is offered in that role only if every constraint of some group holds
 * (on its host name, its region or zone, or a named attribute). Regular expressions are Java's, not RE2's: the same
 * for the patterns constraints are written with, but not checked for RE2's size limits. Pure.
 */
public final class OfferConstraintsFilter {

    private OfferConstraintsFilter() {}

    /** {@code OfferConstraintsFilter::create}'s checks; Mesos answers "Offer constraints are not valid: ...". */
    static Optional<ValidationError> validate(OfferConstraints constraints) {
        for (Map.Entry<String, OfferConstraints.RoleConstraints> e : constraints.getRoleConstraintsMap().entrySet()) {
            String role = e.getKey();
            if (e.getValue().getGroupsCount() == 0) {
                return error("'OfferConstraints::role_constraints' has an empty 'RoleConstraints::groups' for role "
                        + role);
            }
            for (OfferConstraints.RoleConstraints.Group group : e.getValue().getGroupsList()) {
                if (group.getAttributeConstraintsCount() == 0) {
                    // sic: no space before "contains"
                    return error("'OfferConstraints::RoleConstraints::groups' for role " + role
                            + "contains an empty RoleConstraints::Group");
                }
                for (AttributeConstraint c : group.getAttributeConstraintsList()) {
                    Optional<ValidationError> invalid = constraint(c);
                    if (invalid.isPresent()) {
                        return Optional.of(invalid.get().prefixed("A role " + role
                                + " has an invalid 'AttributeConstraint': "));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** {@code AttributeConstraintEvaluator::create}: a selector and a predicate Mesos knows. */
    private static Optional<ValidationError> constraint(AttributeConstraint c) {
        AttributeConstraint.Selector selector = c.getSelector();
        switch (selector.getSelectorCase()) {
            case PSEUDOATTRIBUTE_TYPE -> {
                if (selector.getPseudoattributeType() == AttributeConstraint.Selector.PseudoattributeType.UNKNOWN) {
                    return error("Unknown pseudoattribute type");
                }
            }
            case ATTRIBUTE_NAME -> { }
            case SELECTOR_NOT_SET -> {
                return error("Exactly one of 'AttributeConstraint::Selector::name' or "
                        + "'AttributeConstraint::Selector::pseudoattribute_type' must be set");
            }
        }
        AttributeConstraint.Predicate p = c.getPredicate();
        return switch (p.getPredicateCase()) {
            case EXISTS, NOT_EXISTS, TEXT_EQUALS, TEXT_NOT_EQUALS -> Optional.empty();
            case TEXT_MATCHES -> regex(p.getTextMatches().getRegex());
            case TEXT_NOT_MATCHES -> regex(p.getTextNotMatches().getRegex());
            case PREDICATE_NOT_SET -> error("Unknown predicate type");
        };
    }

    private static Optional<ValidationError> regex(String pattern) {
        try {
            Pattern.compile(pattern);
            return Optional.empty();
        } catch (PatternSyntaxException e) {
            return error("Failed to construct regex from pattern '" + pattern + "': " + e.getDescription());
        }
    }

    /**
     * {@code isAgentExcluded}: with constraints for {@code role}, an agent none of whose groups holds entirely.
     *
     * @param attributes the agent's TEXT attributes
     */
    public static boolean excludes(OfferConstraints constraints, String role, String hostname,
            Map<String, String> attributes) {
        OfferConstraints.RoleConstraints groups = constraints.getRoleConstraintsMap().get(role);
        if (groups == null) {
            return false;
        }
        return groups.getGroupsList().stream().noneMatch(g -> g.getAttributeConstraintsList().stream()
                .allMatch(c -> holds(c, hostname, attributes)));
    }

    private static boolean holds(AttributeConstraint c, String hostname, Map<String, String> attributes) {
        Optional<String> value = switch (c.getSelector().getSelectorCase()) {
            case ATTRIBUTE_NAME -> Optional.ofNullable(attributes.get(c.getSelector().getAttributeName()));
            case PSEUDOATTRIBUTE_TYPE -> c.getSelector().getPseudoattributeType()
                    == AttributeConstraint.Selector.PseudoattributeType.HOSTNAME ? Optional.of(hostname)
                    : Optional.empty(); // the simulated agents have no fault domain
            case SELECTOR_NOT_SET -> Optional.empty();
        };
        AttributeConstraint.Predicate p = c.getPredicate();
        return switch (p.getPredicateCase()) {
            case EXISTS -> value.isPresent();
            case NOT_EXISTS -> value.isEmpty();
            case TEXT_EQUALS -> value.map(v -> v.equals(p.getTextEquals().getValue())).orElse(false);
            case TEXT_NOT_EQUALS -> value.map(v -> !v.equals(p.getTextNotEquals().getValue())).orElse(true);
            case TEXT_MATCHES -> value.map(v -> v.matches(p.getTextMatches().getRegex())).orElse(false);
            case TEXT_NOT_MATCHES -> value.map(v -> !v.matches(p.getTextNotMatches().getRegex())).orElse(true);
            case PREDICATE_NOT_SET -> false;
        };
    }

    /** The roles constrained, for {@code validateOfferConstraintsRoles}. */
    static List<String> roles(OfferConstraints constraints) {
        return List.copyOf(constraints.getRoleConstraintsMap().keySet());
    }
}
