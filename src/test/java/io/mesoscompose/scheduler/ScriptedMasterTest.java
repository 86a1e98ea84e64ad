package io.mesoscompose.scheduler;

import static io.mesoscompose.scheduler.Fixtures.*;
import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.compose.model.RestartPolicy;
import io.mesoscompose.mesos.MesosEvent;
import io.mesoscompose.mesos.SchedulerCalls;
import io.mesoscompose.plan.ProjectPlan;
import io.mesoscompose.plan.ServicePlan;
import io.mesoscompose.secrets.SecretResolver;
import io.mesoscompose.state.ProjectRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.FrameworkID;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.apache.mesos.v1.scheduler.Protos.Event;
import org.junit.jupiter.api.Test;

/**
 * The scheduler on its real clock and tick against a small scripted master that answers from its own thread, as
 * the Mesos client will: launched tasks run (jobs finish), kills end tasks. Stands in until the simulator lands.
 */
class ScriptedMasterTest {

    /** Answers calls asynchronously, in order, on one thread (like the client's event stream). */
    static final class ScriptedMaster implements SchedulerCalls {
        final ExecutorService stream = Executors.newSingleThreadExecutor();
        Scheduler scheduler;
        volatile int offerRounds;

        void send(MesosEvent e) {
            stream.execute(() -> scheduler.accept(e));
        }

        void offerAgents() {
            offerRounds++;
            send(new MesosEvent.Offers(List.of(offer("a1", 2, 1024), offer("a2", 2, 1024))));
        }

        private void status(TaskID id, TaskState state, String message) {
            send(new MesosEvent.Update(TaskStatus.newBuilder().setTaskId(id).setState(state).setMessage(message)
                    .setUuid(com.google.protobuf.ByteString.copyFromUtf8("u")).build()));
        }

        @Override public void accept(Collection<OfferID> offerIds, List<Offer.Operation> operations, Filters filters) {
            for (Offer.Operation op : operations) {
                for (TaskInfo t : op.getLaunch().getTaskInfosList()) {
                    status(t.getTaskId(), TaskState.TASK_RUNNING, "");
                    if (t.getName().endsWith(":migrate")) {
                        status(t.getTaskId(), TaskState.TASK_FINISHED, "Command exited with status 0");
                    }
                }
            }
        }
        @Override public void decline(Collection<OfferID> offerIds, Filters filters) { }
        @Override public void revive(Collection<String> roles) { offerAgents(); }
        @Override public void suppress(Collection<String> roles) { }
        @Override public void kill(TaskID taskId, Optional<AgentID> agentId) { status(taskId, TaskState.TASK_KILLED, "killed"); }
        @Override public void acknowledge(TaskStatus status) { }
        @Override public void reconcile(List<Call.Reconcile.Task> tasks) { }
        @Override public void message(AgentID a, ExecutorID e, com.google.protobuf.ByteString d) { }
        @Override public void teardown() { }
    }

    private static void await(Scheduler s, String what, Predicate<SchedulerSnapshot> condition) throws Exception {
        Instant deadline = Instant.now().plusSeconds(20);
        while (!condition.test(s.snapshot())) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("timed out waiting for " + what + "; snapshot " + s.snapshot());
            }
            Thread.sleep(10);
        }
    }

    private static long running(SchedulerSnapshot s, String service) {
        return s.tasks().stream().filter(t -> t.service().equals(service) && t.state().equals("TASK_RUNNING")).count();
    }

    @Test
    void serviceRunsJobFinishesUniqueLimitsPlacementAndKillEndsAll() throws Exception {
        ScriptedMaster master = new ScriptedMaster();
        MemoryStore store = new MemoryStore();
        var settings = new SchedulerSettings(5, Duration.ofSeconds(5), Duration.ofMillis(50), RestartRules.Backoff.DEFAULT);
        try (Scheduler scheduler = new Scheduler(store, master, SecretResolver.NONE, new SimpleMeterRegistry(),
                Clock.systemUTC(), settings)) {
            master.scheduler = scheduler;
            scheduler.start(Map.of());
            master.send(new MesosEvent.Subscribed(Event.Subscribed.newBuilder()
                    .setFrameworkId(FrameworkID.newBuilder().setValue("fw")).build(), "http://127.0.0.1:5050"));
            ServicePlan api = plan("shop", "api", 3, ServicePlan.Lifecycle.SERVICE, RestartPolicy.of(RestartPolicy.Condition.ALWAYS),
                    1, 256, List.of(unique()), List.of(), List.of(), "v1");
            ServicePlan migrate = plan("shop", "migrate", 1, ServicePlan.Lifecycle.JOB, RestartPolicy.of(RestartPolicy.Condition.ON_FAILURE),
                    0.5, 64, List.of(), List.of(), List.of(), "v1");
            scheduler.apply(new ProjectPlan("shop", List.of(api, migrate), List.of()),
                    new ProjectRecord("shop", 1, List.of(), Map.of(), ProjectRecord.Desired.RUNNING, Instant.now()))
                    .get(10, TimeUnit.SECONDS);
            master.offerAgents();

            await(scheduler, "2 api running (unique over 2 agents) and the job finished", s ->
                    running(s, "api") == 2 && s.tasks().stream().anyMatch(t -> t.service().equals("migrate")
                            && t.state().equals("TASK_FINISHED") && t.exitCode().equals(Optional.of(0))));
            master.offerAgents();
            await(scheduler, "third replica pending with the unique reason", s ->
                    s.pending().getOrDefault(new Slot("shop", "api", 2), "").contains("unique"));
            assertThat(scheduler.snapshot().tasks().stream().filter(t -> t.service().equals("migrate"))).hasSize(1);

            scheduler.kill("shop").get(10, TimeUnit.SECONDS);
            await(scheduler, "project forgotten once all tasks ended", s -> s.projects().isEmpty() && s.tasks().isEmpty());
            assertThat(store.projects()).isEmpty();
        } finally {
            master.stream.shutdownNow();
        }
    }
}
