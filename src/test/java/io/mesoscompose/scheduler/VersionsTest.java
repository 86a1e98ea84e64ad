package io.mesoscompose.scheduler;

import static io.mesoscompose.scheduler.Fixtures.service;
import static io.mesoscompose.scheduler.Fixtures.version;
import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.plan.ProjectPlan;
import io.mesoscompose.plan.ServicePlan;
import io.mesoscompose.state.ProjectRecord;
import io.mesoscompose.state.ProjectRecord.UpdateStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VersionsTest {

    private static final Instant AT = Instant.parse("2026-01-01T00:00:00Z");

    private static ProjectPlan plan(String fingerprint) {
        ServicePlan api = version(service("web", "api", 2, 1, 64), fingerprint, Optional.empty(), Optional.empty());
        ServicePlan db = version(service("web", "db", 1, 1, 64), "db-" + fingerprint, Optional.empty(), Optional.empty());
        return new ProjectPlan("web", List.of(api, db), List.of());
    }

    private static ProjectRecord record(long version, Optional<ProjectRecord> previous) {
        return new ProjectRecord("web", version, List.of(), Map.of(), ProjectRecord.Desired.RUNNING, AT)
                .withPrevious(previous);
    }

    private static ProjectRecord rolledBack(ProjectRecord r, String service) {
        return r.withUpdate(service, new UpdateStatus(UpdateStatus.State.ROLLBACK_COMPLETED, "rollback completed", AT));
    }

    private static String fingerprint(Optional<ServicePlan> plan) {
        return plan.map(ServicePlan::fingerprint).orElse("none");
    }

    @Test
    void aServiceRunsItsVersionsPlanUnlessItWasRolledBack() {
        Map<Long, ProjectPlan> plans = Map.of(1L, plan("v1"), 2L, plan("v2"));
        ProjectRecord v2 = rolledBack(record(2, Optional.of(record(1, Optional.empty()))), "api");
        assertThat(fingerprint(Versions.running(v2, "api", plans))).isEqualTo("v1");
        assertThat(fingerprint(Versions.running(v2, "db", plans))).isEqualTo("db-v2");
        assertThat(Versions.running(v2, plans).orElseThrow().services()).extracting(ServicePlan::fingerprint)
                .containsExactly("v1", "db-v2");
    }

    @Test
    void aRollbackGoesToWhatTheServiceRanInThePreviousVersionAndNeverTwice() {
        // swarmkit rollbackUpdate: Spec = PreviousSpec, then PreviousSpec = nil.
        Map<Long, ProjectPlan> plans = Map.of(1L, plan("v1"), 2L, plan("v2"), 3L, plan("v3"));
        ProjectRecord v2 = rolledBack(record(2, Optional.of(record(1, Optional.empty()))), "api");
        ProjectRecord v3 = record(3, Optional.of(v2.asPrevious()));
        assertThat(fingerprint(Versions.previous(v3, "api", plans))).as("api ran v1 in v2").isEqualTo("v1");
        assertThat(fingerprint(Versions.previous(v3, "db", plans))).isEqualTo("db-v2");
        assertThat(Versions.previous(rolledBack(v3, "api"), "api", plans)).isEmpty();
        assertThat(Versions.previous(record(1, Optional.empty()), "api", plans)).as("a first version").isEmpty();
        assertThat(Versions.kept(v3)).containsExactly(3L, 2L, 1L);
    }

    @Test
    void theOperatorsReplicaCountAppliesToTheRunningPlan() {
        Map<Long, ProjectPlan> plans = Map.of(1L, plan("v1"), 2L, plan("v2"));
        ProjectRecord v2 = rolledBack(record(2, Optional.of(record(1, Optional.empty()))), "api").withReplicas("api", 5, AT);
        assertThat(Versions.running(v2, plans).orElseThrow().services().get(0))
                .satisfies(s -> assertThat(s.fingerprint()).isEqualTo("v1"))
                .satisfies(s -> assertThat(s.replicas()).isEqualTo(5));
    }
}
