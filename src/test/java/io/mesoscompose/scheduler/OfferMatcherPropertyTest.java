package io.mesoscompose.scheduler;

import static io.mesoscompose.scheduler.Fixtures.offer;
import static io.mesoscompose.scheduler.Fixtures.plan;
import static io.mesoscompose.scheduler.Fixtures.unique;
import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.compose.model.Constraint;
import io.mesoscompose.compose.model.RestartPolicy;
import io.mesoscompose.plan.ServicePlan;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;

/**
 * Whatever the offers, replicas and replicas already running: the matcher never gives away more than an agent
 * offers, never breaks {@code unique}, accounts for every offer and every replica, and places at least as many
 * replicas as the plain first-fit it replaced (each replica onto the first agent it fits).
 */
class OfferMatcherPropertyTest {

    /** An agent's offer: cpus in halves, mem in 128 MB steps; some agents' resources come in two offers. */
    record AgentSpec(int halfCpus, int mem128, boolean split) {}

    /** A service: replicas, cpus in quarters, mem in 64 MB steps, unique or not. */
    record ServiceSpec(int replicas, int quarterCpus, int mem64, boolean unique) {}

    @Provide
    Arbitrary<List<AgentSpec>> agents() {
        return Combinators.combine(Arbitraries.integers().between(0, 8), Arbitraries.integers().between(0, 16),
                Arbitraries.of(true, false)).as(AgentSpec::new).list().ofMinSize(0).ofMaxSize(8);
    }

    @Provide
    Arbitrary<List<ServiceSpec>> services() {
        return Combinators.combine(Arbitraries.integers().between(1, 8), Arbitraries.integers().between(1, 8),
                Arbitraries.integers().between(1, 16), Arbitraries.of(true, false)).as(ServiceSpec::new)
                .list().ofMinSize(1).ofMaxSize(3);
    }

    @Provide
    Arbitrary<List<Integer>> running() {
        return Arbitraries.integers().between(0, 2).list().ofSize(8 * 3);
    }

    @Property(tries = 300)
    void neverOvercommitsNorBreaksUniqueAndPlacesAsManyAsFirstFit(@ForAll("agents") List<AgentSpec> agentSpecs,
                                                                 @ForAll("services") List<ServiceSpec> serviceSpecs,
                                                                 @ForAll("running") List<Integer> running) {
        List<Offer> offers = new ArrayList<>();
        Map<String, double[]> offered = new HashMap<>();
        for (int i = 0; i < agentSpecs.size(); i++) {
            AgentSpec a = agentSpecs.get(i);
            String agent = "a" + i;
            double cpus = a.halfCpus() / 2.0;
            double mem = a.mem128() * 128.0;
            if (a.split()) {
                offers.add(offer(agent, cpus / 2, mem / 2));
                offers.add(offer(agent, cpus - cpus / 2, mem - mem / 2));
            } else {
                offers.add(offer(agent, cpus, mem));
            }
            offered.put(agent, new double[] {cpus, mem});
        }
        List<OfferMatcher.Pending> pending = new ArrayList<>();
        Map<String, Map<ServiceKey, Integer>> perAgent = new HashMap<>();
        for (int s = 0; s < serviceSpecs.size(); s++) {
            ServiceSpec spec = serviceSpecs.get(s);
            ServicePlan plan = plan("p", "s" + s, spec.replicas(), ServicePlan.Lifecycle.SERVICE,
                    RestartPolicy.of(RestartPolicy.Condition.ALWAYS), spec.quarterCpus() / 4.0, spec.mem64() * 64.0,
                    spec.unique() ? List.of(unique()) : List.<Constraint>of(), List.of(), List.of(), "fp" + s);
            for (int r = 0; r < spec.replicas(); r++) {
                pending.add(new OfferMatcher.Pending(new Slot("p", "s" + s, r), plan, 0));
            }
            for (int i = 0; i < agentSpecs.size(); i++) {
                int n = running.get(i * 3 + s);
                if (n > 0) {
                    perAgent.computeIfAbsent("a" + i, a -> new HashMap<>()).put(new ServiceKey("p", "s" + s), n);
                }
            }
        }

        OfferMatcher.Result result = OfferMatcher.match(offers, pending, perAgent);

        // Every replica is either placed once or has a reason; nothing else is placed.
        Set<Slot> placed = new HashSet<>();
        result.launches().forEach(l -> assertThat(placed.add(l.slot())).as("placed once: %s", l.slot()).isTrue());
        for (OfferMatcher.Pending p : pending) {
            assertThat(placed.contains(p.slot()) != result.reasons().containsKey(p.slot()))
                    .as("placed or explained: %s", p.slot()).isTrue();
        }
        assertThat(placed.size() + result.reasons().size()).isEqualTo(pending.size());

        // Launches use offers of their own agent; the offers not used are exactly those declined.
        Set<Offer> used = Collections.newSetFromMap(new IdentityHashMap<>());
        for (OfferMatcher.Launch l : result.launches()) {
            assertThat(l.offers()).allSatisfy(o -> assertThat(o.getAgentId()).isEqualTo(l.offer().getAgentId()));
            used.addAll(l.offers());
        }
        assertThat(offers).allSatisfy(o -> assertThat(used.contains(o) != result.unused().contains(o)).isTrue());
        assertThat(result.unused()).hasSize(offers.size() - used.size());

        // No agent gives more than it offered; unique holds with the replicas already there.
        Map<String, double[]> taken = new HashMap<>();
        Map<String, Integer> count = new HashMap<>();
        for (OfferMatcher.Launch l : result.launches()) {
            String agent = l.offer().getAgentId().getValue();
            double[] t = taken.computeIfAbsent(agent, a -> new double[2]);
            t[0] += scalar(l.resources(), "cpus");
            t[1] += scalar(l.resources(), "mem");
            assertThat(scalar(l.resources(), "cpus")).isEqualTo(l.plan().needs().cpus());
            count.merge(agent + " " + ServiceKey.of(l.slot()), 1, Integer::sum);
        }
        taken.forEach((agent, t) -> {
            assertThat(t[0]).as("cpus taken on %s", agent).isLessThanOrEqualTo(offered.get(agent)[0] + 1e-9);
            assertThat(t[1]).as("mem taken on %s", agent).isLessThanOrEqualTo(offered.get(agent)[1] + 1e-9);
        });
        for (OfferMatcher.Launch l : result.launches()) {
            if (l.plan().constraints().stream().anyMatch(c -> c instanceof Constraint.Unique)) {
                String agent = l.offer().getAgentId().getValue();
                int before = perAgent.getOrDefault(agent, Map.of()).getOrDefault(ServiceKey.of(l.slot()), 0);
                assertThat(before + count.get(agent + " " + ServiceKey.of(l.slot()))).as("unique on %s", agent)
                        .isEqualTo(1);
            }
        }

        assertThat(result.launches().size()).isGreaterThanOrEqualTo(firstFit(agentSpecs, pending, perAgent));
    }

    @Property(tries = 200)
    void replicasGoToDistinctAgentsFirst(@ForAll("roomy") int agentCount, @ForAll("roomy") int replicas) {
        List<Offer> offers = new ArrayList<>();
        for (int i = 0; i < agentCount; i++) {
            offers.add(offer("a" + i, 64, 65536));
        }
        ServicePlan plan = Fixtures.service("p", "web", replicas, 0.5, 64);
        List<OfferMatcher.Pending> pending = new ArrayList<>();
        for (int r = 0; r < replicas; r++) {
            pending.add(new OfferMatcher.Pending(new Slot("p", "web", r), plan, 0));
        }
        OfferMatcher.Result result = OfferMatcher.match(offers, pending, Map.of());
        Map<String, Integer> perAgent = new HashMap<>();
        result.launches().forEach(l -> perAgent.merge(l.offer().getAgentId().getValue(), 1, Integer::sum));
        assertThat(result.launches()).hasSize(replicas);
        int most = perAgent.values().stream().max(Integer::compare).orElse(0);
        int least = perAgent.size() < agentCount ? 0 : perAgent.values().stream().min(Integer::compare).orElse(0);
        assertThat(most - least).as("replicas per agent differ by at most one: %s", perAgent).isLessThanOrEqualTo(1);
    }

    @Provide
    Arbitrary<Integer> roomy() {
        return Arbitraries.integers().between(1, 20);
    }

    /** The reference: each replica, in order, onto the first agent (in offered order) with room left. */
    private static int firstFit(List<AgentSpec> agents, List<OfferMatcher.Pending> pending,
                                Map<String, Map<ServiceKey, Integer>> perAgent) {
        long[][] free = new long[agents.size()][2];
        for (int i = 0; i < agents.size(); i++) {
            free[i][0] = agents.get(i).halfCpus() * 500L; // thousandths of a cpu
            free[i][1] = agents.get(i).mem128() * 128L;
        }
        Map<String, Integer> count = new HashMap<>();
        int placed = 0;
        for (OfferMatcher.Pending p : pending) {
            long cpus = Math.round(p.plan().needs().cpus() * 1000);
            long mem = Math.round(p.plan().needs().memMb());
            boolean unique = p.plan().constraints().stream().anyMatch(c -> c instanceof Constraint.Unique);
            for (int i = 0; i < agents.size(); i++) {
                String agent = "a" + i;
                String key = agent + " " + ServiceKey.of(p.slot());
                int there = perAgent.getOrDefault(agent, Map.of()).getOrDefault(ServiceKey.of(p.slot()), 0)
                        + count.getOrDefault(key, 0);
                if (free[i][0] >= cpus && free[i][1] >= mem && !(unique && there > 0)) {
                    free[i][0] -= cpus;
                    free[i][1] -= mem;
                    count.merge(key, 1, Integer::sum);
                    placed++;
                    break;
                }
            }
        }
        return placed;
    }

    private static double scalar(List<Resource> resources, String name) {
        return resources.stream().filter(r -> r.getName().equals(name)).mapToDouble(r -> r.getScalar().getValue())
                .sum();
    }
}
