package io.mesoscompose.simulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Value;

/**
 * A bundle of the resources the simulator knows (cpus, mem, disk, ports), with the arithmetic the master needs to
 * hold resources while offered or used and to check that a task asks for no more than its offers hold.
 */
record SimResources(double cpus, double mem, double disk, SortedSet<Long> ports) {

    private static final double EPSILON = 1e-6;

    static final SimResources EMPTY = new SimResources(0, 0, 0, new TreeSet<>());

    SimResources {
        ports = Collections.unmodifiableSortedSet(new TreeSet<>(ports));
    }

    static SimResources of(SimAgent agent) {
        TreeSet<Long> ports = new TreeSet<>();
        for (long p = agent.portsBegin(); p <= agent.portsEnd(); p++) {
            ports.add(p);
        }
        return new SimResources(agent.cpus(), agent.memMb(), agent.diskMb(), ports);
    }

    /** Reads resources a scheduler put into a TaskInfo; unknown names are rejected by the caller's validation. */
    static SimResources fromProto(List<Resource> resources) {
        double cpus = 0, mem = 0, disk = 0;
        TreeSet<Long> ports = new TreeSet<>();
        for (Resource r : resources) {
            switch (r.getName()) {
                case "cpus" -> cpus += r.getScalar().getValue();
                case "mem" -> mem += r.getScalar().getValue();
                case "disk" -> disk += r.getScalar().getValue();
                case "ports" -> r.getRanges().getRangeList().forEach(range -> {
                    for (long p = range.getBegin(); p <= range.getEnd(); p++) {
                        ports.add(p);
                    }
                });
                default -> throw new IllegalArgumentException("unknown resource '" + r.getName() + "'");
            }
        }
        return new SimResources(cpus, mem, disk, ports);
    }

    SimResources plus(SimResources other) {
        TreeSet<Long> p = new TreeSet<>(ports);
        p.addAll(other.ports);
        return new SimResources(cpus + other.cpus, mem + other.mem, disk + other.disk, p);
    }

    SimResources minus(SimResources other) {
        TreeSet<Long> p = new TreeSet<>(ports);
        p.removeAll(other.ports);
        return new SimResources(cpus - other.cpus, mem - other.mem, disk - other.disk, p);
    }

    boolean contains(SimResources other) {
        return cpus + EPSILON >= other.cpus && mem + EPSILON >= other.mem && disk + EPSILON >= other.disk
                && ports.containsAll(other.ports);
    }

    boolean isEmpty() {
        return cpus < EPSILON && mem < EPSILON && disk < EPSILON && ports.isEmpty();
    }

    /** As offered: reserved to {@code role} ("*" unreserved), allocated to {@code allocationRole}. */
    List<Resource> toProto(String allocationRole) {
        List<Resource> out = new ArrayList<>();
        scalar(out, "cpus", cpus, allocationRole);
        scalar(out, "mem", mem, allocationRole);
        scalar(out, "disk", disk, allocationRole);
        if (!ports.isEmpty()) {
            Value.Ranges.Builder ranges = Value.Ranges.newBuilder();
            long begin = -1, end = -1;
            for (long p : ports) {
                if (begin >= 0 && p == end + 1) {
                    end = p;
                    continue;
                }
                if (begin >= 0) {
                    ranges.addRange(Value.Range.newBuilder().setBegin(begin).setEnd(end));
                }
                begin = end = p;
            }
            ranges.addRange(Value.Range.newBuilder().setBegin(begin).setEnd(end));
            out.add(Resource.newBuilder().setName("ports").setType(Value.Type.RANGES).setRanges(ranges)
                    .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole(allocationRole)).build());
        }
        return out;
    }

    private static void scalar(List<Resource> out, String name, double value, String role) {
        if (value >= EPSILON) {
            out.add(Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
                    .setScalar(Value.Scalar.newBuilder().setValue(value))
                    .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole(role)).build());
        }
    }
}
