package io.mesoscompose.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.compose.ComposeInput;
import io.mesoscompose.compose.SourceFile;
import io.mesoscompose.state.ProjectRecord.UpdateStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ProjectRecordTest {

    private static final Instant AT = Instant.parse("2026-11-25T06:00:00Z");

    private static ProjectRecord version(long v) {
        return new ProjectRecord("shop", v, List.of(new SourceFile("compose.yml", "services: {a: {image: \"x:${TAG}\"}}\n")),
                Map.of("TAG", "1"), ProjectRecord.Desired.RUNNING, AT);
    }

    private static ProjectRecord rolledBack(ProjectRecord r) {
        return r.withUpdate("a", new UpdateStatus(UpdateStatus.State.ROLLBACK_COMPLETED, "rollback completed", AT));
    }

    @Test
    void aRecordStoredBeforeUpdatesAndPreviousVersionsReadsWithNone() {
        // Exactly what the previous release wrote for shop v3 scaled to 2.
        String stored = "{\"name\":\"shop\",\"version\":3,\"sources\":[{\"name\":\"compose.yml\",\"content\":"
                + "\"services: {a: {image: \\\"x:${TAG}\\\"}}\\n\"}],\"variables\":{\"TAG\":\"1\"},\"desired\":\"RUNNING\","
                + "\"updatedAt\":\"2026-11-25T06:00:00Z\",\"replicas\":{\"a\":2}}";
        ProjectRecord read = StateJson.decode(stored, ProjectRecord.class);
        assertThat(read).isEqualTo(version(3).withReplicas("a", 2, AT));
        assertThat(read.updates()).isEmpty();
        assertThat(read.previous()).isEmpty();
    }

    @Test
    void theFilesTheSourcesNameAreKeptWithTheVariablesOnlyTheyReferTo() {
        ComposeInput input = new ComposeInput(List.of(new SourceFile("compose.yml",
                "services: {a: {extends: {file: base.yml, service: b}}}\n")),
                Map.of("base.yml", "services: {b: {image: \"x:${TAG}\"}}\n"));
        ProjectRecord r = new ProjectRecord("shop", 1, input, Map.of("TAG", "1", "OTHER", "2"),
                ProjectRecord.Desired.RUNNING, AT);
        assertThat(r.variables()).containsExactly(Map.entry("TAG", "1"));
        assertThat(r.input()).isEqualTo(input);
        assertThat(StateJson.decode(StateJson.encode(r.withReplicas("a", 3, AT)), ProjectRecord.class).input())
                .isEqualTo(input);
        assertThat(version(1).attachments()).as("a record without any, as stored before").isEmpty();
    }

    @Test
    void updateStatusesAndThePreviousVersionRoundTrip() {
        ProjectRecord r = version(2).withPrevious(Optional.of(rolledBack(version(1))))
                .withUpdate("a", new UpdateStatus(UpdateStatus.State.PAUSED, "update paused due to failure", AT));
        assertThat(StateJson.decode(StateJson.encode(r), ProjectRecord.class)).isEqualTo(r);
    }

    @Test
    void anEarlierVersionIsKeptOnlyWhileAServiceRanItAfterARollback() {
        ProjectRecord plain = version(2).withPrevious(Optional.of(version(1)));
        assertThat(plain.asPrevious().previous()).as("nothing of v1 runs in v2").isEmpty();

        ProjectRecord v2 = rolledBack(version(2)).withPrevious(Optional.of(version(1)));
        assertThat(v2.asPrevious().previous()).get().extracting(ProjectRecord::version).isEqualTo(1L);

        ProjectRecord chain = version(1);
        for (long v = 2; v <= 10; v++) {
            chain = rolledBack(version(v)).withPrevious(Optional.of(chain.asPrevious()));
        }
        int depth = 0;
        for (Optional<ProjectRecord> r = Optional.of(chain.asPrevious()); r.isPresent(); r = r.get().previous()) {
            depth++;
        }
        assertThat(depth).as("the chain stays short").isEqualTo(ProjectRecord.KEPT_EARLIER_VERSIONS);
    }
}
