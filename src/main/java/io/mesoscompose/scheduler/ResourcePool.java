package io.mesoscompose.scheduler;

import io.mesoscompose.compose.model.PortRange;
import io.mesoscompose.plan.ServicePlan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Value;

/**
 * What is still free of one agent's offers (those allocated to one role) while the matcher places tasks on them:
 * Fenzo merges the leases of a host the same way, so a task may use what two offers of its agent hold together.
 * Taken pieces keep the offered resource's role, reservations and allocation info, so a launch uses exactly what
 * the master offered. Local to one matching run: mutable, never shared.
 *
 * <p>Amounts are counted in Mesos' fixed point ({@link ScalarValue}), as the master checks that a task's resources
 * are contained in the offers. Only pieces a task may take a part of are taken ({@link #divisible}): never a part of
 * a MOUNT or BLOCK disk, a persistent volume or a shared resource (Mesos src/v1/resources.cpp, {@code subtractable});
 * and the sandbox's {@code disk} comes from the agent's root disk only, since other disk sources serve volumes.
 * {@code gpus} are taken in whole units. What a task could take of each scalar is kept as a running total, so
 * asking whether a replica fits costs four comparisons.
 */
final class ResourcePool {

    /** The scalar resources a replica needs, in the order of {@link #needs}. */
    static final List<String> SCALARS = List.of("cpus", "mem", "disk", "gpus");
    private static final int GPUS = 3;

    private final List<Offer> offers;
    private final List<Piece> pieces = new ArrayList<>();
    /** Per scalar of {@link #SCALARS}: what a task could take now, in thousandths. */
    private final long[] free = new long[SCALARS.size()];

    /** One offered resource as far as it is still free, and the offer it belongs to. */
    private static final class Piece {
        final Offer offer;
        /**
         * The offered resource; of a scalar, only its role, reservations and so on count: {@link #left} is free. Of
         * ports, what is still free (replaced at each port taken). Not a builder: most pieces are never taken from,
         * and a matching of 10,000 agents' offers made 40,000 builders of them.
         */
        Resource resource;
        /** Index in {@link #SCALARS} when a task may take part of it, else -1 (ports, volumes, other names). */
        final int scalar;
        /** Of a scalar: the thousandths still free. */
        long left;
        /**
         * Of a scalar: the parts taken so far, by amount. A part is an immutable message, so replicas taking the same
         * amount share one: 100,000 replicas of a service on 10,000 agents make 20,000 parts, not 200,000.
         */
        private Map<Long, Resource> parts;

        Piece(Offer offer, Resource resource) {
            this.offer = offer;
            this.resource = resource;
            this.scalar = divisible(resource) ? SCALARS.indexOf(resource.getName()) : -1;
            this.left = resource.hasScalar() ? ScalarValue.of(resource.getScalar().getValue()).thousandths() : 0;
        }

        long usable() {
            return scalar == GPUS ? left - left % 1000 : left;
        }

        /** Takes {@code part} thousandths of it: the part as a resource of the same role, reservations and so on. */
        Resource take(long part) {
            left -= part;
            if (parts == null) {
                parts = new HashMap<>();
            }
            return parts.computeIfAbsent(part, p -> resource.toBuilder()
                    .setScalar(Value.Scalar.newBuilder().setValue(new ScalarValue(p).toDouble())).build());
        }
    }

    ResourcePool(Offer offer) {
        this(List.of(offer));
    }

    /** @param offers offers of one agent, allocated to one role (a task may not mix roles) */
    ResourcePool(List<Offer> offers) {
        this.offers = List.copyOf(offers);
        for (Offer offer : offers) {
            for (Resource r : offer.getResourcesList()) {
                Piece piece = new Piece(offer, r);
                pieces.add(piece);
                if (piece.scalar >= 0) {
                    free[piece.scalar] += piece.usable();
                }
            }
        }
    }

    /** The offers grouped by agent and allocation role, in the order their agents first appear. */
    static List<ResourcePool> byAgent(List<Offer> offers) {
        Map<String, List<Offer>> groups = new LinkedHashMap<>();
        for (Offer o : offers) {
            groups.computeIfAbsent(o.getAgentId().getValue() + "\u0000" + o.getAllocationInfo().getRole(),
                    k -> new ArrayList<>()).add(o);
        }
        return groups.values().stream().map(ResourcePool::new).toList();
    }

    /** A replica's needs in thousandths, in the order of {@link #SCALARS} (gpus are whole). */
    static long[] needs(ServicePlan.ResourceNeeds n) {
        return new long[] {ScalarValue.of(n.cpus()).thousandths(), ScalarValue.of(n.memMb()).thousandths(),
                ScalarValue.of(n.diskMb()).thousandths(), ScalarValue.of(n.gpus()).thousandths()};
    }

    /**
     * Whether a task may take part of this scalar resource: not shared, not a persistent volume, not an exclusive
     * MOUNT/BLOCK disk nor a RAW disk with an identity (resources.cpp {@code subtractable} allows those only whole),
     * and — for {@code disk} — the root disk (no source).
     */
    static boolean divisible(Resource r) {
        if (!r.hasScalar() || r.hasShared()) {
            return false;
        }
        if (r.hasDisk()) {
            return !r.getDisk().hasPersistence() && !r.getDisk().hasSource();
        }
        return true;
    }

    String agentId() {
        return offers.get(0).getAgentId().getValue();
    }

    /** The first of its offers: the agent's hostname and attributes. */
    Offer offer() {
        return offers.get(0);
    }

    List<Offer> offers() {
        return offers;
    }

    /** What a task could take of {@code name} now. */
    ScalarValue scalar(String name) {
        int i = SCALARS.indexOf(name);
        return i < 0 ? ScalarValue.ZERO : new ScalarValue(free[i]);
    }

    /** The thousandths free of scalar {@code i} of {@link #SCALARS}. */
    long free(int i) {
        return free[i];
    }

    /** The index in {@link #SCALARS} of the first resource short of {@code needs}, or -1 when they fit. */
    int firstShort(long[] needs) {
        for (int i = 0; i < free.length; i++) {
            if (free[i] < needs[i]) {
                return i;
            }
        }
        return -1;
    }

    boolean hasPort(int port) {
        return freePortCount(PortRange.single(port)) > 0;
    }

    /** Free ports of the offers that lie in {@code within}. */
    long freePortCount(PortRange within) {
        long n = 0;
        for (Piece p : pieces) {
            if (p.resource.getName().equals("ports")) {
                for (Value.Range range : p.resource.getRanges().getRangeList()) {
                    n += Math.max(0, Math.min(range.getEnd(), within.to()) - Math.max(range.getBegin(), within.from()) + 1);
                }
            }
        }
        return n;
    }

    /** The free port ranges, for reasons an operator reads ({@code 31000-31999,33000-33999}). */
    String freePorts() {
        return pieces.stream().filter(p -> p.resource.getName().equals("ports"))
                .flatMap(p -> p.resource.getRanges().getRangeList().stream())
                .map(range -> range.getBegin() == range.getEnd() ? Long.toString(range.getBegin())
                        : range.getBegin() + "-" + range.getEnd())
                .collect(Collectors.joining(","));
    }

    /**
     * Takes {@code amount} of a scalar resource, possibly from several offered pieces (e.g. two offers). The caller
     * checked that {@link #scalar} has it.
     */
    List<Resource> takeScalar(String name, ScalarValue amount) {
        List<Resource> taken = new ArrayList<>(1);
        takeScalar(SCALARS.indexOf(name), amount.thousandths(), taken, Collections.newSetFromMap(new IdentityHashMap<>()));
        return taken;
    }

    /** Takes {@code thousandths} of scalar {@code i} into {@code into}, noting the offers taken from. */
    private void takeScalar(int i, long thousandths, List<Resource> into, Set<Offer> from) {
        long left = thousandths;
        for (Piece p : pieces) {
            if (left <= 0) {
                break;
            }
            if (p.scalar != i) {
                continue;
            }
            long part = Math.min(left, p.usable());
            if (part <= 0) {
                continue;
            }
            into.add(p.take(part));
            free[i] -= part;
            left -= part;
            from.add(p.offer);
        }
    }

    /** What one replica took: its resources, the host port chosen per request key, and the offers they are from. */
    record Taken(List<Resource> resources, Map<String, Integer> hostPorts, List<Offer> offers) {}

    /**
     * Takes one replica's share: its scalar needs, then its fixed host ports, then ports picked from ranges (fixed
     * first, so a pick can never take a port another request insists on). The caller checked that it fits.
     */
    Taken take(long[] needs, List<ServicePlan.HostPortRequest> ports) {
        Set<Offer> from = Collections.newSetFromMap(new IdentityHashMap<>());
        List<Resource> resources = new ArrayList<>(needs.length + ports.size());
        for (int i = 0; i < needs.length; i++) {
            if (needs[i] > 0) {
                takeScalar(i, needs[i], resources, from);
            }
        }
        Map<String, Integer> chosen = ports.isEmpty() ? Map.of() : new LinkedHashMap<>();
        for (boolean fixed : new boolean[] {true, false}) {
            for (ServicePlan.HostPortRequest port : ports) {
                if (port.fixed().isPresent() == fixed) {
                    Resource piece = takePort(port.range(), from);
                    resources.add(piece);
                    chosen.put(port.key(), (int) piece.getRanges().getRange(0).getBegin());
                }
            }
        }
        return new Taken(List.copyOf(resources), Map.copyOf(chosen), List.copyOf(from));
    }

    /** Takes the lowest free port of {@code within} (one port for a fixed one). The caller checked availability. */
    private Resource takePort(PortRange within, Set<Offer> from) {
        for (Piece p : pieces) {
            if (!p.resource.getName().equals("ports")) {
                continue;
            }
            List<Value.Range> ranges = p.resource.getRanges().getRangeList();
            for (int i = 0; i < ranges.size(); i++) {
                Value.Range range = ranges.get(i);
                long port = Math.max(range.getBegin(), within.from());
                if (port > range.getEnd() || port > within.to()) {
                    continue;
                }
                List<Value.Range> rest = new ArrayList<>(ranges);
                rest.remove(i);
                if (range.getBegin() < port) {
                    rest.add(Value.Range.newBuilder().setBegin(range.getBegin()).setEnd(port - 1).build());
                }
                if (port < range.getEnd()) {
                    rest.add(Value.Range.newBuilder().setBegin(port + 1).setEnd(range.getEnd()).build());
                }
                Resource piece = p.resource.toBuilder().setRanges(Value.Ranges.newBuilder()
                        .addRange(Value.Range.newBuilder().setBegin(port).setEnd(port))).build();
                p.resource = p.resource.toBuilder().setRanges(Value.Ranges.newBuilder().addAllRange(rest)).build();
                from.add(p.offer);
                return piece;
            }
        }
        throw new IllegalStateException("no free port in " + within);
    }
}
