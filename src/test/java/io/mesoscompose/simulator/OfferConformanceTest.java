package io.mesoscompose.simulator;

import static io.mesoscompose.simulator.WireHarness.accept;
import static io.mesoscompose.simulator.WireHarness.launch;
import static io.mesoscompose.simulator.WireHarness.task;
import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.simulator.validation.RulesTest;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.OperationID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.TaskStatus.Reason;
import org.apache.mesos.v1.Protos.TaskStatus.Source;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An ACCEPT's offers, as {@code Master::accept} (src/master/master.cpp) and the {@code offer} namespace of
 * src/master/validation.cpp check them: an invalid offer list refuses every task with TASK_LOST (TASK_DROPPED for
 * a partition-aware framework), REASON_INVALID_OFFERS and "Task launched with invalid offers: ".
 */
class OfferConformanceTest {

    static final FrameworkInfo AWARE = TestScheduler.framework("aware").toBuilder()
            .addCapabilities(FrameworkInfo.Capability.newBuilder().setType(FrameworkInfo.Capability.Type.PARTITION_AWARE))
            .build();

    WireHarness h;

    @AfterEach
    void stop() throws Exception {
        if (h != null) {
            h.close();
        }
    }

    static void assertInvalidOffers(TaskStatus s, TaskState state, String error) {
        assertThat(s.getState()).isEqualTo(state);
        assertThat(s.getReason()).isEqualTo(Reason.REASON_INVALID_OFFERS);
        assertThat(s.getSource()).isEqualTo(Source.SOURCE_MASTER);
        assertThat(s.getMessage()).isEqualTo("Task launched with invalid offers: " + error);
        assertThat(s.hasUuid()).isFalse();
    }

    // Mesos: src/master/validation.cpp, offer::validateUniqueOfferID
    @Test
    void anOfferNamedTwiceRefusesTheTasks() throws Exception {
        h = WireHarness.start();
        Offer o = h.offer();
        Call call = accept(o, launch(task("t", o).build()));
        h.scheduler.call(call.toBuilder().setAccept(call.getAccept().toBuilder().addOfferIds(o.getId())).build());
        assertInvalidOffers(h.update("t"), TaskState.TASK_LOST, "Duplicate offer " + o.getId().getValue()
                + " in offer list");
        assertThat(h.master.tasks()).isEmpty();
    }

    // Mesos: src/master/validation.cpp, offer::validateOfferIds (partition-aware: TASK_DROPPED)
    @Test
    void anUnknownOfferDropsTheTasksOfAPartitionAwareFramework() throws Exception {
        h = WireHarness.start(WireHarness.config(), AWARE);
        Offer o = h.offer().toBuilder().setId(OfferID.newBuilder().setValue("no-such-offer")).build();
        h.scheduler.call(accept(o, launch(task("t", o).build())));
        assertInvalidOffers(h.update("t"), TaskState.TASK_DROPPED, "Offer no-such-offer is no longer valid");
    }

    // Mesos: src/master/validation.cpp, offer::validateOfferIds (a rescinded offer is no longer outstanding)
    @Test
    void aRescindedOfferRefusesTheTasks() throws Exception {
        h = WireHarness.start(WireHarness.config().offerTimeout(java.time.Duration.ofMillis(100)),
                TestScheduler.framework("slow"));
        Offer o = h.offer();
        h.await(e -> e.getType() == Event.Type.RESCIND && e.getRescind().getOfferId().equals(o.getId()));
        h.scheduler.call(accept(o, launch(task("t", o).build())));
        assertInvalidOffers(h.update("t"), TaskState.TASK_LOST, "Offer " + o.getId().getValue()
                + " is no longer valid");
    }

    // Mesos: src/master/master.cpp, Master::accept ("No offers specified")
    @Test
    void anAcceptWithoutOffersRefusesTheTasks() throws Exception {
        h = WireHarness.start();
        Offer o = h.offer();
        h.scheduler.call(Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder()
                .addOperations(launch(task("t", o).build()))).build());
        assertInvalidOffers(h.update("t"), TaskState.TASK_LOST, "No offers specified");
    }

    // Mesos: src/master/validation.cpp, offer::validateFramework
    @Test
    void anotherFrameworksOfferRefusesTheTasksAndIsDiscarded() throws Exception {
        h = WireHarness.start(WireHarness.config().agents(List.of(WireHarness.AGENT, new SimAgent("agent-2",
                "agent2.sim.local", 2, 1024, 2000, 32000, 32009, "*", Map.of()))), TestScheduler.framework("first"));
        for (int i = 0; i < 2; i++) { // both agents were offered to the first framework: it declines them for now
            h.scheduler.call(Call.newBuilder().setType(Call.Type.DECLINE).setDecline(Call.Decline.newBuilder()
                    .addOfferIds(h.offer().getId()).setFilters(Filters.newBuilder().setRefuseSeconds(3600))).build());
        }
        TestScheduler other = new TestScheduler(h.master.url()).subscribe(TestScheduler.framework("second"));
        try {
            Offer theirs = other.await(Event.Type.OFFERS).getOffers().getOffers(0);
            h.scheduler.call(accept(theirs, launch(task("t", theirs).build())));
            assertInvalidOffers(h.update("t"), TaskState.TASK_LOST, "Offer " + theirs.getId().getValue()
                    + " has invalid framework " + other.frameworkId + " while framework " + h.scheduler.frameworkId
                    + " is expected");
        } finally {
            other.close();
        }
    }

    // Mesos: src/master/validation.cpp, offer::validateSlave
    @Test
    void offersOfTwoAgentsRefuseTheTasks() throws Exception {
        h = WireHarness.start(WireHarness.config().agents(List.of(WireHarness.AGENT, new SimAgent("agent-2",
                "agent2.sim.local", 2, 1024, 2000, 32000, 32009, "*", Map.of()))), TestScheduler.framework("f"));
        Offer a = h.offer();
        Offer b = h.await(e -> e.getType() == Event.Type.OFFERS
                && !e.getOffers().getOffers(0).getAgentId().equals(a.getAgentId())).getOffers().getOffers(0);
        Call call = accept(a, launch(task("t", a).build()));
        h.scheduler.call(call.toBuilder().setAccept(call.getAccept().toBuilder().addOfferIds(b.getId())).build());
        assertInvalidOffers(h.update("t"), TaskState.TASK_LOST, "Aggregated offers must belong to one single agent. "
                + "Offer " + b.getId().getValue() + " uses agent " + b.getAgentId().getValue() + " and agent "
                + a.getAgentId().getValue());
    }

    // Mesos: src/master/validation.cpp, offer::validateAllocationRole (the message lacks its closing quotes)
    @Test
    void offersAllocatedToTwoRolesRefuseTheTasks() throws Exception {
        FrameworkInfo twoRoles = TestScheduler.framework("roles").toBuilder().clearRoles().addRoles("a")
                .addRoles("b").build();
        h = WireHarness.start(WireHarness.config().agents(List.of(WireHarness.AGENT, new SimAgent("agent-2",
                "agent2.sim.local", 2, 1024, 2000, 32000, 32009, "*", Map.of()))), twoRoles);
        Offer inA = h.offer();
        Offer alsoInA = h.offer();
        h.scheduler.call(Call.newBuilder().setType(Call.Type.SUPPRESS)
                .setSuppress(Call.Suppress.newBuilder().addRoles("a")).build());
        h.scheduler.call(Call.newBuilder().setType(Call.Type.DECLINE).setDecline(Call.Decline.newBuilder()
                .addOfferIds(alsoInA.getId())).build());
        Offer inB = h.await(e -> e.getType() == Event.Type.OFFERS
                && e.getOffers().getOffers(0).getAllocationInfo().getRole().equals("b")).getOffers().getOffers(0);
        Call call = accept(inA, launch(task("t", inA).build()));
        h.scheduler.call(call.toBuilder().setAccept(call.getAccept().toBuilder().addOfferIds(inB.getId())).build());
        assertInvalidOffers(h.update("t"), TaskState.TASK_LOST, "Aggregated offers must be allocated to the same "
                + "role. Offer " + inB.getId().getValue() + " uses role 'b but another is using role 'a");
    }

    // Mesos: src/master/allocator/mesos/offer_constraints_filter.cpp, isAgentExcluded (SUBSCRIBE's offer constraints)
    @Test
    void onlyAgentsMeetingTheOfferConstraintsAreOffered() throws Exception {
        h = WireHarness.start(WireHarness.config().agents(List.of(WireHarness.AGENT, new SimAgent("agent-2",
                "agent2.sim.local", 2, 1024, 2000, 32000, 32009, "*", Map.of()))), TestScheduler.framework("first"));
        TestScheduler constrained = new TestScheduler(h.master.url()).subscribe(TestScheduler.framework("pinned"),
                RulesTest.hostIs("*", "agent2.sim.local"));
        try {
            for (int i = 0; i < 2; i++) { // the first framework lets the agents go
                h.scheduler.call(Call.newBuilder().setType(Call.Type.DECLINE).setDecline(Call.Decline.newBuilder()
                        .addOfferIds(h.offer().getId()).setFilters(Filters.newBuilder().setRefuseSeconds(3600))).build());
            }
            for (int i = 0; i < 3; i++) {
                Offer o = constrained.await(Event.Type.OFFERS).getOffers().getOffers(0);
                assertThat(o.getHostname()).isEqualTo("agent2.sim.local");
                constrained.call(Call.newBuilder().setType(Call.Type.DECLINE).setDecline(Call.Decline.newBuilder()
                        .addOfferIds(o.getId()).setFilters(Filters.newBuilder().setRefuseSeconds(0.01))).build());
            }
        } finally {
            constrained.close();
        }
    }

    // Mesos: src/master/master.cpp, Master::accept ("The `id` field cannot be set on LAUNCH operations")
    @Test
    void aLaunchAskingForOperationFeedbackIsATaskError() throws Exception {
        h = WireHarness.start();
        Offer o = h.offer();
        Offer.Operation op = launch(task("t", o).build()).toBuilder()
                .setId(OperationID.newBuilder().setValue("op-1")).build();
        h.scheduler.call(accept(o, op));
        TaskStatus s = h.update("t");
        assertThat(s.getState()).isEqualTo(TaskState.TASK_ERROR);
        assertThat(s.getReason()).isEqualTo(Reason.REASON_TASK_INVALID);
        assertThat(s.getMessage()).isEqualTo("The `id` field cannot be set on LAUNCH operations");
    }

    // Mesos: src/master/master.cpp, Master::_accept: tasks are validated against what earlier ones left
    @Test
    void tasksOfOneAcceptShareTheOfferedResources() throws Exception {
        h = WireHarness.start();
        Offer o = h.offer();
        TaskInfo first = task("first", o).clearResources().addResources(WireHarness.scalar("cpus", 1.5)).build();
        TaskInfo second = task("second", o).clearResources().addResources(WireHarness.scalar("cpus", 1)).build();
        h.scheduler.call(accept(o, launch(first, second)));
        assertThat(h.update("first").getState()).isEqualTo(TaskState.TASK_STARTING);
        TaskStatus refused = h.update("second");
        assertThat(refused.getState()).isEqualTo(TaskState.TASK_ERROR);
        assertThat(refused.getMessage()).isEqualTo("Total resources cpus(allocated: *):1 required by task and its "
                + "executor is more than available cpus(allocated: *):0.5; mem(allocated: *):1024; "
                + "disk(allocated: *):2000; ports(allocated: *):[31000-31009]");
    }
}
