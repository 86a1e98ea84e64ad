package io.mesoscompose.simulator.validation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Resource.ReservationInfo;
import org.apache.mesos.v1.Protos.Value;

/**
 * Mesos' {@code Resources} (src/v1/resources.cpp, src/v1/values.cpp): an immutable bag of resources with the
 * master's arithmetic. Scalars are added, subtracted and compared in fixed point with three decimals
 * ({@code convertToFixed}: {@code llround(value * 1000)}); ranges and sets as sets of values. Two resources merge
 * only when {@code addable}: same name, type, allocation, reservations, disk, revocability and sharedness — and
 * never for MOUNT or BLOCK disks or persistent volumes, which stay whole: a task takes all of such a resource or
 * none of it ({@code subtractable} and {@code contains}). Invalid and empty resources are left out, as the
 * {@code Resources} constructors do. Pure.
 */
public final class MesosResources {

    public static final MesosResources EMPTY = new MesosResources(List.of());

    /** Each valid, non-empty, in the "post-reservation-refinement" format, merged where addable. */
    private final List<Resource> items;

    private MesosResources(List<Resource> items) {
        this.items = List.copyOf(items);
    }

    /** The valid, non-empty ones of {@code resources}, upgraded to the current format and merged. */
    public static MesosResources of(Collection<Resource> resources) {
        List<Resource> out = new ArrayList<>(resources.size());
        for (Resource r : resources) {
            if (ResourceValidation.resource(r).isEmpty()) {
                add(out, upgrade(r));
            }
        }
        return new MesosResources(out);
    }

    public List<Resource> toList() {
        return items;
    }

    public boolean isEmpty() {
        return items.isEmpty();
    }

    public MesosResources plus(MesosResources other) {
        if (other.items.isEmpty()) {
            return this;
        }
        List<Resource> out = new ArrayList<>(items);
        other.items.forEach(r -> add(out, r));
        return new MesosResources(out);
    }

    /** {@code operator-=}: each resource taken from the first subtractable one; what becomes empty or negative goes. */
    public MesosResources minus(MesosResources other) {
        if (other.items.isEmpty()) {
            return this;
        }
        List<Resource> out = new ArrayList<>(items);
        for (Resource r : other.items) {
            subtract(out, r);
        }
        return new MesosResources(out);
    }

    /** {@code Resources::contains}: every resource of {@code that} fits inside one of these; volumes count once. */
    public boolean contains(MesosResources that) {
        List<Resource> remaining = new ArrayList<>(items);
        for (Resource r : that.items) {
            if (remaining.stream().noneMatch(l -> contains(l, r))) {
                return false;
            }
            if (isPersistentVolume(r)) {
                subtract(remaining, r);
            }
        }
        return true;
    }

    public MesosResources filter(Predicate<Resource> keep) {
        return new MesosResources(items.stream().filter(keep).toList());
    }

    /** The sum of a scalar resource ({@code Resources::cpus()} and friends), empty when there is none. */
    public Optional<Double> scalar(String name) {
        long sum = 0;
        boolean found = false;
        for (Resource r : items) {
            if (r.getName().equals(name) && r.getType() == Value.Type.SCALAR) {
                sum += fixed(r.getScalar().getValue());
                found = true;
            }
        }
        return found ? Optional.of(floating(sum)) : Optional.empty();
    }

    /** The port ranges of the {@code ports} resources, coalesced. */
    public Value.Ranges ports() {
        Value.Ranges.Builder all = Value.Ranges.newBuilder();
        items.stream().filter(r -> r.getName().equals("ports") && r.getType() == Value.Type.RANGES)
                .forEach(r -> all.addAllRange(r.getRanges().getRangeList()));
        return Ranges.coalesce(all.build());
    }

    /** Without allocation info: what returns to an agent's unallocated pool. */
    public MesosResources unallocated() {
        List<Resource> out = new ArrayList<>();
        items.forEach(r -> add(out, r.toBuilder().clearAllocationInfo().build()));
        return new MesosResources(out);
    }

    /** Allocated to {@code role}, as an offer holds them. */
    public MesosResources allocatedTo(String role) {
        Resource.AllocationInfo info = Resource.AllocationInfo.newBuilder().setRole(role).build();
        return new MesosResources(items.stream().map(r -> r.toBuilder().setAllocationInfo(info).build()).toList());
    }

    /** {@code stringify(Resources)}, as Mesos' messages show it. */
    @Override
    public String toString() {
        return MesosText.resources(items);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MesosResources other && contains(other) && other.contains(this);
    }

    @Override
    public int hashCode() {
        return items.size();
    }

    // ---- Resource-level arithmetic (free functions of resources.cpp) ----------------------------------------

    static boolean isPersistentVolume(Resource r) {
        return r.hasDisk() && r.getDisk().hasPersistence();
    }

    static boolean isRevocable(Resource r) {
        return r.hasRevocable();
    }

    static boolean isUnreserved(Resource r) {
        return r.getReservationsCount() == 0;
    }

    static boolean isDynamicallyReserved(Resource r) {
        return r.getReservationsCount() > 0
                && r.getReservations(r.getReservationsCount() - 1).getType() == ReservationInfo.Type.DYNAMIC;
    }

    static String reservationRole(Resource r) {
        return r.getReservationsCount() == 0 ? "*" : r.getReservations(r.getReservationsCount() - 1).getRole();
    }

    /** {@code convertResourceFormat(..., POST_RESERVATION_REFINEMENT)}: role/reservation become reservations. */
    static Resource upgrade(Resource r) {
        if (!r.hasRole() && !r.hasReservation()) {
            return r;
        }
        Resource.Builder b = r.toBuilder();
        if (r.getReservationsCount() == 0 && r.hasRole() && !r.getRole().equals("*")) {
            ReservationInfo.Builder reservation = r.hasReservation()
                    ? r.getReservation().toBuilder().setType(ReservationInfo.Type.DYNAMIC)
                    : ReservationInfo.newBuilder().setType(ReservationInfo.Type.STATIC);
            b.addReservations(reservation.setRole(r.getRole()));
        }
        return b.clearRole().clearReservation().build();
    }

    private static void add(List<Resource> out, Resource r) {
        if (isEmpty(r)) {
            return;
        }
        for (int i = 0; i < out.size(); i++) {
            if (addable(out.get(i), r)) {
                out.set(i, sum(out.get(i), r));
                return;
            }
        }
        out.add(r);
    }

    private static void subtract(List<Resource> out, Resource r) {
        if (isEmpty(r)) {
            return;
        }
        for (int i = 0; i < out.size(); i++) {
            Resource l = out.get(i);
            if (subtractable(l, r)) {
                Resource left = difference(l, r);
                boolean negative = left.getType() == Value.Type.SCALAR && left.getScalar().getValue() < 0;
                if (negative || isEmpty(left)) {
                    // as Mesos: swap with the last and shrink
                    out.set(i, out.get(out.size() - 1));
                    out.remove(out.size() - 1);
                } else {
                    out.set(i, left);
                }
                return;
            }
        }
    }

    static boolean isEmpty(Resource r) {
        return switch (r.getType()) {
            case SCALAR -> fixed(r.getScalar().getValue()) == 0;
            case RANGES -> r.getRanges().getRangeCount() == 0;
            case SET -> r.getSet().getItemCount() == 0;
            case TEXT -> false;
        };
    }

    /** {@code internal::addable}: two resources that may become one (never exclusive disks or volumes). */
    private static boolean addable(Resource l, Resource r) {
        return combinable(l, r, false);
    }

    /** {@code internal::subtractable}: exclusive disks and volumes only as a whole. */
    private static boolean subtractable(Resource l, Resource r) {
        return combinable(l, r, true);
    }

    /**
     * What {@code addable} and {@code subtractable} check: same sharedness and kind; a MOUNT or BLOCK disk, a RAW
     * disk with an identity or a persistent volume is never added to another, and subtracted only from itself.
     */
    private static boolean combinable(Resource l, Resource r, boolean subtracting) {
        if (l.hasShared() != r.hasShared()) {
            return false;
        }
        if (l.hasShared()) {
            return l.equals(r);
        }
        if (!sameKind(l, r)) {
            return false;
        }
        if (l.hasDisk()) {
            boolean whole = subtracting && l.equals(r);
            boolean exclusive = l.getDisk().hasPersistence();
            if (l.getDisk().hasSource()) {
                exclusive |= switch (l.getDisk().getSource().getType()) {
                    case BLOCK, MOUNT -> true;
                    case RAW -> l.getDisk().getSource().hasId();
                    case PATH, UNKNOWN -> false;
                };
            }
            return !exclusive || whole;
        }
        return true;
    }

    /** The checks {@code addable} and {@code subtractable} share: name, type, allocation, reservations, disk... */
    private static boolean sameKind(Resource l, Resource r) {
        return l.getName().equals(r.getName()) && l.getType() == r.getType()
                && l.hasAllocationInfo() == r.hasAllocationInfo()
                && l.getAllocationInfo().equals(r.getAllocationInfo())
                && l.getReservationsList().equals(r.getReservationsList())
                && l.hasDisk() == r.hasDisk() && l.getDisk().equals(r.getDisk())
                && l.hasRevocable() == r.hasRevocable()
                && l.hasProviderId() == r.hasProviderId() && l.getProviderId().equals(r.getProviderId());
    }

    /** {@code contains(const Resource&, const Resource&)}. */
    private static boolean contains(Resource l, Resource r) {
        if (!subtractable(l, r)) {
            return false;
        }
        return switch (l.getType()) {
            case SCALAR -> fixed(r.getScalar().getValue()) <= fixed(l.getScalar().getValue());
            case RANGES -> Ranges.subset(r.getRanges(), l.getRanges());
            case SET -> new LinkedHashSet<>(l.getSet().getItemList()).containsAll(r.getSet().getItemList());
            case TEXT -> false;
        };
    }

    private static Resource sum(Resource l, Resource r) {
        Resource.Builder b = l.toBuilder();
        switch (l.getType()) {
            case SCALAR -> b.setScalar(Value.Scalar.newBuilder()
                    .setValue(floating(fixed(l.getScalar().getValue()) + fixed(r.getScalar().getValue()))));
            case RANGES -> b.setRanges(Ranges.coalesce(l.getRanges().toBuilder()
                    .addAllRange(r.getRanges().getRangeList()).build()));
            case SET -> {
                Set<String> items = new LinkedHashSet<>(l.getSet().getItemList());
                items.addAll(r.getSet().getItemList());
                b.setSet(Value.Set.newBuilder().addAllItem(items));
            }
            case TEXT -> { }
        }
        return b.build();
    }

    private static Resource difference(Resource l, Resource r) {
        Resource.Builder b = l.toBuilder();
        switch (l.getType()) {
            case SCALAR -> b.setScalar(Value.Scalar.newBuilder()
                    .setValue(floating(fixed(l.getScalar().getValue()) - fixed(r.getScalar().getValue()))));
            case RANGES -> b.setRanges(Ranges.minus(l.getRanges(), r.getRanges()));
            case SET -> {
                Set<String> items = new LinkedHashSet<>(l.getSet().getItemList());
                r.getSet().getItemList().forEach(items::remove);
                b.setSet(Value.Set.newBuilder().addAllItem(items));
            }
            case TEXT -> { }
        }
        return b.build();
    }

    /** {@code convertToFixed}: three decimals, rounded half away from zero. */
    static long fixed(double value) {
        return Math.round(value * 1000);
    }

    /** {@code convertToFloating}, via integer division and modulus as Mesos does. */
    static double floating(long fixed) {
        return (double) (fixed / 1000) + (double) (fixed % 1000) / 1000.0;
    }

    /** Range arithmetic of src/v1/values.cpp: coalescing, subtraction and containment of closed intervals. */
    static final class Ranges {
        private Ranges() {}

        static Value.Ranges coalesce(Value.Ranges ranges) {
            List<long[]> sorted = new ArrayList<>();
            ranges.getRangeList().forEach(r -> sorted.add(new long[] {r.getBegin(), r.getEnd()}));
            sorted.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
            Value.Ranges.Builder out = Value.Ranges.newBuilder();
            long[] current = null;
            for (long[] r : sorted) {
                if (current == null) {
                    current = r.clone();
                } else if (r[0] <= current[1] + 1) {
                    current[1] = Math.max(current[1], r[1]);
                } else {
                    out.addRange(Value.Range.newBuilder().setBegin(current[0]).setEnd(current[1]));
                    current = r.clone();
                }
            }
            if (current != null) {
                out.addRange(Value.Range.newBuilder().setBegin(current[0]).setEnd(current[1]));
            }
            return out.build();
        }

        static Value.Ranges minus(Value.Ranges left, Value.Ranges right) {
            List<long[]> result = new ArrayList<>();
            coalesce(left).getRangeList().forEach(r -> result.add(new long[] {r.getBegin(), r.getEnd()}));
            for (Value.Range cut : coalesce(right).getRangeList()) {
                List<long[]> next = new ArrayList<>();
                for (long[] r : result) {
                    if (cut.getEnd() < r[0] || cut.getBegin() > r[1]) {
                        next.add(r);
                        continue;
                    }
                    if (r[0] < cut.getBegin()) {
                        next.add(new long[] {r[0], cut.getBegin() - 1});
                    }
                    if (r[1] > cut.getEnd()) {
                        next.add(new long[] {cut.getEnd() + 1, r[1]});
                    }
                }
                result.clear();
                result.addAll(next);
            }
            Value.Ranges.Builder out = Value.Ranges.newBuilder();
            result.forEach(r -> out.addRange(Value.Range.newBuilder().setBegin(r[0]).setEnd(r[1])));
            return out.build();
        }

        /** Every value of {@code inner} lies in {@code outer}. */
        static boolean subset(Value.Ranges inner, Value.Ranges outer) {
            Value.Ranges o = coalesce(outer);
            for (Value.Range r : inner.getRangeList()) {
                boolean covered = o.getRangeList().stream()
                        .anyMatch(c -> c.getBegin() <= r.getBegin() && r.getEnd() <= c.getEnd());
                if (!covered) {
                    return false;
                }
            }
            return true;
        }
    }
}
