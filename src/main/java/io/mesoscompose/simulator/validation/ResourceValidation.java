package io.mesoscompose.simulator.validation;

import static io.mesoscompose.simulator.validation.ValidationError.error;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Resource.DiskInfo;
import org.apache.mesos.v1.Protos.Resource.ReservationInfo;
import org.apache.mesos.v1.Protos.Value;

/**
 * Resource rules: {@code Resources::validate} of src/v1/resources.cpp (one resource's shape) and the
 * {@code resource} namespace of src/master/validation.cpp (disk infos, reservations, persistence IDs, allocation
 * roles). Pure.
 */
public final class ResourceValidation {

    private ResourceValidation() {}

    /** {@code Resources::validate(const Resource&)}: name, type and value, disk source, reservation format. */
    static Optional<ValidationError> resource(Resource r) {
        if (r.getName().isEmpty()) {
            return error("Empty resource name");
        }
        switch (r.getType()) {
            case SCALAR -> {
                if (!r.hasScalar() || r.hasRanges() || r.hasSet()) {
                    return error("Invalid scalar resource");
                }
                if (r.getScalar().getValue() < 0) {
                    return error("Invalid scalar resource: value < 0");
                }
            }
            case RANGES -> {
                if (r.hasScalar() || !r.hasRanges() || r.hasSet()) {
                    return error("Invalid ranges resource");
                }
                List<Value.Range> ranges = r.getRanges().getRangeList();
                for (int i = 0; i < ranges.size(); i++) {
                    Value.Range range = ranges.get(i);
                    if (Long.compareUnsigned(range.getBegin(), range.getEnd()) > 0) {
                        return error("Invalid ranges resource: begin > end");
                    }
                    for (int j = i + 1; j < ranges.size(); j++) {
                        if (range.getBegin() <= ranges.get(j).getBegin() && ranges.get(j).getBegin() <= range.getEnd()) {
                            return error("Invalid ranges resource: overlapping ranges");
                        }
                    }
                }
            }
            case SET -> {
                if (r.hasScalar() || r.hasRanges() || !r.hasSet()) {
                    return error("Invalid set resource");
                }
                if (new HashSet<>(r.getSet().getItemList()).size() != r.getSet().getItemCount()) {
                    return error("Invalid set resource: duplicated elements");
                }
            }
            case TEXT -> {
                return error("Unsupported resource type");
            }
        }
        if (r.hasDisk()) {
            if (!r.getName().equals("disk")) {
                return error("DiskInfo should not be set for " + r.getName() + " resource");
            }
            if (r.getDisk().hasSource()) {
                DiskInfo.Source source = r.getDisk().getSource();
                switch (source.getType()) {
                    case PATH, MOUNT -> { }
                    case BLOCK, RAW -> {
                        if (source.hasMount()) {
                            return error("Mount should not be set for " + source.getType().name() + " disk source");
                        }
                        if (source.hasPath()) {
                            return error("Path should not be set for " + source.getType().name() + " disk source");
                        }
                    }
                    case UNKNOWN -> {
                        return error("Unsupported 'DiskInfo.Source.Type' in '" + source.getType().name() + "'");
                    }
                }
            }
        }
        Optional<ValidationError> format = reservationFormat(r);
        if (format.isPresent()) {
            return format;
        }
        if (r.hasShared()) {
            if (!r.getName().equals("disk")) {
                return error("Resource " + r.getName() + " cannot be shared");
            }
            if (!r.hasDisk() || !r.getDisk().hasPersistence()) {
                return error("Only persistent volumes can be shared");
            }
        }
        return Optional.empty();
    }

    /** The reservation part of {@code Resources::validate}: either format, consistently. */
    private static Optional<ValidationError> reservationFormat(Resource r) {
        if (r.getReservationsCount() == 0) {
            Optional<ValidationError> role = CommonValidation.role(r.getRole());
            if (role.isPresent()) {
                return role;
            }
            if (r.hasReservation()) {
                if (r.getReservation().hasType()) {
                    return error("'Resource.ReservationInfo.type' must not be set for the 'Resource.reservation' field");
                }
                if (r.getReservation().hasRole()) {
                    return error("'Resource.ReservationInfo.role' must not be set for the 'Resource.reservation' field");
                }
                if (r.getRole().equals("*")) {
                    return error("Invalid reservation: role \"*\" cannot be dynamically reserved");
                }
            }
            return Optional.empty();
        }
        for (ReservationInfo reservation : r.getReservationsList()) {
            if (!reservation.hasType()) {
                return error("Invalid reservation: 'Resource.ReservationInfo.type' field must be set.");
            }
            if (!reservation.hasRole()) {
                return error("Invalid reservation: 'Resource.ReservationInfo.role' field must be set.");
            }
            Optional<ValidationError> role = CommonValidation.role(reservation.getRole());
            if (role.isPresent()) {
                return role;
            }
            if (reservation.getRole().equals("*")) {
                return error("Invalid reservation: role \"*\" cannot be reserved");
            }
        }
        String ancestor = r.getReservations(0).getRole();
        for (int i = 1; i < r.getReservationsCount(); i++) {
            ReservationInfo reservation = r.getReservations(i);
            if (reservation.getType() == ReservationInfo.Type.STATIC) {
                return error("Invalid refined reservation: A refined reservation cannot be STATIC");
            }
            if (!CommonValidation.isStrictSubroleOf(reservation.getRole(), ancestor)) {
                return error("Invalid refined reservation: role '" + reservation.getRole() + "' is not a refinement of '"
                        + ancestor + "'");
            }
            ancestor = reservation.getRole();
        }
        if (r.getReservationsCount() == 1) {
            ReservationInfo reservation = r.getReservations(0);
            if (r.hasRole() && !r.getRole().equals(reservation.getRole())) {
                return error("Invalid resource format: 'Resource.role' field with '" + r.getRole()
                        + "' does not match the role '" + reservation.getRole() + "' in 'Resource.reservations'");
            }
            switch (reservation.getType()) {
                case STATIC -> {
                    if (r.hasReservation()) {
                        return error("Invalid resource format: 'Resource.reservation' must not be set if the single "
                                + "reservation in 'Resource.reservations' is STATIC");
                    }
                }
                case DYNAMIC -> {
                    if (r.hasRole() != r.hasReservation()) {
                        return error("Invalid resource format: 'Resource.role' and 'Resource.reservation' must either "
                                + "be both set or both not set if the single reservation in 'Resource.reservations' "
                                + "is DYNAMIC");
                    }
                    if (r.hasReservation() && !r.getReservation().getPrincipal().equals(reservation.getPrincipal())) {
                        return error("Invalid resource format: 'Resource.reservation.principal' field with '"
                                + r.getReservation().getPrincipal() + "' does not match the principal '"
                                + reservation.getPrincipal() + "' in 'Resource.reservations'");
                    }
                    if (r.hasReservation() && !r.getReservation().getLabels().equals(reservation.getLabels())) {
                        return error("Invalid resource format: 'Resource.reservation.labels' field with '"
                                + MesosText.labels(r.getReservation().getLabels()) + "' does not match the labels '"
                                + MesosText.labels(reservation.getLabels()) + "' in 'Resource.reservations'");
                    }
                }
                case UNKNOWN -> {
                    return error("Unsupported 'Resource.ReservationInfo.Type'");
                }
            }
        } else {
            if (r.hasRole()) {
                return error("Invalid resource format: 'Resource.role' must not be set if there is more than one "
                        + "reservation in 'Resource.reservations'");
            }
            if (r.hasReservation()) {
                return error("Invalid resource format: 'Resource.reservation' must not be set if there is more than "
                        + "one reservation in 'Resource.reservations'");
            }
        }
        return Optional.empty();
    }

    /** {@code Resources::validate(const RepeatedPtrField<Resource>&)}: the first invalid one, named. */
    static Optional<ValidationError> resources(List<Resource> resources) {
        for (Resource r : resources) {
            Optional<ValidationError> e = resource(r);
            if (e.isPresent()) {
                return Optional.of(e.get().prefixed("Resource '" + MesosText.resource(r) + "' is invalid: "));
            }
        }
        return Optional.empty();
    }

    /** {@code resource::validate}: the shape of each, whole GPUs, disk infos, reservations. */
    static Optional<ValidationError> validate(List<Resource> resources) {
        Optional<ValidationError> e = resources(resources);
        if (e.isPresent()) {
            return Optional.of(e.get().prefixed("Invalid resources: "));
        }
        e = CommonValidation.gpus(MesosResources.of(resources));
        if (e.isPresent()) {
            return Optional.of(e.get().prefixed("Invalid 'gpus' resource: "));
        }
        e = diskInfo(resources);
        if (e.isPresent()) {
            return Optional.of(e.get().prefixed("Invalid DiskInfo: "));
        }
        e = dynamicReservationInfo(resources);
        if (e.isPresent()) {
            return Optional.of(e.get().prefixed("Invalid ReservationInfo: "));
        }
        return Optional.empty();
    }

    /** {@code validateDynamicReservationInfo}: dynamic reservations are never revocable. */
    static Optional<ValidationError> dynamicReservationInfo(List<Resource> resources) {
        for (Resource r : resources) {
            if (MesosResources.isDynamicallyReserved(MesosResources.upgrade(r)) && MesosResources.isRevocable(r)) {
                return error("Dynamically reserved resource " + MesosText.resource(r)
                        + " cannot be created from revocable resources");
            }
        }
        return Optional.empty();
    }

    /** {@code validateDiskInfo}: persistent volumes reserved, non-revocable, with a volume and a valid ID. */
    static Optional<ValidationError> diskInfo(List<Resource> resources) {
        for (Resource raw : resources) {
            if (!raw.hasDisk()) {
                continue;
            }
            Resource r = MesosResources.upgrade(raw);
            DiskInfo disk = r.getDisk();
            if (disk.hasPersistence()) {
                if (MesosResources.isRevocable(r)) {
                    return error("Persistent volumes cannot be created from revocable resources");
                }
                if (MesosResources.isUnreserved(r)) {
                    return error("Persistent volumes cannot be created from unreserved resources");
                }
                if (!disk.hasVolume()) {
                    return error("Expecting 'volume' to be set for persistent volume");
                }
                if (disk.getVolume().hasHostPath()) {
                    return error("Expecting 'host_path' to be unset for persistent volume");
                }
                Optional<ValidationError> id = CommonValidation.id(disk.getPersistence().getId());
                if (id.isPresent()) {
                    return Optional.of(id.get().prefixed("Invalid persistence ID for persistent volume: "));
                }
            } else if (disk.hasVolume()) {
                return error("Non-persistent volume not supported");
            } else if (!disk.hasSource()) {
                return error("DiskInfo is set but empty");
            }
        }
        return Optional.empty();
    }

    /** {@code validateUniquePersistenceID}: a persistence ID once per role. */
    static Optional<ValidationError> uniquePersistenceId(MesosResources resources) {
        Map<String, Set<String>> ids = new HashMap<>();
        for (Resource volume : resources.toList()) {
            if (!MesosResources.isPersistentVolume(volume)) {
                continue;
            }
            String id = volume.getDisk().getPersistence().getId();
            if (!ids.computeIfAbsent(MesosResources.reservationRole(volume), k -> new HashSet<>()).add(id)) {
                return error("Persistence ID '" + id + "' is not unique");
            }
        }
        return Optional.empty();
    }

    /** {@code validateRevocableAndNonRevocableResources}: a name is all revocable or none. */
    static Optional<ValidationError> revocableAndNonRevocable(MesosResources resources) {
        Map<String, Boolean> revocable = new HashMap<>();
        Set<String> mixed = new HashSet<>();
        for (Resource r : resources.toList()) {
            Boolean before = revocable.putIfAbsent(r.getName(), r.hasRevocable());
            if (before != null && before != r.hasRevocable()) {
                mixed.add(r.getName());
            }
        }
        for (Resource r : resources.toList()) {
            if (mixed.contains(r.getName())) {
                return error("Cannot use both revocable and non-revocable '" + r.getName() + "' at the same time");
            }
        }
        return Optional.empty();
    }

    /** {@code validateAllocatedToSingleRole}: every resource allocated, all to one role. */
    static Optional<ValidationError> allocatedToSingleRole(MesosResources resources) {
        Optional<String> role = Optional.empty();
        for (Resource r : resources.toList()) {
            if (!r.getAllocationInfo().hasRole()) {
                return error("The resources are not allocated to a role");
            }
            String current = r.getAllocationInfo().getRole();
            if (role.isEmpty()) {
                role = Optional.of(current);
            } else if (!current.equals(role.get())) {
                return error("The resources have multiple allocation roles ('" + current + "' and '" + role.get()
                        + "') but only one allocation role is allowed");
            }
        }
        return Optional.empty();
    }
}
