package io.mesoscompose.scheduler;

import static io.mesoscompose.scheduler.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.compose.model.Constraint;
import io.mesoscompose.compose.model.PortRange;
import io.mesoscompose.compose.model.RestartPolicy;
import io.mesoscompose.plan.ServicePlan;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.Value;
import org.junit.jupiter.api.Test;

class OfferMatcherTest {

    private static OfferMatcher.Pending pending(ServicePlan plan, int replica) {
        return new OfferMatcher.Pending(new Slot(plan.project(), plan.service(), replica), plan, 0);
    }

    private static ServicePlan with(List<Constraint> constraints, List<ServicePlan.HostPortRequest> ports, double cpus) {
        return plan("web", "api", 3, ServicePlan.Lifecycle.SERVICE, RestartPolicy.of(RestartPolicy.Condition.ALWAYS),
                cpus, 128, constraints, ports, List.of(), "fp");
    }

    @Test
    void severalTasksShareOneOfferAndTakeExactResources() {
        ServicePlan plan = service("web", "api", 2, 1, 256);
        Offer offer = offer("a1", 2.5, 1024);
        var result = OfferMatcher.match(List.of(offer), List.of(pending(plan, 0), pending(plan, 1)), Map.of());
        assertThat(result.launches()).hasSize(2);
        assertThat(result.unused()).isEmpty();
        double cpus = result.launches().get(0).resources().stream().filter(r -> r.getName().equals("cpus"))
                .mapToDouble(r -> r.getScalar().getValue()).sum();
        assertThat(cpus).isEqualTo(1.0);
    }

    @Test
    void shortOfCpusGivesReasonWithNumbersAndOfferIsUnused() {
        ServicePlan plan = with(List.of(), List.of(), 4);
        var result = OfferMatcher.match(List.of(offer("a1", 2, 1024)), List.of(pending(plan, 0)), Map.of());
        assertThat(result.launches()).isEmpty();
        assertThat(result.unused()).hasSize(1);
        assertThat(result.reasons().get(new Slot("web", "api", 0))).startsWith("no offer with 4 cpus (largest 2)");
    }

    @Test
    void hostnameAndAttributeConstraintsPickTheRightAgent() {
        ServicePlan plan = with(List.of(hostname(Constraint.Op.NE, "a1.example"), attribute("rack", "b")), List.of(), 1);
        Offer a1 = offer("a1", 4, 1024, 31000, 31010, Map.of("rack", "b"));
        Offer a2 = offer("a2", 4, 1024, 31000, 31010, Map.of("rack", "a"));
        Offer a3 = offer("a3", 4, 1024, 31000, 31010, Map.of("rack", "b"));
        var result = OfferMatcher.match(List.of(a1, a2, a3), List.of(pending(plan, 0)), Map.of());
        assertThat(result.launches()).singleElement().satisfies(l -> assertThat(l.offer()).isEqualTo(a3));
        assertThat(result.unused()).containsExactly(a1, a2);
    }

    @Test
    void impossibleConstraintIsNamedInTheReason() {
        ServicePlan plan = with(List.of(hostname(Constraint.Op.EQ, "nowhere")), List.of(), 1);
        var result = OfferMatcher.match(List.of(offer("a1", 4, 1024)), List.of(pending(plan, 0)), Map.of());
        assertThat(result.reasons().values()).singleElement().asString().contains("node.hostname==nowhere");
    }

    @Test
    void uniqueCountsReplicasAlreadyOnTheAgentAndThoseBeingLaunched() {
        ServicePlan plan = with(List.of(unique()), List.of(), 1);
        Offer a1 = offer("a1", 8, 4096);
        Offer a2 = offer("a2", 8, 4096);
        Offer a3 = offer("a3", 8, 4096);
        var result = OfferMatcher.match(List.of(a1, a2, a3), List.of(pending(plan, 0), pending(plan, 1), pending(plan, 2)),
                Map.of("a1", Map.of(new ServiceKey("web", "api"), 1)));
        assertThat(result.launches()).extracting(l -> l.offer().getAgentId().getValue()).containsExactly("a2", "a3");
        assertThat(result.reasons()).containsKey(new Slot("web", "api", 2));
    }

    @Test
    void fixedPortsHonouredAndDynamicPortsTakenFromRanges() {
        ServicePlan plan = with(List.of(), List.of(port("http", null), port("admin", 31005)), 1);
        var result = OfferMatcher.match(List.of(offer("a1", 4, 1024, 31005, 31006, Map.of())),
                List.of(pending(plan, 0), pending(plan, 1)), Map.of());
        assertThat(result.launches()).hasSize(1);
        assertThat(result.launches().get(0).hostPorts()).containsEntry("admin", 31005).containsEntry("http", 31006);
        assertThat(result.reasons().get(new Slot("web", "api", 1))).contains("31005");
        List<Resource> ports = result.launches().get(0).resources().stream().filter(r -> r.getName().equals("ports")).toList();
        assertThat(ports).hasSize(2);
    }

    @Test
    void pickedPortsComeOnlyFromTheirRange() {
        // PORTRANGE_FROM..PORTRANGE_TO = 31000-32000 while the agent offers 30000-31999: the lowest port in both.
        ServicePlan plan = with(List.of(), List.of(ServicePlan.HostPortRequest.within("80/tcp", new PortRange(31000, 32000)),
                ServicePlan.HostPortRequest.within("8080/tcp", new PortRange(80, 90))), 1);
        Offer offer = offer("a1", 4, 1024, 30000, 31999, Map.of()).toBuilder()
                .addResources(Resource.newBuilder().setName("ports").setType(Value.Type.RANGES)
                        .setRanges(Value.Ranges.newBuilder().addRange(Value.Range.newBuilder().setBegin(85).setEnd(85))))
                .build();
        var result = OfferMatcher.match(List.of(offer), List.of(pending(plan, 0)), Map.of());
        assertThat(result.launches()).singleElement().satisfies(l ->
                assertThat(l.hostPorts()).containsEntry("80/tcp", 31000).containsEntry("8080/tcp", 85));
    }

    @Test
    void aRangeNoOfferCoversIsTheReasonWithTheOfferedRanges() {
        ServicePlan plan = with(List.of(), List.of(ServicePlan.HostPortRequest.within("80/tcp", new PortRange(31000, 32000))), 1);
        var result = OfferMatcher.match(List.of(offer("a1", 4, 1024, 33000, 33999, Map.of())), List.of(pending(plan, 0)),
                Map.of());
        assertThat(result.reasons().get(new Slot("web", "api", 0))).isEqualTo(
                "no offer with 1 free host port(s) in 31000-32000 (offered: 33000-33999) (1 offers checked)");
    }

    @Test
    void aFixedPortNoOfferHasIsTheReasonWithTheOfferedRanges() {
        ServicePlan plan = with(List.of(), List.of(port("8080", 8080)), 1);
        var result = OfferMatcher.match(List.of(offer("a1", 4, 1024, 31000, 31999, Map.of()),
                offer("a2", 4, 1024, 32000, 32999, Map.of())), List.of(pending(plan, 0)), Map.of());
        assertThat(result.reasons().get(new Slot("web", "api", 0))).isEqualTo(
                "host port 8080 is in no offered port range (offered: 31000-31999; 32000-32999) (2 offers checked)");
    }

    @Test
    void reservedResourcesKeepTheirRoleAndAllocationInfo() {
        Offer offer = offer("a1", 0, 1024).toBuilder()
                .addResources(scalar("cpus", 2).toBuilder()
                        .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole("web"))
                        .addReservations(Resource.ReservationInfo.newBuilder()
                                .setType(Resource.ReservationInfo.Type.STATIC).setRole("web")))
                .build();
        var result = OfferMatcher.match(List.of(offer), List.of(pending(service("web", "api", 1, 1, 64), 0)), Map.of());
        Resource cpus = result.launches().get(0).resources().stream().filter(r -> r.getName().equals("cpus")).findFirst().orElseThrow();
        assertThat(cpus.getAllocationInfo().getRole()).isEqualTo("web");
        assertThat(cpus.getReservations(0).getRole()).isEqualTo("web");
        assertThat(cpus.getScalar().getValue()).isEqualTo(1.0);
    }
}
