package io.mesoscompose.framework;

import static io.mesoscompose.framework.FrameworkHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.ByteString;
import io.mesoscompose.api.model.Outcome;
import io.mesoscompose.logs.AgentHttp;
import io.mesoscompose.logs.TaskSandboxes;
import io.mesoscompose.mesos.FrameworkStatus;
import io.mesoscompose.mesos.SchedulerCalls;
import io.mesoscompose.plan.PlanSettings;
import io.mesoscompose.scheduler.Scheduler;
import io.mesoscompose.scheduler.SchedulerSettings;
import io.mesoscompose.secrets.SecretResolver;
import io.mesoscompose.state.EmbeddedStateStore;
import io.mesoscompose.state.StateChange;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.mesos.v1.Protos.AgentID;
import org.apache.mesos.v1.Protos.ExecutorID;
import org.apache.mesos.v1.Protos.Filters;
import org.apache.mesos.v1.Protos.Offer;
import org.apache.mesos.v1.Protos.OfferID;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.scheduler.Protos.Call;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code DELETE /api/compose/v0/framework} as the backend decides it: the stored framework ID is forgotten only
 * when the master no longer knows it (the Go project asks the master's {@code /frameworks} first,
 * api/V0FrameworkRemoveID.go); otherwise nothing changes and the answer says why.
 */
class SchedulerBackendTest {

    private final EmbeddedStateStore store = EmbeddedStateStore.inMemory();
    private Scheduler scheduler;
    private boolean subscribed;
    private final AtomicReference<FrameworkStatus> master = new AtomicReference<>(new FrameworkStatus.Unknown());
    private final AtomicInteger asked = new AtomicInteger();
    private final AtomicInteger reconnects = new AtomicInteger();
    private SchedulerBackend backend;

    /** Mesos calls go nowhere: these tests never reach the master. */
    private static final class NoCalls implements SchedulerCalls {
        @Override public void accept(Collection<OfferID> o, List<Offer.Operation> ops, Filters f) { }
        @Override public void decline(Collection<OfferID> o, Filters f) { }
        @Override public void revive(Collection<String> roles) { }
        @Override public void suppress(Collection<String> roles) { }
        @Override public void kill(TaskID t, Optional<AgentID> a) { }
        @Override public void acknowledge(TaskStatus s) { }
        @Override public void reconcile(List<Call.Reconcile.Task> tasks) { }
        @Override public void message(AgentID a, ExecutorID e, ByteString data) { }
        @Override public void teardown() { }
    }

    @BeforeEach
    void start() throws Exception {
        store.commit(new StateChange.SetFrameworkId("fw-1"));
        scheduler = new Scheduler(store, new NoCalls(), SecretResolver.NONE, new SimpleMeterRegistry(),
                Clock.systemUTC(), SchedulerSettings.DEFAULT);
        ProjectService projects = new ProjectService(store, scheduler, PlanSettings.defaults(), Clock.systemUTC());
        scheduler.start(projects.resumePlans());
        backend = new SchedulerBackend(projects, scheduler, store, () -> subscribed, reconnects::incrementAndGet,
                id -> {
                    asked.incrementAndGet();
                    return master.get();
                }, new TaskSandboxes(new AgentHttp(Optional.empty(), Optional.empty(), Optional.empty(), false,
                        Duration.ofSeconds(1)), Optional::empty));
        await("the stored framework ID is loaded", () -> scheduler.snapshot().frameworkId().isPresent());
    }

    @AfterEach
    void stop() {
        scheduler.close();
        store.close();
    }

    private void assertKept(Outcome outcome, String says) {
        assertThat(outcome).isInstanceOf(Outcome.Refused.class);
        assertThat(((Outcome.Refused) outcome).message()).contains(says).contains("nothing was changed");
        assertThat(store.frameworkId()).contains("fw-1");
        assertThat(reconnects).hasValue(0);
    }

    @Test
    void whileSubscribedTheIdIsKeptWithoutAskingTheMaster() {
        subscribed = true;
        assertKept(backend.forgetFrameworkId(), "the master knows framework fw-1: this framework is subscribed with it");
        assertThat(asked).hasValue(0);
    }

    @Test
    void whileTheMasterKeepsTheDisconnectedFrameworkTheIdIsKept() {
        master.set(new FrameworkStatus.Registered(false, false));
        assertKept(backend.forgetFrameworkId(), "the master still knows framework fw-1 (disconnected, its tasks kept"
                + " until its failover timeout)");
    }

    @Test
    void whenTheMasterCannotBeAskedTheIdIsKept() {
        master.set(new FrameworkStatus.Unreachable("http://m1:5050: connection refused"));
        assertKept(backend.forgetFrameworkId(), "cannot ask the master whether it still knows framework fw-1"
                + " (http://m1:5050: connection refused)");
    }

    @Test
    void onceTheMasterRemovedTheFrameworkTheIdIsForgottenAndANewRegistrationStarts() {
        master.set(new FrameworkStatus.Completed());
        Outcome outcome = backend.forgetFrameworkId();
        assertThat(outcome).isEqualTo(Outcome.done("framework ID fw-1 forgotten (the master removed it): registering"
                + " as a new framework; its tasks are launched again"));
        assertThat(store.frameworkId()).isEmpty();
        assertThat(reconnects).hasValue(1);
    }

    @Test
    void anIdTheMasterDoesNotKnowIsForgotten() {
        assertThat(backend.forgetFrameworkId()).isInstanceOf(Outcome.Done.class);
        assertThat(store.frameworkId()).isEmpty();
        assertThat(reconnects).hasValue(1);
    }
}
