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
 */
final class ResourcePool {

    private static final double EPSILON = 1e-9;

    final Offer offer;
    private final List<Resource.Builder> free = new ArrayList<>();

    ResourcePool(Offer offer) {
        this.offer = offer;
        offer.getResourcesList().forEach(r -> free.add(r.toBuilder()));
    }

    double scalar(String name) {
        return free.stream().filter(r -> r.getName().equals(name) && r.hasScalar())
                .mapToDouble(r -> r.getScalar().getValue()).sum();
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

    /** Takes {@code amount} of a scalar resource, possibly from several offered pieces (e.g. two roles). */
    List<Resource> takeScalar(String name, double amount) {
        List<Resource> taken = new ArrayList<>();
        double left = amount;
        for (Resource.Builder r : free) {
            if (left <= EPSILON) {
                break;
            }
            if (!r.getName().equals(name) || !r.hasScalar() || r.getScalar().getValue() <= EPSILON) {
                continue;
            }
            double part = Math.min(left, r.getScalar().getValue());
            taken.add(r.clone().setScalar(Value.Scalar.newBuilder().setValue(part)).build());
            r.setScalar(Value.Scalar.newBuilder().setValue(r.getScalar().getValue() - part));
            left -= part;
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
