package io.mesoscompose.scheduler;

import io.mesoscompose.compose.model.Constraint;
import io.mesoscompose.compose.model.PortRange;
import io.mesoscompose.compose.model.SpreadPreference;
import io.mesoscompose.plan.ServicePlan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.mesos.v1.Protos.Attribute;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;

/**
 * Decides which pending replicas go onto which offers. Pure: no I/O, no clock; the loop carries out the result.
 *
 * <p>The cost grows with replicas plus agents per service, not with replicas times offers (Fenzo's ways): all of one
 * agent's offers are merged into one {@link ResourcePool} first; consecutive replicas of one service are one demand,
 * refused at once when it needs more of a resource than any agent has, and each agent is checked against a demand
 * once (its constraints, then whether one replica fits); an agent that cannot take another replica is not tried
 * again for that demand. Hard constraints decide where a replica may go; {@link Spread} only orders the agents that
 * may take it: replicas of a service go to distinct agents first, as Docker Swarm spreads them, over the values of
 * its {@code spread} preferences first. Spreading can leave a replica unplaced that filling agents one after the
 * other would have placed (two small replicas on two agents leave no room for a large one): then the agents are
 * filled in the order offered instead, whichever places more. That second round runs only when it could place more:
 * when a replica left unplaced found an agent short of resources that another service's replica had taken from in
 * this round. Otherwise each service got all its agents could hold either way (a full cluster, where nothing is
 * placed, is matched once).
 */
public final class OfferMatcher {

    private OfferMatcher() {}

    /** A replica waiting for a place; {@code attempt} counts its slot's restarts so far. */
    public record Pending(Slot slot, ServicePlan plan, int attempt) {}

    /**
     * A placement: its agent's offer (agent ID, hostname), the resources it takes, the host ports chosen, and every
     * offer those resources come from (the ACCEPT names them all).
     */
    public record Launch(Slot slot, ServicePlan plan, int attempt, Offer offer, List<Resource> resources,
                         Map<String, Integer> hostPorts, List<Offer> offers) {
        public Launch {
            resources = List.copyOf(resources);
            hostPorts = Map.copyOf(hostPorts);
            offers = List.copyOf(offers);
        }
    }

    /**
     * @param launches placements, in pending order
     * @param unused   offers nothing was placed on (to be declined)
     * @param reasons  for each pending replica left unplaced: why, in words an operator understands
     */
    public record Result(List<Launch> launches, List<Offer> unused, Map<Slot, String> reasons) {}

    /**
     * @param perAgent replicas already on each agent (running or being launched), by agent ID then service key;
     *                 needed for {@code unique} and spreading
     */
    public static Result match(List<Offer> offers, List<Pending> pending, Map<String, Map<ServiceKey, Integer>> perAgent) {
        return match(offers, pending, perAgent, Map.of());
    }

    /**
     * @param attributes the attributes of agents seen in earlier offers, by agent ID: a {@code spread} preference
     *                   counts the replicas on agents not offered now by their label values
     */
    public static Result match(List<Offer> offers, List<Pending> pending, Map<String, Map<ServiceKey, Integer>> perAgent,
                               Map<String, List<Attribute>> attributes) {
        List<Demand> demands = Demand.runs(pending);
        Round spread = new Round(offers, perAgent, attributes, true);
        demands.forEach(spread::place);
        if (spread.unplaced > 0 && spread.contended) {
            Round packed = new Round(offers, perAgent, attributes, false);
            demands.forEach(packed::place);
            if (packed.launches.size() > spread.launches.size()) {
                return packed.result(offers);
            }
        }
        return spread.result(offers);
    }

    /** Why an agent cannot take a replica: the first unmet rule, rendered to words once per demand. */
    sealed interface Miss {
        record Unmet(Constraint constraint) implements Miss {}

        /** Short of one of {@link ResourcePool#SCALARS}. */
        record Short(String resource) implements Miss {}

        record PortNotOffered(int port) implements Miss {}

        record FewPorts(long count, PortRange range) implements Miss {}
    }

    /** Consecutive pending replicas of one service plan: identical, so what holds for one holds for all. */
    private record Demand(ServicePlan plan, ServiceKey serviceKey, List<Pending> replicas, long[] needs,
                          Optional<Constraint> unique, Map<PortRange, Long> picked) {

        static List<Demand> runs(List<Pending> pending) {
            List<Demand> out = new ArrayList<>();
            List<Pending> run = new ArrayList<>();
            for (Pending p : pending) {
                if (!run.isEmpty() && run.get(0).plan() != p.plan()) {
                    out.add(of(run));
                    run = new ArrayList<>();
                }
                run.add(p);
            }
            if (!run.isEmpty()) {
                out.add(of(run));
            }
            return out;
        }

        private static Demand of(List<Pending> run) {
            ServicePlan plan = run.get(0).plan();
            Map<PortRange, Long> picked = new LinkedHashMap<>();
            plan.hostPorts().stream().filter(p -> p.fixed().isEmpty()).forEach(p -> picked.merge(p.range(), 1L, Long::sum));
            return new Demand(plan, ServiceKey.of(run.get(0).slot()), List.copyOf(run), ResourcePool.needs(plan.needs()),
                    plan.constraints().stream().filter(c -> c instanceof Constraint.Unique).findFirst(), picked);
        }

        /** The attribute names of the service's spread preferences. */
        List<String> labels() {
            return plan.spread().stream().map(SpreadPreference::attribute).toList();
        }
    }

    /** One way of placing every demand on a fresh copy of the offers. */
    private static final class Round {
        private final List<ResourcePool> pools;
        private final boolean spreading;
        private final AgentCounts counts;
        private final Map<String, List<Attribute>> attributes;
        private final long[] largest = new long[ResourcePool.SCALARS.size()];
        private final int offerCount;
        final List<Launch> launches = new ArrayList<>();
        final Map<Slot, String> reasons = new LinkedHashMap<>();
        int unplaced;
        /**
         * Whether a replica left unplaced met an agent short of resources that another demand took from, or a
         * service's count that another demand changed: only then can another order of placing place more.
         */
        boolean contended;
        /** The demand that first took from each agent this round, and the agents more than one demand took from. */
        private final Map<ResourcePool, Demand> takenBy = new IdentityHashMap<>();
        private final Set<ResourcePool> shared = Collections.newSetFromMap(new IdentityHashMap<>());
        private final Set<ServiceKey> placedServices = new HashSet<>();

        Round(List<Offer> offers, Map<String, Map<ServiceKey, Integer>> perAgent, Map<String, List<Attribute>> known,
              boolean spreading) {
            this.pools = ResourcePool.byAgent(offers);
            this.spreading = spreading;
            this.counts = new AgentCounts(perAgent);
            this.offerCount = offers.size();
            Map<String, List<Attribute>> attributes = new HashMap<>(known);
            for (ResourcePool pool : pools) {
                attributes.put(pool.agentId(), pool.offer().getAttributesList());
                for (int i = 0; i < largest.length; i++) {
                    largest[i] = Math.max(largest[i], pool.free(i));
                }
            }
            this.attributes = attributes;
        }

        void place(Demand d) {
            Map<Miss, Integer> misses = new LinkedHashMap<>();
            boolean contendedHere = placedServices.contains(d.serviceKey());
            List<ResourcePool> candidates = new ArrayList<>();
            int tooBig = firstAbove(d.needs(), largest);
            if (tooBig >= 0) {
                // Fenzo's pre-check: more than the largest agent has, so no agent needs to be looked at.
                misses.put(new Miss.Short(ResourcePool.SCALARS.get(tooBig)), offerCount);
            } else {
                for (ResourcePool pool : pools) {
                    Optional<Miss> miss = whyNot(d, pool, counts.of(pool.agentId(), d.serviceKey()));
                    if (miss.isPresent()) {
                        misses.merge(miss.get(), pool.offers().size(), Integer::sum);
                        contendedHere |= takenByAnother(d, pool, miss.get());
                    } else {
                        candidates.add(pool);
                    }
                }
            }
            Spread order = spreading ? Spread.spread(candidates, d.labels(), counts.view(d.serviceKey(), attributes))
                    : Spread.firstFit(candidates);
            List<Pending> left = new ArrayList<>();
            for (Pending p : d.replicas()) {
                Optional<Launch> launch = Optional.empty();
                for (Optional<Spread.Entry> e = order.peek(); e.isPresent() && launch.isEmpty(); e = order.peek()) {
                    ResourcePool pool = e.get().pool;
                    Optional<Miss> miss = another(d, pool, counts.of(pool.agentId(), d.serviceKey()));
                    if (miss.isPresent()) {
                        misses.merge(miss.get(), pool.offers().size(), Integer::sum);
                        contendedHere |= takenByAnother(d, pool, miss.get());
                        order.full(e.get());
                    } else {
                        launch = Optional.of(take(p, d, pool));
                        Demand first = takenBy.putIfAbsent(pool, d);
                        if (first != null && first != d) {
                            shared.add(pool);
                        }
                        counts.add(pool.agentId(), d.serviceKey());
                        order.placed(e.get());
                    }
                }
                launch.ifPresentOrElse(launches::add, () -> left.add(p));
            }
            if (!left.isEmpty()) {
                String why = summarize(d.plan(), misses);
                left.forEach(p -> reasons.put(p.slot(), why));
                unplaced += left.size();
                contended |= contendedHere;
            }
            placedServices.add(d.serviceKey());
        }

        /** Whether the agent lacks resources for the demand because another demand took some this round. */
        private boolean takenByAnother(Demand d, ResourcePool pool, Miss miss) {
            Demand taker = takenBy.get(pool);
            return !(miss instanceof Miss.Unmet) && taker != null && (taker != d || shared.contains(pool));
        }

        Result result(List<Offer> offers) {
            Set<Offer> used = Collections.newSetFromMap(new IdentityHashMap<>());
            launches.forEach(l -> used.addAll(l.offers()));
            return new Result(List.copyOf(launches), offers.stream().filter(o -> !used.contains(o)).toList(), reasons);
        }

        /** Empty when one replica fits the agent now; otherwise the first reason it does not. */
        private static Optional<Miss> whyNot(Demand d, ResourcePool pool, int replicasOnAgent) {
            Optional<Constraint> violated = Constraints.firstViolated(d.plan().constraints(), pool.offer(),
                    replicasOnAgent);
            if (violated.isPresent()) {
                return Optional.of(new Miss.Unmet(violated.get()));
            }
            return resources(d, pool);
        }

        /** Whether an agent that took replicas of the demand can take one more: only unique and resources change. */
        private static Optional<Miss> another(Demand d, ResourcePool pool, int replicasOnAgent) {
            if (d.unique().isPresent() && replicasOnAgent > 0) {
                return Optional.of(new Miss.Unmet(d.unique().get()));
            }
            return resources(d, pool);
        }

        private static Optional<Miss> resources(Demand d, ResourcePool pool) {
            int shortOf = pool.firstShort(d.needs());
            if (shortOf >= 0) {
                return Optional.of(new Miss.Short(ResourcePool.SCALARS.get(shortOf)));
            }
            List<ServicePlan.HostPortRequest> ports = d.plan().hostPorts();
            if (ports.isEmpty()) {
                return Optional.empty();
            }
            for (ServicePlan.HostPortRequest port : ports) {
                if (port.fixed().isPresent() && !pool.hasPort(port.fixed().getAsInt())) {
                    return Optional.of(new Miss.PortNotOffered(port.fixed().getAsInt()));
                }
            }
            // Ports picked from a range: enough free ones in it, besides the fixed ports that lie there too.
            for (Map.Entry<PortRange, Long> e : d.picked().entrySet()) {
                long fixedInside = ports.stream().filter(p -> p.fixed().isPresent()
                        && e.getKey().contains(p.fixed().getAsInt())).count();
                if (pool.freePortCount(e.getKey()) - fixedInside < e.getValue()) {
                    return Optional.of(new Miss.FewPorts(e.getValue(), e.getKey()));
                }
            }
            return Optional.empty();
        }

        private static Launch take(Pending p, Demand d, ResourcePool pool) {
            ResourcePool.Taken taken = pool.take(d.needs(), d.plan().hostPorts());
            Offer offer = taken.offers().isEmpty() ? pool.offer() : taken.offers().get(0);
            return new Launch(p.slot(), p.plan(), p.attempt(), offer, taken.resources(), taken.hostPorts(),
                    taken.offers().isEmpty() ? List.of(offer) : taken.offers());
        }

        private static int firstAbove(long[] needs, long[] largest) {
            for (int i = 0; i < needs.length; i++) {
                if (needs[i] > largest[i]) {
                    return i;
                }
            }
            return -1;
        }

        /** One line for the API and logs: the most common obstacle over the offers seen, with numbers. */
        private String summarize(ServicePlan plan, Map<Miss, Integer> misses) {
            if (pools.isEmpty()) {
                return "no offers received";
            }
            int checked = misses.values().stream().mapToInt(Integer::intValue).sum();
            Optional<Miss> top = misses.entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey);
            ServicePlan.ResourceNeeds n = plan.needs();
            String detail = switch (top.orElse(new Miss.Short("cpus"))) {
                case Miss.Unmet u -> "constraint " + u.constraint().source() + " not met";
                case Miss.Short s when s.resource().equals("cpus") ->
                        "no offer with " + fmt(n.cpus()) + " cpus (largest " + largest("cpus") + ")";
                case Miss.Short s when s.resource().equals("mem") ->
                        "no offer with " + fmt(n.memMb()) + " MB mem (largest " + largest("mem") + ")";
                case Miss.Short s when s.resource().equals("disk") ->
                        "no offer with " + fmt(n.diskMb()) + " MB disk (largest " + largest("disk") + ")";
                case Miss.Short s -> "no offer with " + n.gpus() + " gpus";
                case Miss.PortNotOffered p -> "host port " + p.port() + " is in no offered port range (offered: "
                        + offeredPorts() + ")";
                case Miss.FewPorts f -> "no offer with " + f.count() + " free host port(s) in " + f.range()
                        + " (offered: " + offeredPorts() + ")";
            };
            return detail + " (" + checked + " offers checked)";
        }

        /** The distinct free port ranges of the offers seen, a few of them. */
        private String offeredPorts() {
            List<String> ranges = pools.stream().map(ResourcePool::freePorts).filter(r -> !r.isEmpty()).distinct()
                    .limit(4).toList();
            if (ranges.isEmpty()) {
                return "no ports";
            }
            return String.join("; ", ranges.subList(0, Math.min(3, ranges.size()))) + (ranges.size() > 3 ? "; ..." : "");
        }

        private String largest(String name) {
            return fmt(pools.stream().map(p -> p.scalar(name)).max(ScalarValue::compareTo).orElse(ScalarValue.ZERO)
                    .toDouble());
        }
    }

    /** Replicas per agent and service key: those given, plus those placed in this round. */
    private static final class AgentCounts {
        private final Map<String, Map<ServiceKey, Integer>> given;
        private final Map<String, Map<ServiceKey, Integer>> placed = new HashMap<>();
        private final Map<String, Integer> totals = new HashMap<>();

        AgentCounts(Map<String, Map<ServiceKey, Integer>> given) {
            this.given = given;
        }

        int of(String agent, ServiceKey key) {
            return given.getOrDefault(agent, Map.of()).getOrDefault(key, 0)
                    + placed.getOrDefault(agent, Map.of()).getOrDefault(key, 0);
        }

        int total(String agent) {
            return totals.computeIfAbsent(agent, a -> given.getOrDefault(a, Map.of()).values().stream()
                    .mapToInt(Integer::intValue).sum());
        }

        void add(String agent, ServiceKey key) {
            placed.computeIfAbsent(agent, a -> new HashMap<>()).merge(key, 1, Integer::sum);
            totals.put(agent, total(agent) + 1);
        }

        Spread.Counts view(ServiceKey key, Map<String, List<Attribute>> attributes) {
            return new Spread.Counts() {
                @Override
                public int service(String agentId) {
                    return of(agentId, key);
                }

                @Override
                public int total(String agentId) {
                    return AgentCounts.this.total(agentId);
                }

                @Override
                public Iterable<String> agentsWithService() {
                    List<String> agents = new ArrayList<>();
                    given.forEach((agent, m) -> {
                        if (m.containsKey(key)) {
                            agents.add(agent);
                        }
                    });
                    placed.forEach((agent, m) -> {
                        if (m.containsKey(key) && !given.getOrDefault(agent, Map.of()).containsKey(key)) {
                            agents.add(agent);
                        }
                    });
                    return agents;
                }

                @Override
                public Optional<String> label(String agentId, String name) {
                    List<Attribute> known = attributes.get(agentId);
                    return known == null ? Optional.empty()
                            : Optional.of(Constraints.attribute(known, name).orElse(""));
                }
            };
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
