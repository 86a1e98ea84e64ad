package io.mesoscompose.simulator.validation;

import static io.mesoscompose.simulator.validation.ValidationError.error;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.OfferFilters;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.scheduler.Protos.OfferConstraints;

/**
 * The {@code framework} namespace of Apache Mesos' src/master/validation.cpp with {@code Master::validateFramework}
 * and the suppressed-roles check of {@code createAllocatorFrameworkOptions} (src/master/master.cpp): a SUBSCRIBE's
 * FrameworkInfo. The master refuses a subscription by sending an ERROR event with the message and closing the
 * stream. Pure.
 */
public final class FrameworkValidation {

    private FrameworkValidation() {}

    /** What a SUBSCRIBE is refused for, in the master's order. */
    public static Optional<ValidationError> validate(FrameworkInfo info, List<String> suppressedRoles,
            OfferConstraints constraints) {
        return ValidationError.first(List.of(
                () -> roles(info),
                () -> frameworkId(info),
                () -> offerFilters(info),
                () -> failoverTimeout(info),
                () -> suppressedRoles(info, suppressedRoles),
                () -> offerConstraintsRoles(info, constraints),
                () -> OfferConstraintsFilter.validate(constraints)
                        .map(e -> e.prefixed("Offer constraints are not valid: "))));
    }

    /** {@code validateOfferConstraintsRoles}: constraints only for the framework's roles. */
    static Optional<ValidationError> offerConstraintsRoles(FrameworkInfo info, OfferConstraints constraints) {
        List<String> roles = rolesOf(info);
        for (String role : OfferConstraintsFilter.roles(constraints)) {
            if (!roles.contains(role)) {
                // sic: no space before "not"
                return error("Offer constraints specify `role_constraints` for a role '" + role
                        + "'not contained in the set of roles");
            }
        }
        return Optional.empty();
    }

    /**
     * {@code validateUpdate} for a framework subscribing again: the principal may not change (user and checkpoint
     * changes are ignored by {@code preserveImmutableFields} before this runs).
     */
    public static Optional<ValidationError> update(FrameworkInfo before, FrameworkInfo after) {
        Optional<String> old = before.hasPrincipal() ? Optional.of(before.getPrincipal()) : Optional.empty();
        Optional<String> now = after.hasPrincipal() ? Optional.of(after.getPrincipal()) : Optional.empty();
        if (!old.equals(now)) {
            return error("Changing framework's principal is not allowed.");
        }
        return Optional.empty();
    }

    /** The roles the framework subscribes with: {@code roles} if MULTI_ROLE, else {@code role}. */
    public static List<String> rolesOf(FrameworkInfo info) {
        return multiRole(info) ? info.getRolesList() : List.of(info.getRole());
    }

    private static boolean multiRole(FrameworkInfo info) {
        return info.getCapabilitiesList().stream().anyMatch(c -> c.getType() == FrameworkInfo.Capability.Type.MULTI_ROLE);
    }

    /** {@code validateRoles}: the field matching MULTI_ROLE, no duplicates, each a valid role name. */
    static Optional<ValidationError> roles(FrameworkInfo info) {
        boolean multiRole = multiRole(info);
        if (multiRole && info.hasRole()) {
            return error("'FrameworkInfo.role' must not be set when the framework is MULTI_ROLE capable");
        }
        if (!multiRole && info.getRolesCount() > 0) {
            return error("'FrameworkInfo.roles' must not be set when the framework is not MULTI_ROLE capable");
        }
        if (multiRole) {
            Set<String> seen = new LinkedHashSet<>();
            Set<String> duplicates = new TreeSet<>();
            for (String role : info.getRolesList()) {
                if (!seen.add(role)) {
                    duplicates.add(role);
                }
            }
            if (!duplicates.isEmpty()) {
                return error("'FrameworkInfo.roles' contains duplicate items: " + set(duplicates));
            }
            for (String role : info.getRolesList()) {
                Optional<ValidationError> e = CommonValidation.role(role);
                if (e.isPresent()) {
                    return Optional.of(e.get().prefixed("'FrameworkInfo.roles' contains invalid role: "));
                }
            }
            return Optional.empty();
        }
        return CommonValidation.role(info.getRole()).map(e -> e.prefixed("'FrameworkInfo.role' is not a valid role: "));
    }

    /** {@code validateFrameworkId}: when set, the common ID rules. */
    static Optional<ValidationError> frameworkId(FrameworkInfo info) {
        if (!info.hasId() || info.getId().getValue().isEmpty()) {
            return Optional.empty();
        }
        return CommonValidation.id(info.getId().getValue());
    }

    /** {@code validateOfferFilters}: minimum allocatable quantities, each finite and not negative. */
    static Optional<ValidationError> offerFilters(FrameworkInfo info) {
        for (OfferFilters filters : info.getOfferFiltersMap().values()) {
            if (!filters.hasMinAllocatableResources()) {
                continue;
            }
            for (OfferFilters.ResourceQuantities q : filters.getMinAllocatableResources().getQuantitiesList()) {
                if (q.getQuantitiesMap().isEmpty()) {
                    return error("Resource quantities must contain at least one quantity");
                }
                for (var entry : q.getQuantitiesMap().entrySet()) {
                    Optional<ValidationError> e = inputScalarValue(entry.getValue());
                    if (e.isPresent()) {
                        return Optional.of(e.get().prefixed("Invalid resource quantity for '" + entry.getKey() + "': "));
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** {@code validateInputScalarValue}. */
    static Optional<ValidationError> inputScalarValue(Value.Scalar scalar) {
        double value = scalar.getValue();
        if (Double.isInfinite(value)) {
            return error("Infinite values not supported");
        }
        if (Double.isNaN(value)) {
            return error("NaN not supported");
        }
        if (value != 0 && Math.abs(value) < Double.MIN_NORMAL) {
            return error("Subnormal values not supported");
        }
        if (value < 0) {
            return error("Negative values not supported");
        }
        return Optional.empty();
    }

    /** {@code validateFailoverTimeout}: a duration stout can hold (finite, within ±2^63 ns). */
    static Optional<ValidationError> failoverTimeout(FrameworkInfo info) {
        double seconds = info.getFailoverTimeout();
        if (Double.isFinite(seconds) && Math.abs(seconds * 1e9) < 9.223372036854775807e18) {
            return Optional.empty();
        }
        return error("The framework failover_timeout (" + MesosText.number(seconds, 6) + ") is invalid");
    }

    /** {@code validateSuppressedRoles}: only roles the framework subscribes with. */
    static Optional<ValidationError> suppressedRoles(FrameworkInfo info, List<String> suppressed) {
        Set<String> invalid = new TreeSet<>(suppressed);
        invalid.removeAll(rolesOf(info));
        if (!invalid.isEmpty()) {
            return error("Suppressed roles " + set(invalid) + " are not contained in the set of roles");
        }
        return Optional.empty();
    }

    /** stout's {@code stringify(set)}: "{ a, b }". */
    private static String set(Set<String> items) {
        return "{ " + String.join(", ", new ArrayList<>(items)) + " }";
    }
}
