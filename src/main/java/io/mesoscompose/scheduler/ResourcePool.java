package io.mesoscompose.scheduler;

import io.mesoscompose.compose.model.PortRange;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Value;

/**
 * What is still free of one offer while the matcher places tasks on it. Taken pieces keep the offered resource's
 * role, reservations and allocation info, so a launch uses exactly what the master offered.
 * Local to one matching run: mutable, never shared.
 *
 * <p>Amounts are counted in Mesos' fixed point ({@link ScalarValue}), as the master checks that a task's resources
 * are contained in the offer. Only pieces a task may take a part of are taken ({@link #divisible}): never a part of
 * a MOUNT or BLOCK disk, a persistent volume or a shared resource (Mesos src/v1/resources.cpp, {@code subtractable});
 * and the sandbox's {@code disk} comes from the agent's root disk only, since other disk sources serve volumes.
 * {@code gpus} are taken in whole units.
 */
final class ResourcePool {

    final Offer offer;
    private final List<Resource.Builder> free = new ArrayList<>();

    ResourcePool(Offer offer) {
        this.offer = offer;
        offer.getResourcesList().forEach(r -> free.add(r.toBuilder()));
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

    private boolean takeable(Resource.Builder r, String name) {
        return r.getName().equals(name) && divisible(r.build());
    }

    /** What a task could take of {@code name} now. */
    ScalarValue scalar(String name) {
        ScalarValue sum = ScalarValue.ZERO;
        for (Resource.Builder r : free) {
            if (takeable(r, name)) {
                sum = sum.plus(usable(name, ScalarValue.of(r.getScalar().getValue())));
            }
        }
        return sum;
    }

    private static ScalarValue usable(String name, ScalarValue amount) {
        return name.equals("gpus") ? amount.wholeUnits() : amount;
    }

    boolean hasPort(int port) {
        return freePortCount(PortRange.single(port)) > 0;
    }

    /** Free ports of the offer that lie in {@code within}. */
    long freePortCount(PortRange within) {
        return free.stream().filter(r -> r.getName().equals("ports"))
                .flatMap(r -> r.getRanges().getRangeList().stream())
                .mapToLong(range -> Math.max(0, Math.min(range.getEnd(), within.to())
                        - Math.max(range.getBegin(), within.from()) + 1)).sum();
    }

    /** The offer's free port ranges, for reasons an operator reads ({@code 31000-31999,33000-33999}). */
    String freePorts() {
        return free.stream().filter(r -> r.getName().equals("ports"))
                .flatMap(r -> r.getRanges().getRangeList().stream())
                .map(range -> range.getBegin() == range.getEnd() ? Long.toString(range.getBegin())
                        : range.getBegin() + "-" + range.getEnd())
                .collect(Collectors.joining(","));
    }

    /**
     * Takes {@code amount} of a scalar resource, possibly from several offered pieces (e.g. two roles). The caller
     * checked that {@link #scalar} has it.
     */
    List<Resource> takeScalar(String name, ScalarValue amount) {
        List<Resource> taken = new ArrayList<>();
        ScalarValue left = amount;
        for (Resource.Builder r : free) {
            if (!left.isPositive()) {
                break;
            }
            if (!takeable(r, name)) {
                continue;
            }
            ScalarValue have = ScalarValue.of(r.getScalar().getValue());
            ScalarValue part = left.min(usable(name, have));
            if (!part.isPositive()) {
                continue;
            }
            taken.add(r.clone().setScalar(Value.Scalar.newBuilder().setValue(part.toDouble())).build());
            r.setScalar(Value.Scalar.newBuilder().setValue(have.minus(part).toDouble()));
            left = left.minus(part);
        }
        return taken;
    }

    /** Takes the lowest free port of {@code within} (one port for a fixed one). The caller checked availability. */
    Resource takePort(PortRange within) {
        for (Resource.Builder r : free) {
            if (!r.getName().equals("ports")) {
                continue;
            }
            List<Value.Range> ranges = r.getRanges().getRangeList();
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
                Resource piece = r.clone().setRanges(Value.Ranges.newBuilder()
                        .addRange(Value.Range.newBuilder().setBegin(port).setEnd(port))).build();
                r.setRanges(Value.Ranges.newBuilder().addAllRange(rest));
                return piece;
            }
        }
        throw new IllegalStateException("no free port in " + within);
    }
}
