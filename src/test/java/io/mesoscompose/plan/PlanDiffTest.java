package io.mesoscompose.plan;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Why a new plan replaces a service's tasks: the parts of its fingerprint that changed, never a secret value. */
class PlanDiffTest {

    private static ServicePlan web(String yaml) {
        return InlinePlans.plan(yaml).services().get(0);
    }

    private static final String BASE = """
            services:
              web:
                image: nginx:1.25
                command: ["nginx", "-g", "daemon off;"]
                environment:
                  DB_PASSWORD: hunter2
                  MODE: prod
                ports: ["8080:80"]
                deploy:
                  replicas: 2
                  resources: {limits: {cpus: "0.5", memory: 256M}}
            """;

    @Test
    void theSameFileReplacesNothingAndOnlyTheReplicaCountIsNoReason() {
        assertThat(PlanDiff.replaces(web(BASE), web(BASE))).isFalse();
        ServicePlan scaled = web(BASE.replace("replicas: 2", "replicas: 5"));
        assertThat(PlanDiff.replaces(web(BASE), scaled)).isFalse();
        assertThat(PlanDiff.reasons(web(BASE), scaled)).isEmpty();
    }

    @Test
    void aNewImageIsShownWithBothNames() {
        ServicePlan after = web(BASE.replace("nginx:1.25", "nginx:1.27"));
        assertThat(PlanDiff.replaces(web(BASE), after)).isTrue();
        assertThat(PlanDiff.reasons(web(BASE), after)).containsExactly("image nginx:1.25 → nginx:1.27");
    }

    @Test
    void environmentChangesAreNamedButTheirValuesNeverShown() {
        ServicePlan after = web(BASE.replace("hunter2", "correct-horse").replace("MODE: prod", "DEBUG: \"1\""));
        List<String> reasons = PlanDiff.reasons(web(BASE), after);
        assertThat(reasons).containsExactly("environment DB_PASSWORD (changed), DEBUG (added), MODE (removed)");
        assertThat(String.join(" ", reasons)).doesNotContain("hunter2").doesNotContain("correct-horse")
                .doesNotContain("prod");
    }

    @Test
    void aChangedCommandIsSaidToHaveChangedWithoutItsText() {
        ServicePlan after = web(BASE.replace("daemon off;", "daemon off; error_log stderr;"));
        assertThat(PlanDiff.reasons(web(BASE), after)).containsExactly("command");
    }

    @Test
    void resourcesAndPortsAreShownWithTheirValues() {
        ServicePlan after = web(BASE.replace("cpus: \"0.5\"", "cpus: \"1\"").replace("256M", "512M")
                .replace("[\"8080:80\"]", "[\"8080:80\", \"9443:443\"]"));
        assertThat(PlanDiff.reasons(web(BASE), after)).contains("cpus 0.5 → 1", "memory 256 MB → 512 MB")
                .anyMatch(r -> r.startsWith("host ports [") && r.contains("443"));
    }

    @Test
    void otherFieldsOfTheTaskAreNamedByTheirMesosPath() {
        ServicePlan after = web(BASE.replace("    ports:", "    labels: {team: payments}\n    ports:"));
        // Docker gets the labels twice: as Mesos labels and as --label parameters of docker run.
        assertThat(PlanDiff.reasons(web(BASE), after)).containsExactlyInAnyOrder("labels", "container.docker.parameters");
    }

    @Test
    void whenTheFingerprintDiffersThereIsAlwaysAReason() {
        List<String> variants = List.of(
                BASE.replace("nginx:1.25", "nginx:1.26"),
                BASE.replace("    ports:", "    restart: on-failure\n    ports:"),
                BASE.replace("    ports:", "    user: www-data\n    ports:"),
                BASE.replace("    ports:", "    healthcheck: {test: [\"CMD\", \"true\"], interval: 5s}\n    ports:"),
                BASE.replace("    ports:", "    working_dir: /srv\n    ports:"),
                BASE.replace("[\"8080:80\"]", "[\"8080:80\", \"9090:90\"]"));
        for (String variant : variants) {
            ServicePlan after = web(variant);
            assertThat(PlanDiff.replaces(web(BASE), after)).as(variant).isTrue();
            assertThat(PlanDiff.reasons(web(BASE), after)).as(variant).isNotEmpty()
                    .doesNotContain("the task definition");
        }
    }
}
