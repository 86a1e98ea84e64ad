package io.mesoscompose.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.mesos.v1.Protos.CommandInfo;
import org.apache.mesos.v1.Protos.FrameworkInfo;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.Value;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;

/**
 * A strict simulated master with one small agent of known resources and a bare scheduler subscribed to it, for the
 * conformance tests: calls and tasks are built inline and sent over the wire, the answers read from the stream.
 */
final class WireHarness implements AutoCloseable {

    /** Two cpus, 1 GiB, 2000 MB of disk and ten ports: messages naming the offer are short and exact. */
    static final SimAgent AGENT = new SimAgent("agent-1", "agent1.sim.local", 2, 1024, 2000, 31000, 31009, "*",
            Map.of("os", "linux"));
    /** The offer of {@link #AGENT} as Mesos prints it in messages. */
    static final String OFFERED = "cpus(allocated: *):2; mem(allocated: *):1024; disk(allocated: *):2000; "
            + "ports(allocated: *):[31000-31009]";

    final MesosMasterSimulator master;
    final TestScheduler scheduler;

    private WireHarness(MesosMasterSimulator master, TestScheduler scheduler) {
        this.master = master;
        this.scheduler = scheduler;
    }

    static SimulatorConfig.Builder config() {
        return SimulatorConfig.builder().agents(List.of(AGENT)).offerInterval(Duration.ofMillis(20))
                .defaultRefuse(Duration.ofMillis(20)).statusRetryInitial(Duration.ofSeconds(30));
    }

    static WireHarness start() throws Exception {
        return start(config(), TestScheduler.framework("conformance"));
    }

    static WireHarness start(SimulatorConfig.Builder config, FrameworkInfo framework) throws Exception {
        MesosMasterSimulator master = MesosMasterSimulator.start(config.build());
        TestScheduler scheduler = new TestScheduler(master.url()).subscribe(framework);
        scheduler.await(Event.Type.SUBSCRIBED);
        return new WireHarness(master, scheduler);
    }

    /**
     * Events that arrived while waiting for something else, kept as a real scheduler keeps them: updates
     * (acknowledged on arrival), offers (until rescinded) and rescinds.
     */
    private final List<Event> stash = new ArrayList<>();

    /** The next event matching, kept ones first; updates are acknowledged as they arrive. */
    Event await(Predicate<Event> wanted) throws InterruptedException {
        for (int i = 0; i < stash.size(); i++) {
            if (wanted.test(stash.get(i))) {
                return stash.remove(i);
            }
        }
        return scheduler.await(e -> {
            if (e.getType() == Event.Type.UPDATE) {
                acknowledge(e.getUpdate().getStatus());
            }
            if (e.getType() == Event.Type.RESCIND) {
                stash.removeIf(kept -> kept.getType() == Event.Type.OFFERS
                        && kept.getOffers().getOffers(0).getId().equals(e.getRescind().getOfferId()));
            }
            if (wanted.test(e)) {
                return true;
            }
            if (e.getType() == Event.Type.UPDATE || e.getType() == Event.Type.OFFERS
                    || e.getType() == Event.Type.RESCIND) {
                stash.add(e);
            }
            return false;
        });
    }

    private void acknowledge(TaskStatus s) {
        if (s.hasUuid()) {
            try {
                scheduler.call(MesosMasterSimulatorTest.ack(s));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The next offer (one kept from earlier first). */
    Offer offer() throws InterruptedException {
        return await(e -> e.getType() == Event.Type.OFFERS).getOffers().getOffers(0);
    }

    /** A valid command task: 0.1 cpus and 32 MB taken from the offer, {@code sleep 1000}. */
    static TaskInfo.Builder task(String id, Offer offer) {
        return TaskInfo.newBuilder().setName(id).setTaskId(TaskID.newBuilder().setValue(id))
                .setAgentId(offer.getAgentId())
                .addResources(scalar("cpus", 0.1)).addResources(scalar("mem", 32))
                .setCommand(CommandInfo.newBuilder().setValue("sleep 1000"));
    }

    /** A scalar resource allocated to {@code *}, as taken from an offer. */
    static Resource scalar(String name, double value) {
        return Resource.newBuilder().setName(name).setType(Value.Type.SCALAR)
                .setScalar(Value.Scalar.newBuilder().setValue(value))
                .setAllocationInfo(Resource.AllocationInfo.newBuilder().setRole("*")).build();
    }

    static Call accept(Offer offer, Offer.Operation... operations) {
        return Call.newBuilder().setType(Call.Type.ACCEPT).setAccept(Call.Accept.newBuilder()
                .addOfferIds(offer.getId()).addAllOperations(List.of(operations))).build();
    }

    static Offer.Operation launch(TaskInfo... tasks) {
        return Offer.Operation.newBuilder().setType(Offer.Operation.Type.LAUNCH)
                .setLaunch(Offer.Operation.Launch.newBuilder().addAllTaskInfos(List.of(tasks))).build();
    }

    /** KILL the task. */
    void kill(String taskId) throws Exception {
        scheduler.call(Call.newBuilder().setType(Call.Type.KILL)
                .setKill(Call.Kill.newBuilder().setTaskId(TaskID.newBuilder().setValue(taskId))).build());
    }

    /** Launches the tasks on the offer and returns the first update of the first task. */
    TaskStatus launch(Offer offer, TaskInfo... tasks) throws Exception {
        int status = scheduler.call(accept(offer, launch(tasks)));
        if (status != 202) {
            throw new AssertionError("ACCEPT answered " + status);
        }
        return update(tasks[0].getTaskId().getValue());
    }

    /** The next update of this task (acknowledged if it carries a uuid). */
    TaskStatus update(String taskId) throws Exception {
        return await(e -> e.getType() == Event.Type.UPDATE
                && e.getUpdate().getStatus().getTaskId().getValue().equals(taskId)).getUpdate().getStatus();
    }

    /** The updates of this task up to and including the first that matches, each acknowledged. */
    List<TaskStatus> updatesUntil(String taskId, Predicate<TaskStatus> last) throws Exception {
        List<TaskStatus> seen = new ArrayList<>();
        while (true) {
            TaskStatus s = update(taskId);
            seen.add(s);
            if (last.test(s)) {
                return seen;
            }
        }
    }

    @Override
    public void close() throws Exception {
        scheduler.close();
        master.close();
    }
}
