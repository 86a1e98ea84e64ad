package io.mesoscompose.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.mesos.v1.Protos.Label;
import org.apache.mesos.v1.Protos.Labels;
import org.apache.mesos.v1.Protos.TaskID;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.junit.jupiter.api.Test;

/** The simulator's pure parts: script labels and the Accept header. */
class SimulatorPartsTest {

    static TaskInfo labelled(String... keyValues) {
        Labels.Builder labels = Labels.newBuilder();
        for (int i = 0; i < keyValues.length; i += 2) {
            labels.addLabels(Label.newBuilder().setKey(keyValues[i]).setValue(keyValues[i + 1]));
        }
        return TaskInfo.newBuilder().setName("t").setTaskId(TaskID.newBuilder().setValue("t")).setLabels(labels)
                .buildPartial();
    }

    @Test
    void aTaskWithoutScriptLabelsIsAHealthyServiceThatRunsUntilKilled() {
        assertThat(TaskScripts.fromLabels(labelled("traefik.enable", "true"))).isEqualTo(TaskScript.runForever());
    }

    @Test
    void scriptLabelsAreRead() {
        TaskScript s = TaskScripts.fromLabels(labelled(TaskScripts.EXIT, "3 after 1.5m", TaskScripts.UNHEALTHY_AFTER,
                "500ms", TaskScripts.STDOUT, "a\nb", TaskScripts.STDERR, "oops"));
        assertThat(s.exit()).contains(new TaskScript.Exit(Duration.ofSeconds(90), 3));
        assertThat(s.health()).isEqualTo(new TaskScript.Health.AsConfigured(Optional.of(Duration.ofMillis(500))));
        assertThat(s.stdout()).containsExactly("a", "b");
        assertThat(s.stderr()).containsExactly("oops");
        assertThat(TaskScripts.fromLabels(labelled(TaskScripts.FAIL_TO_START, "pull failed")).failToStart())
                .contains("pull failed");
    }

    @Test
    void anUnknownSimulatorLabelFailsTheTaskNamingTheKnownOnes() {
        assertThat(TaskScripts.fromLabels(labelled("mesos-compose.sim.exitt", "0 after 1s")).failToStart().orElseThrow())
                .startsWith("simulator: label mesos-compose.sim.exitt='0 after 1s': unknown simulator label; known: "
                        + "mesos-compose.sim.exit, ");
    }

    // libprocess src/http.cpp, Request::_acceptsMediaType
    @Test
    void theAcceptHeaderIsReadAsLibprocessReadsIt() {
        assertThat(SchedulerHttp.acceptsMediaType(Optional.empty(), "application/json")).isTrue();
        assertThat(SchedulerHttp.acceptsMediaType(Optional.of("*/*"), "application/json")).isTrue();
        assertThat(SchedulerHttp.acceptsMediaType(Optional.of("application/*"), "application/x-protobuf")).isTrue();
        assertThat(SchedulerHttp.acceptsMediaType(Optional.of("application/json;q=0"), "application/json")).isFalse();
        assertThat(SchedulerHttp.acceptsMediaType(Optional.of("Application/JSON ; q=0.5"), "application/json"))
                .isTrue();
        assertThat(SchedulerHttp.acceptsMediaType(Optional.of("text/html"), "application/json")).isFalse();
        assertThat(List.of(SchedulerHttp.JSON, SchedulerHttp.PROTOBUF)).doesNotHaveDuplicates();
    }
}
