package io.mesoscompose.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.compose.model.Command;
import io.mesoscompose.compose.model.ComposeProject;
import io.mesoscompose.compose.model.Constraint;
import io.mesoscompose.compose.model.ContainerType;
import io.mesoscompose.compose.model.EnvValue;
import io.mesoscompose.compose.model.HealthCheck;
import io.mesoscompose.compose.model.NetworkMode;
import io.mesoscompose.compose.model.PortMapping;
import io.mesoscompose.compose.model.PortMapping.AppProtocol;
import io.mesoscompose.compose.model.RestartPolicy;
import io.mesoscompose.compose.model.Service;
import io.mesoscompose.compose.model.Ulimit;
import io.mesoscompose.compose.model.VolumeMount;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;
import io.mesoscompose.testsupport.ComposeExamples;
import org.junit.jupiter.api.Test;

/**
 * Golden tests: every file of the test resources' compose-examples is either accepted (key fields asserted) or refused with
 * exactly the expected diagnostics. A new file there makes {@link #everyExampleIsCovered()} fail until it has
 * a test here.
 */
class ComposeExamplesTest {

    static LoadResult load(String file) {
        String text = ComposeExamples.text(file);
        return ComposeLoader.load(new LoadRequest(List.of(new SourceFile(file, text)), Optional.of("test"), Map.of(),
                f -> Optional.empty()));
    }

    static List<String> lines(LoadResult r) {
        return r.diagnostics().stream().map(Diagnostic::toString).toList();
    }

    @Test
    void everyExampleIsCovered() {
        assertThat(ComposeExamples.names()).containsExactlyInAnyOrder("seed-example.yaml", "awesome-gitea-postgres.yaml",
                "awesome-elasticsearch-logstash-kibana.yaml", "awesome-nginx-golang-postgres-rabbitmq.yaml");
    }

    @Test
    void seedExampleIsAcceptedWithEveryField() throws IOException {
        LoadResult r = load("seed-example.yaml");
        assertThat(lines(r)).isEmpty();
        ComposeProject p = r.project().orElseThrow();
        Service app = p.services().get("app");
        assertThat(app.image()).isEqualTo("alpine:latest");
        assertThat(app.command()).contains(new Command.StringForm("sleep"));
        assertThat(app.arguments()).containsExactly("1000");
        assertThat(app.shell()).contains(true);
        assertThat(app.restart()).contains(RestartPolicy.of(RestartPolicy.Condition.ALWAYS));
        assertThat(app.volumes()).singleElement().satisfies(v -> {
            assertThat(v.type()).isEqualTo(VolumeMount.Type.VOLUME);
            assertThat(v.source()).contains("12345test");
            assertThat(v.target()).isEqualTo("/tmp");
        });
        assertThat(app.environment()).containsExactly(Map.entry("MYSQL_HOST", new EnvValue.Literal("test")));
        assertThat(app.hostname()).contains("test");
        assertThat(app.containerName()).contains("test");
        assertThat(app.containerType()).contains(ContainerType.DOCKER);
        assertThat(app.mesos().taskName()).contains("mc:test:app1");
        assertThat(app.mesos().executorCommand()).contains("/mnt/mesos/sandbox/my-custom-executor");
        assertThat(app.mesos().fetch()).singleElement().satisfies(f -> {
            assertThat(f.value()).isEqualTo("http://localhost/my-custom-executor");
            assertThat(f.executable()).isTrue();
            assertThat(f.extract()).isFalse();
            assertThat(f.cache()).isFalse();
        });
        assertThat(app.labels()).containsEntry("traefik.enable", "true")
                .containsEntry("traefik.http.routers.test.service", "mc_test_app1_80").hasSize(4);
        assertThat(app.networkMode()).contains(NetworkMode.BRIDGE);
        assertThat(app.networks()).singleElement().satisfies(n -> assertThat(n.name()).isEqualTo("default"));
        assertThat(app.ports()).extracting(PortMapping::containerPort).containsExactly(80, 9090, 81, 82, 82, 82, 82, 82);
        assertThat(app.ports().get(0).hostPort()).isEqualTo(OptionalInt.of(8080));
        assertThat(app.ports().get(1).hostPort()).isEmpty();
        assertThat(app.ports().get(3).protocol()).isEqualTo(PortMapping.Protocol.UDP);
        assertThat(app.ports().subList(4, 8)).extracting(pm -> pm.appProtocol().orElseThrow())
                .containsExactly(AppProtocol.HTTP, AppProtocol.HTTPS, AppProtocol.H2C, AppProtocol.WSS);
        assertThat(app.ulimits()).containsExactly(Map.entry("memlock", new Ulimit(-1, -1)),
                Map.entry("nofile", new Ulimit(65536, 65536)));
        assertThat(app.deploy().constraints()).extracting(Constraint::source).containsExactly(
                "node.hostname==localhost", "node.platform.os==linux", "node.platform.arch==arm", "unique");
        assertThat(app.deploy().constraints().get(1)).isEqualTo(new Constraint.Attribute("os", Constraint.Op.EQ,
                "linux", "node.platform.os==linux", app.deploy().constraints().get(1).position()));
        assertThat(app.deploy().replicas()).isEqualTo(1);
        assertThat(app.deploy().limits().cpus().getAsDouble()).isEqualTo(0.01);
        assertThat(app.deploy().limits().memoryMb().getAsDouble()).isEqualTo(50);
        assertThat(p.networks().get("default").effectiveName()).isEqualTo("weave");
        assertThat(p.networks().get("default").external()).isTrue();
        assertThat(p.networks().get("default").driver()).contains("bridge");
        assertThat(p.volumes().get("12345test").driver()).contains("local");
    }

    @Test
    void giteaIsAccepted() throws IOException {
        LoadResult r = load("awesome-gitea-postgres.yaml");
        assertThat(lines(r)).isEmpty();
        Service gitea = r.project().orElseThrow().services().get("gitea");
        assertThat(gitea.environment()).containsEntry("DB_HOST", new EnvValue.Literal("db:5432")).hasSize(5);
        assertThat(gitea.ports()).singleElement().satisfies(pm -> {
            assertThat(pm.containerPort()).isEqualTo(3000);
            assertThat(pm.hostPort()).hasValue(3000);
        });
        assertThat(r.project().get().services().get("db").expose()).containsExactly(5432);
        assertThat(r.project().get().volumes()).containsOnlyKeys("db_data", "git_data");
    }

    @Test
    void elkIsRefusedForItsRelativeBindMountsOnly() throws IOException {
        LoadResult r = load("awesome-elasticsearch-logstash-kibana.yaml");
        assertThat(r.project()).isEmpty();
        String hint = " (use an absolute path that exists on the agents, or a named volume)";
        assertThat(lines(r)).containsExactly(
                "awesome-elasticsearch-logstash-kibana.yaml:25:9: error: service \"logstash\": volumes[0]:"
                        + " \"./logstash/pipeline/logstash-nginx.config\" is a path relative to the compose file,"
                        + " which does not exist on the Mesos agents" + hint,
                "awesome-elasticsearch-logstash-kibana.yaml:26:9: error: service \"logstash\": volumes[1]:"
                        + " \"./logstash/nginx.log\" is a path relative to the compose file, which does not exist"
                        + " on the Mesos agents" + hint);
    }

    @Test
    void elkParsesEverythingElse() throws IOException {
        String text = ComposeExamples.text("awesome-elasticsearch-logstash-kibana.yaml")
                .replace("./logstash/", "/srv/logstash/");
        LoadResult r = ComposeLoader.load(new LoadRequest(List.of(new SourceFile("elk.yaml", text)),
                Optional.of("elk"), Map.of(), f -> Optional.empty()));
        assertThat(lines(r)).isEmpty();
        ComposeProject p = r.project().orElseThrow();
        Service es = p.services().get("elasticsearch");
        assertThat(es.environment()).containsEntry("discovery.type", new EnvValue.Literal("single-node"));
        assertThat(es.healthcheck().orElseThrow().check()).isEqualTo(new HealthCheck.Check.Command(
                List.of("curl --silent --fail localhost:9200/_cluster/health || exit 1"), true));
        assertThat(es.healthcheck().get().retries()).contains(3);
        Service logstash = p.services().get("logstash");
        assertThat(logstash.ports()).extracting(PortMapping::protocol).containsExactly(PortMapping.Protocol.TCP,
                PortMapping.Protocol.UDP, PortMapping.Protocol.TCP, PortMapping.Protocol.TCP);
        assertThat(logstash.dependsOn()).extracting(d -> d.service()).containsExactly("elasticsearch");
        assertThat(logstash.command()).contains(new Command.StringForm(
                "logstash -f /usr/share/logstash/pipeline/logstash-nginx.config"));
        assertThat(p.networks().get("elastic").driver()).contains("bridge");
    }

    @Test
    void nginxGolangIsRefusedForFileSecretBuildAndRelativeBind() throws IOException {
        LoadResult r = load("awesome-nginx-golang-postgres-rabbitmq.yaml");
        assertThat(r.project()).isEmpty();
        String f = "awesome-nginx-golang-postgres-rabbitmq.yaml";
        assertThat(lines(r)).containsExactly(
                f + ":60:11: error: secrets.db-password.file: a secret file on this machine is not on the Mesos agents"
                        + " (and must not be sent to the framework) (give the secret a Vault source:"
                        + " x-vault: \"secret/data/<path>:<key>\")",
                f + ":4:7: error: service \"backend\": build: a Mesos cluster cannot build images (build and push"
                        + " the image to a registry the agents can reach, then set image:)",
                f + ":47:17: error: service \"proxy\": volumes[0].source: \"./proxy/nginx.conf\" is a path relative"
                        + " to the compose file, which does not exist on the Mesos agents (use an absolute path that"
                        + " exists on the agents, or a named volume)");
    }
}
