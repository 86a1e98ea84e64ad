package io.mesoscompose.scheduler;

import static io.mesoscompose.scheduler.Fixtures.offer;
import static io.mesoscompose.scheduler.Fixtures.service;
import static io.mesoscompose.scheduler.Fixtures.spread;
import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.plan.ServicePlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.mesos.v1.Protos.Attribute;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Value;
import org.junit.jupiter.api.Test;

/**
 * Where replicas go among agents that could all take them: spread over agents by default, and over the values of a
 * label first with {@code deploy.placement.preferences: [spread: node.labels.<x>]}, as swarmkit's scheduler does
 * (manager/scheduler/nodeset.go {@code tree}: one branch per label value, agents without the label in the branch
 * {@code ""}; replicas to the branch with the fewest of the service, then the agent with the fewest).
 */
class SpreadTest {

    private static List<OfferMatcher.Pending> replicas(ServicePlan plan, int count) {
        List<OfferMatcher.Pending> out = new ArrayList<>();
        for (int r = 0; r < count; r++) {
            out.add(new OfferMatcher.Pending(new Slot(plan.project(), plan.service(), r), plan, 0));
        }
        return out;
    }

    private static Offer agent(String id, String rack) {
        return offer(id, 16, 16384, 31000, 31010, rack.isEmpty() ? Map.of() : Map.of("rack", rack));
    }

    private static Map<String, Integer> perAgent(OfferMatcher.Result result) {
        Map<String, Integer> out = new TreeMap<>();
        result.launches().forEach(l -> out.merge(l.offer().getAgentId().getValue(), 1, Integer::sum));
        return out;
    }

    @Test
    void replicasOfAServiceGoToDistinctAgentsBeforeAnyAgentGetsASecond() {
        ServicePlan plan = service("web", "api", 6, 1, 64);
        var result = OfferMatcher.match(List.of(agent("a1", ""), agent("a2", ""), agent("a3", "")),
                replicas(plan, 6), Map.of());
        assertThat(perAgent(result)).containsExactly(Map.entry("a1", 2), Map.entry("a2", 2), Map.entry("a3", 2));
    }

    @Test
    void agentsAlreadyRunningTheServiceAreFilledLast() {
        ServicePlan plan = service("web", "api", 2, 1, 64);
        var result = OfferMatcher.match(List.of(agent("a1", ""), agent("a2", ""), agent("a3", "")),
                replicas(plan, 2), Map.of("a1", Map.of(new ServiceKey("web", "api"), 1), "a2", Map.of(new ServiceKey("other", "db"), 5)));
        // a1 has a replica already; a3 is emptier than a2 (fewest tasks of any service next)
        assertThat(result.launches()).extracting(l -> l.offer().getAgentId().getValue()).containsExactly("a3", "a2");
    }

    @Test
    void aSpreadPreferenceBalancesTheLabelsValuesBeforeTheAgents() {
        ServicePlan plan = spread(service("web", "api", 4, 1, 64), "rack");
        var result = OfferMatcher.match(List.of(agent("a1", "x"), agent("a2", "x"), agent("a3", "x"),
                agent("b1", "y")), replicas(plan, 4), Map.of());
        // rack x has three agents and rack y one: two replicas each, so b1 takes two
        assertThat(perAgent(result)).containsEntry("b1", 2);
        assertThat(perAgent(result).values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(4);
    }

    @Test
    void agentsWithoutTheLabelAreOneMoreValue() {
        ServicePlan plan = spread(service("web", "api", 3, 1, 64), "rack");
        var result = OfferMatcher.match(List.of(agent("a1", "x"), agent("a2", "x"), agent("n1", ""),
                agent("b1", "y")), replicas(plan, 3), Map.of());
        assertThat(perAgent(result)).containsOnlyKeys("a1", "n1", "b1");
    }

    @Test
    void replicasOnAgentsNotOfferedNowCountForTheirLabelValue() {
        ServicePlan plan = spread(service("web", "api", 4, 1, 64), "rack");
        List<Attribute> rackX = List.of(Attribute.newBuilder().setName("rack").setType(Value.Type.TEXT)
                .setText(Value.Text.newBuilder().setValue("x")).build());
        // two replicas already run on "busy" (rack x, fully used, so not offered): the next two go to rack y
        var result = OfferMatcher.match(List.of(agent("a1", "x"), agent("b1", "y"), agent("b2", "y")),
                replicas(plan, 2), Map.of("busy", Map.of(new ServiceKey("web", "api"), 2)), Map.of("busy", rackX));
        assertThat(perAgent(result)).containsOnlyKeys("b1", "b2");
    }

    @Test
    void nestedPreferencesSpreadOverTheOuterLabelFirst() {
        ServicePlan plan = spread(service("web", "api", 2, 1, 64), "zone", "rack");
        Offer z1r1 = offer("z1r1", 16, 16384, 31000, 31010, Map.of("zone", "1", "rack", "1"));
        Offer z1r2 = offer("z1r2", 16, 16384, 31000, 31010, Map.of("zone", "1", "rack", "2"));
        Offer z2r1 = offer("z2r1", 16, 16384, 31000, 31010, Map.of("zone", "2", "rack", "1"));
        var result = OfferMatcher.match(List.of(z1r1, z1r2, z2r1), replicas(plan, 2), Map.of());
        assertThat(perAgent(result)).containsOnlyKeys("z1r1", "z2r1");
    }

    @Test
    void spreadingGivesWayToFillingWhenOnlyFillingPlacesEveryReplica() {
        // two small replicas spread over both agents would leave no room for the large one
        ServicePlan small = service("web", "small", 2, 1, 64);
        ServicePlan large = service("web", "large", 1, 2, 64);
        List<OfferMatcher.Pending> pending = new ArrayList<>(replicas(small, 2));
        pending.addAll(replicas(large, 1));
        var result = OfferMatcher.match(List.of(offer("a1", 2, 1024), offer("a2", 2, 1024)), pending, Map.of());
        assertThat(result.launches()).hasSize(3);
        assertThat(result.reasons()).isEmpty();
    }
}
