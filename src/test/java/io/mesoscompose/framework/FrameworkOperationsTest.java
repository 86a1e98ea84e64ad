package io.mesoscompose.framework;

import static io.mesoscompose.framework.FrameworkHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesoscompose.json.Json;
import io.mesoscompose.simulator.MesosMasterSimulator;
import io.mesoscompose.simulator.SimulatorConfig;
import io.mesoscompose.simulator.TaskScript;
import io.mesoscompose.simulator.TaskView;
import io.mesoscompose.state.TaskRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.apache.mesos.v1.Protos.TaskState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Operations and failures end to end, framework against the simulator. The simulated task's behaviour follows its
 * image: {@code exit0} / {@code exit1} end after a moment with that exit code, anything else runs until killed.
 */
class FrameworkOperationsTest {

    @TempDir
    Path stateDir;
    MesosMasterSimulator master;
    FrameworkHarness harness;

    @BeforeEach
    void start() throws Exception {
        master = MesosMasterSimulator.start(SimulatorConfig.builder()
                .agents(SimulatorConfig.generateAgents(3, 7))
                .heartbeatInterval(Duration.ofSeconds(1)).offerInterval(Duration.ofMillis(100))
                .scriptFor(FrameworkOperationsTest::script).build());
        harness = new FrameworkHarness(master, stateDir, Map.of()).start();
    }

    static TaskScript script(TaskInfo task) {
        String image = task.hasContainer() ? task.getContainer().getDocker().getImage() : "";
        return switch (image) {
            case "exit0" -> TaskScript.exitAfter(Duration.ofMillis(300), 0);
            case "exit1" -> TaskScript.exitAfter(Duration.ofMillis(300), 1);
            case "healthy-after-a-while" -> TaskScript.healthChecks(Duration.ofMillis(300), false, false, true, true);
            default -> TaskScript.runForever();
        };
    }

    @AfterEach
    void stop() {
        harness.close();
        master.close();
    }

    private void launch(String project, String compose) throws Exception {
        var answer = harness.send("PUT", "/api/compose/v0/" + project, compose);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }

    private List<TaskRecord> tasks(String service) {
        return harness.framework.scheduler().snapshot().tasks().stream().filter(t -> t.service().equals(service)).toList();
    }

    @Test
    void shortJobRunsToCompletionOnceAndKeepsItsExitStatus() throws Exception {
        launch("batch", "services:\n  job:\n    image: exit0\n    restart: \"no\"\n");
        await("the job finished", () -> tasks("job").stream().anyMatch(t -> t.state().equals("TASK_FINISHED")));
        Thread.sleep(1000); // offer cycles: a finished job must not start again
        assertThat(master.tasks()).isEmpty();
        assertThat(tasks("job")).singleElement().satisfies(t -> assertThat(t.state()).isEqualTo("TASK_FINISHED"));
    }

    @Test
    void failingJobIsRetriedUpToItsLimitThenGivenUpWithTheReason() throws Exception {
        launch("batch", "services:\n  job:\n    image: exit1\n    restart: on-failure:2\n"
                + "    deploy: {restart_policy: {condition: on-failure, max_attempts: 2, delay: 100ms}}\n");
        await("three failed attempts", () -> tasks("job").stream().filter(t -> t.state().equals("TASK_FAILED")).count() == 3);
        Thread.sleep(1500);
        assertThat(tasks("job")).hasSize(3).allSatisfy(t -> assertThat(t.state()).isEqualTo("TASK_FAILED"));
        assertThat(master.tasks()).isEmpty();
    }

    @Test
    void dependentServiceStartsOnlyAfterItsDependencyCompleted() throws Exception {
        launch("p", "services:\n  migrate:\n    image: exit0\n    restart: \"no\"\n  app:\n    image: nginx\n"
                + "    depends_on:\n      migrate: {condition: service_completed_successfully}\n");
        await("app runs", () -> tasks("app").stream().anyMatch(t -> t.state().equals("TASK_RUNNING")));
        TaskRecord migrate = tasks("migrate").get(0);
        TaskRecord app = tasks("app").get(0);
        assertThat(migrate.state()).isEqualTo("TASK_FINISHED");
        assertThat(app.createdAt()).isAfterOrEqualTo(migrate.updatedAt());
    }

    @Test
    void healthResultsAreTrackedAndAHealthyDependencyIsAwaited() throws Exception {
        launch("p", "services:\n  db:\n    image: healthy-after-a-while\n"
                + "    healthcheck: {test: [CMD, pg_isready], interval: 1s, retries: 3}\n"
                + "  app:\n    image: nginx\n    depends_on:\n      db: {condition: service_healthy}\n");
        await("db reported unhealthy first", () -> tasks("db").stream().anyMatch(t -> t.healthy().equals(java.util.Optional.of(false))));
        assertThat(tasks("app")).isEmpty();
        await("db healthy", () -> tasks("db").stream().anyMatch(t -> t.healthy().equals(java.util.Optional.of(true))));
        await("app runs once db is healthy", () -> tasks("app").stream().anyMatch(t -> t.state().equals("TASK_RUNNING")));
    }

    @Test
    void unsatisfiableConstraintIsPendingWithTheReason() throws Exception {
        launch("p", "services:\n  web:\n    image: nginx\n    deploy:\n      placement:\n"
                + "        constraints: [\"node.hostname==nowhere\"]\n");
        await("the offers' answer is the pending reason", () -> pending().size() == 1
                && pending().get(0).get("reason").asText().contains("node.hostname"));
        JsonNode entry = pending().get(0);
        assertThat(entry.get("service").asText()).isEqualTo("web");
        assertThat(entry.get("reason").asText()).contains("node.hostname==nowhere");
        assertThat(master.tasks()).isEmpty();
    }

    @Test
    void scaleUpAndDownSurvivesARestart() throws Exception {
        launch("p", "services:\n  web:\n    image: nginx\n");
        await("1 runs", () -> master.runningTasks().size() == 1);
        var up = harness.send("PUT", "/api/compose/v1/projects/p/services/web/scale", "{\"replicas\": 3}");
        assertThat(up.statusCode()).as(up.body()).isEqualTo(202);
        await("3 run", () -> master.runningTasks().size() == 3);

        harness.stop();
        harness.start();
        await("subscribed again", () -> harness.framework.subscribed());
        Thread.sleep(1500);
        assertThat(master.runningTasks()).hasSize(3);

        harness.send("PUT", "/api/compose/v1/projects/p/services/web/scale", "{\"replicas\": 1}");
        await("1 runs", () -> master.runningTasks().size() == 1);
    }

    @Test
    void changedServiceIsReplacedUnchangedOneKeepsRunning() throws Exception {
        launch("p", "services:\n  web:\n    image: nginx:1\n    deploy: {replicas: 2}\n  db:\n    image: postgres\n");
        await("3 run", () -> master.runningTasks().size() == 3);
        String dbTask = master.runningTasks().stream().filter(t -> t.id().startsWith("p_db.")).findFirst().orElseThrow().id();
        List<String> oldWeb = master.runningTasks().stream().map(TaskView::id).filter(id -> id.startsWith("p_web.")).toList();

        var update = harness.send("UPDATE", "/api/compose/v0/p",
                "services:\n  web:\n    image: nginx:2\n    deploy: {replicas: 2}\n  db:\n    image: postgres\n");
        assertThat(update.statusCode()).as(update.body()).isEqualTo(200);
        await("2 new web tasks run and the old ones are gone", () -> {
            List<String> web = master.runningTasks().stream().map(TaskView::id).filter(id -> id.startsWith("p_web.")).toList();
            return web.size() == 2 && web.stream().noneMatch(oldWeb::contains);
        });
        assertThat(master.runningTasks()).extracting(TaskView::id).contains(dbTask).hasSize(3);
    }

    @Test
    void startFirstUpdateRunsAtMostOneExtraTaskAndSpacesBatchesByTheDelay() throws Exception {
        String service = "    deploy:\n      replicas: 3\n      update_config: {parallelism: 1, delay: 1s, order: start-first}\n";
        launch("p", "services:\n  web:\n    image: nginx:1\n" + service);
        await("3 run", () -> master.runningTasks().size() == 3);
        List<String> oldWeb = master.runningTasks().stream().map(TaskView::id).toList();
        AtomicInteger mostAlive = new AtomicInteger();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watcher = Thread.ofVirtual().start(() -> {
            while (watching.get()) {
                int alive = (int) master.tasks().stream().filter(t -> t.id().startsWith("p_web.") && !ENDED.contains(t.state())).count();
                mostAlive.accumulateAndGet(alive, Math::max);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        try {
            var update = harness.send("UPDATE", "/api/compose/v0/p", "services:\n  web:\n    image: nginx:2\n" + service);
            assertThat(update.statusCode()).as(update.body()).isEqualTo(200);
            await("3 new tasks run and the old ones are gone", () -> {
                List<String> web = master.runningTasks().stream().map(TaskView::id).toList();
                return web.size() == 3 && web.stream().noneMatch(oldWeb::contains)
                        && master.tasks().stream().filter(t -> oldWeb.contains(t.id())).allMatch(t -> ENDED.contains(t.state()));
            });
        } finally {
            watching.set(false);
            watcher.join();
        }
        assertThat(mostAlive.get()).as("replicas + parallelism at most").isEqualTo(4);
        List<TaskRecord> fresh = tasks("web").stream().filter(t -> t.projectVersion() == 2)
                .sorted(Comparator.comparing(TaskRecord::createdAt)).toList();
        assertThat(fresh).hasSize(3);
        for (int i = 1; i < fresh.size(); i++) {
            assertThat(Duration.between(fresh.get(i - 1).createdAt(), fresh.get(i).createdAt()))
                    .as("batch %d starts at least the delay after batch %d", i + 1, i)
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
        assertThat(updateState()).isIn("UPDATING", "COMPLETED");
    }

    @Test
    void aFailedUpdateRollsBackToThePreviousFileAndStaysThereAfterARestart() throws Exception {
        String deploy = "    deploy:\n      replicas: 2\n      update_config: {failure_action: rollback, monitor: 2s}\n";
        launch("p", "services:\n  web:\n    image: nginx:1\n" + deploy);
        await("2 run", () -> master.runningTasks().size() == 2);
        var update = harness.send("UPDATE", "/api/compose/v0/p", "services:\n  web:\n    image: exit1\n" + deploy);
        assertThat(update.statusCode()).as(update.body()).isEqualTo(200);
        await("rolled back", () -> updateState().startsWith("ROLLBACK_"));
        await("2 run the first file's image again", () -> master.runningTasks().size() == 2 && image().equals("nginx:1"));

        harness.stop();
        harness.start();
        await("subscribed again", () -> harness.framework.subscribed());
        Thread.sleep(1500);
        assertThat(image()).as("the stored rollback is kept, the failing version not started again").isEqualTo("nginx:1");
        assertThat(updateState()).startsWith("ROLLBACK_");
        assertThat(master.runningTasks()).hasSize(2);
    }

    private String image() {
        return harness.framework.scheduler().snapshot().plans().get("p").services().get(0).template().getContainer()
                .getDocker().getImage();
    }

    private String updateState() {
        try {
            JsonNode web = Json.MAPPER.readTree(harness.send("GET", "/api/compose/v1/projects/p/services", null).body());
            return web.get(0).path("update").path("state").asText("");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final Set<TaskState> ENDED = EnumSet.of(TaskState.TASK_FINISHED, TaskState.TASK_FAILED,
            TaskState.TASK_KILLED, TaskState.TASK_ERROR, TaskState.TASK_LOST, TaskState.TASK_DROPPED,
            TaskState.TASK_GONE, TaskState.TASK_GONE_BY_OPERATOR, TaskState.TASK_UNKNOWN);

    @Test
    void taskOnALostAgentIsReplacedElsewhere() throws Exception {
        launch("p", "services:\n  web:\n    image: nginx\n");
        await("it runs", () -> master.runningTasks().size() == 1);
        TaskView first = master.runningTasks().get(0);
        master.faults().agentGone(first.agentId());
        await("a replacement runs on another agent", () -> master.runningTasks().size() == 1
                && !master.runningTasks().get(0).agentId().equals(first.agentId()));
    }

    @Test
    void masterFailoverIsFollowedWithoutDuplicates() throws Exception {
        launch("p", "services:\n  web:\n    image: nginx\n    deploy: {replicas: 2}\n");
        await("2 run", () -> master.runningTasks().size() == 2);
        try (MesosMasterSimulator standby = MesosMasterSimulator.standby(master.cluster())) {
            master.failoverTo(standby);
            await("subscribed to the new leader", () -> harness.framework.subscribed());
            Thread.sleep(1500);
            assertThat(standby.runningTasks()).hasSize(2);
            harness.send("PUT", "/api/compose/v1/projects/p/services/web/scale", "{\"replicas\": 3}");
            await("3 run", () -> standby.runningTasks().size() == 3);
        }
    }

    private JsonNode pending() {
        try {
            return Json.MAPPER.readTree(harness.send("GET", "/api/compose/v1/pending", null).body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
