package io.mesoscompose.scheduler;

import io.mesoscompose.compose.model.Constraint;
import io.mesoscompose.compose.model.PortRange;
import io.mesoscompose.plan.ServicePlan;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;

/**
 * Decides which pending replicas go onto which offers. Pure: no I/O, no clock; the loop carries out the result.
 * Several tasks may land on one offer, and several offers of one agent are used in one ACCEPT.
 */
public final class OfferMatcher {

    private OfferMatcher() {}

    /** A replica waiting for a place; {@code attempt} counts its slot's restarts so far. */
    public record Pending(Slot slot, ServicePlan plan, int attempt) {}

    /** A placement: the offer it takes resources from, those resources, and the host ports chosen. */
    public record Launch(Slot slot, ServicePlan plan, int attempt, Offer offer, List<Resource> resources, Map<String, Integer> hostPorts) {}

    /**
     * @param launches placements, in pending order
     * @param unused   offers nothing was placed on (to be declined)
     * @param reasons  for each pending replica left unplaced: why, in words an operator understands
     */
    public record Result(List<Launch> launches, List<Offer> unused, Map<Slot, String> reasons) {}

    /**
     * @param perAgent replicas already on each agent (running or being launched), by agent ID then service key;
     *                 needed for {@code unique}
     */
    public static Result match(List<Offer> offers, List<Pending> pending, Map<String, Map<String, Integer>> perAgent) {
        List<ResourcePool> pools = offers.stream().map(ResourcePool::new).toList();
        Map<String, Map<String, Integer>> counts = new HashMap<>();
        perAgent.forEach((agent, m) -> counts.put(agent, new HashMap<>(m)));
        List<Launch> launches = new ArrayList<>();
        Map<Slot, String> reasons = new LinkedHashMap<>();
        List<Offer> used = new ArrayList<>();

        for (Pending p : pending) {
            List<String> misses = new ArrayList<>();
            Optional<Launch> placed = Optional.empty();
            for (ResourcePool pool : pools) {
                String agent = pool.offer.getAgentId().getValue();
                int already = counts.getOrDefault(agent, Map.of()).getOrDefault(p.slot().serviceKey(), 0);
                Optional<String> miss = whyNot(p.plan(), pool, already);
                if (miss.isPresent()) {
                    misses.add(miss.get());
                    continue;
                }
                placed = Optional.of(take(p, pool));
                break;
            }
            if (placed.isPresent()) {
                Launch launch = placed.get();
                launches.add(launch);
                if (!used.contains(launch.offer())) {
                    used.add(launch.offer());
                }
                counts.computeIfAbsent(launch.offer().getAgentId().getValue(), a -> new HashMap<>())
                        .merge(p.slot().serviceKey(), 1, Integer::sum);
            } else {
                reasons.put(p.slot(), summarize(p.plan(), pools, misses));
            }
        }
        List<Offer> unused = offers.stream().filter(o -> !used.contains(o)).toList();
        return new Result(launches, unused, reasons);
    }

    /** Empty when the replica fits this offer now; otherwise the first reason it does not. */
    static Optional<String> whyNot(ServicePlan plan, ResourcePool pool, int replicasOnAgent) {
        Optional<Constraint> violated = Constraints.firstViolated(plan.constraints(), pool.offer, replicasOnAgent);
        if (violated.isPresent()) {
            return Optional.of("constraint " + violated.get().source());
        }
        ServicePlan.ResourceNeeds n = plan.needs();
        for (String name : List.of("cpus", "mem", "disk", "gpus")) {
            if (!pool.scalar(name).atLeast(need(n, name))) {
                return Optional.of(name);
            }
        }
        for (ServicePlan.HostPortRequest port : plan.hostPorts()) {
            if (port.fixed().isPresent() && !pool.hasPort(port.fixed().getAsInt())) {
                return Optional.of("port " + port.fixed().getAsInt());
            }
        }
        // Ports picked from a range: enough free ones in it, besides the fixed ports that lie there too.
        Map<PortRange, Long> picked = plan.hostPorts().stream().filter(p -> p.fixed().isEmpty())
                .collect(Collectors.groupingBy(ServicePlan.HostPortRequest::range, LinkedHashMap::new,
                        Collectors.counting()));
        for (Map.Entry<PortRange, Long> e : picked.entrySet()) {
            long fixedInside = plan.hostPorts().stream().filter(p -> p.fixed().isPresent()
                    && e.getKey().contains(p.fixed().getAsInt())).count();
            if (pool.freePortCount(e.getKey()) - fixedInside < e.getValue()) {
                return Optional.of("ports " + e.getValue() + " in " + e.getKey());
            }
        }
        return Optional.empty();
    }

    /** A replica's need of one scalar resource, in Mesos' fixed point (gpus are whole). */
    static ScalarValue need(ServicePlan.ResourceNeeds n, String name) {
        return switch (name) {
            case "cpus" -> ScalarValue.of(n.cpus());
            case "mem" -> ScalarValue.of(n.memMb());
            case "disk" -> ScalarValue.of(n.diskMb());
            case "gpus" -> ScalarValue.of(n.gpus());
            default -> throw new IllegalArgumentException("not a resource a replica needs: " + name);
        };
    }

    private static Launch take(Pending p, ResourcePool pool) {
        ServicePlan.ResourceNeeds n = p.plan().needs();
        List<Resource> resources = new ArrayList<>();
        for (String name : List.of("cpus", "mem", "disk", "gpus")) {
            resources.addAll(pool.takeScalar(name, need(n, name)));
        }
        Map<String, Integer> ports = new LinkedHashMap<>();
        // Fixed ports first, so a dynamic pick can never take a port another request insists on.
        for (ServicePlan.HostPortRequest port : p.plan().hostPorts()) {
            if (port.fixed().isPresent()) {
                Resource piece = pool.takePort(port.range());
                resources.add(piece);
                ports.put(port.key(), (int) piece.getRanges().getRange(0).getBegin());
            }
        }
        for (ServicePlan.HostPortRequest port : p.plan().hostPorts()) {
            if (port.fixed().isEmpty()) {
                Resource piece = pool.takePort(port.range());
                resources.add(piece);
                ports.put(port.key(), (int) piece.getRanges().getRange(0).getBegin());
            }
        }
        return new Launch(p.slot(), p.plan(), p.attempt(), pool.offer, List.copyOf(resources), Map.copyOf(ports));
    }

    /** One line for the API and logs: the most common obstacle over the offers seen, with numbers. */
    private static String summarize(ServicePlan plan, List<ResourcePool> pools, List<String> misses) {
        if (pools.isEmpty()) {
            return "no offers received";
        }
        Map<String, Integer> byReason = new LinkedHashMap<>();
        misses.forEach(m -> byReason.merge(m, 1, Integer::sum));
        String top = byReason.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse("?");
        ServicePlan.ResourceNeeds n = plan.needs();
        String detail = switch (top) {
            case "cpus" -> "no offer with " + fmt(n.cpus()) + " cpus (largest " + fmt(largest(pools, "cpus")) + ")";
            case "mem" -> "no offer with " + fmt(n.memMb()) + " MB mem (largest " + fmt(largest(pools, "mem")) + ")";
            case "disk" -> "no offer with " + fmt(n.diskMb()) + " MB disk (largest " + fmt(largest(pools, "disk")) + ")";
            case "gpus" -> "no offer with " + n.gpus() + " gpus";
            default -> top.startsWith("port ") ? "host " + top + " is in no offered port range (offered: "
                    + offeredPorts(pools) + ")"
                    : top.startsWith("ports ") ? "no offer with " + top.substring("ports ".length())
                    .replace(" in ", " free host port(s) in ") + " (offered: " + offeredPorts(pools) + ")"
                    : top + " not met";
        };
        return detail + " (" + misses.size() + " offers checked)";
    }

    /** The distinct free port ranges of the offers seen, a few of them. */
    private static String offeredPorts(List<ResourcePool> pools) {
        List<String> ranges = pools.stream().map(ResourcePool::freePorts).filter(r -> !r.isEmpty()).distinct().toList();
        if (ranges.isEmpty()) {
            return "no ports";
        }
        return String.join("; ", ranges.subList(0, Math.min(3, ranges.size())))
                + (ranges.size() > 3 ? "; ..." : "");
    }

    private static double largest(List<ResourcePool> pools, String name) {
        return pools.stream().map(p -> p.scalar(name)).max(ScalarValue::compareTo).orElse(ScalarValue.ZERO).toDouble();
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(java.util.Locale.ROOT, "%.2f", v);
    }
}
