package io.mesoscompose.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.compose.model.Command;
import io.mesoscompose.compose.model.Constraint;
import io.mesoscompose.compose.model.Dependency;
import io.mesoscompose.compose.model.EnvValue;
import io.mesoscompose.compose.model.HealthCheck;
import io.mesoscompose.compose.model.PortMapping;
import io.mesoscompose.compose.model.RestartPolicy;
import io.mesoscompose.compose.model.Service;
import io.mesoscompose.compose.model.VaultRef;
import io.mesoscompose.compose.model.VolumeMount;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One test per field family: what each accepted form becomes, and the exact message for each refused one. */
class ServiceFieldsTest {

    /** Loads a project whose service "s" has the given fields (YAML indented under the service). */
    static LoadResult service(String fields) {
        return service(fields, "");
    }

    static LoadResult service(String fields, String topLevel) {
        String yaml = "services:\n  s:\n    image: i\n" + fields.indent(4) + topLevel;
        return ComposeLoader.load(new LoadRequest(List.of(new SourceFile("c.yml", yaml)), Optional.of("p"),
                Map.of("FROM_ENV", "e"), f -> f.equals("app.env") ? Optional.of("A=1\nB=2\n") : Optional.empty()));
    }

    static Service ok(String fields) {
        return ok(fields, "");
    }

    static Service ok(String fields, String topLevel) {
        LoadResult r = service(fields, topLevel);
        assertThat(r.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::toString)).isEmpty();
        return r.project().orElseThrow().services().get("s");
    }

    static String onlyError(String fields) {
        LoadResult r = service(fields);
        assertThat(r.project()).isEmpty();
        List<Diagnostic> errors = r.diagnostics().stream().filter(Diagnostic::isError).toList();
        assertThat(errors).hasSize(1);
        return errors.get(0).toString();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "imgae: x|c.yml:4:5: error: service \"s\": imgae: unknown field \"imgae\" (did you mean `image`?)",
            "comand: x|c.yml:4:5: error: service \"s\": comand: unknown field \"comand\" (did you mean `command`?)",
            "restart: sometimes|c.yml:4:14: error: service \"s\": restart: \"sometimes\" is not a restart policy; expected no, always, on-failure, on-failure:N or unless-stopped",
            "network_mode: service:db|c.yml:4:19: error: service \"s\": network_mode: \"service:db\": sharing another container's network is not possible between Mesos tasks (put both services on the same named network)",
            "container_type: rkt|c.yml:4:21: error: service \"s\": container_type: \"rkt\" is not a container type; expected docker, mesos (UCR) or none",
            "extends: base|c.yml:4:14: error: service \"s\": extends: cannot extend service \"s\": service \"base\" is not in c.yml",
            "volumes_from: [a]|c.yml:4:5: error: service \"s\": volumes_from: not supported: Mesos tasks cannot share another task's volumes; use a named volume in both services",
            "'ports: [\"8080:abc\"]'|c.yml:4:13: error: service \"s\": ports[0]: \"8080:abc\": \"abc\" is not a container port or range (1-65535) (expected [host_ip:][host_port:]container_port[/protocol], e.g. \"8080:80\", \"9090\", \"8082:82/udp\", \"8000-8010:8000-8010\"; protocol is tcp, udp, http, https, h2c or wss)",
            "'ports: [\"80/sctp\"]'|c.yml:4:13: error: service \"s\": ports[0]: sctp ports are not supported by Mesos port resources; use tcp or udp",
            "'ports: [\"8000-8002:80-81\"]'|c.yml:4:13: error: service \"s\": ports[0]: \"8000-8002:80-81\" maps 3 host ports to 2 container ports (give ranges of the same length, one container port with a host range (any free port of it), or leave the host port out)",
            "'volumes: [\"data:/d\"]'|c.yml:4:15: error: service \"s\": volumes[0]: volume \"data\" is not declared under the top-level volumes: (add it under volumes: at the top level)",
            "'volumes: [\"/a:b\"]'|c.yml:4:15: error: service \"s\": volumes[0]: the container path \"b\" is not absolute",
            "'volumes: [\"/a:/b:rx\"]'|c.yml:4:15: error: service \"s\": volumes[0]: \"rx\" is not a volume mode; expected ro or rw (also z, Z, nocopy, or a propagation such as rshared)",
            "ulimits: {nofiles: 10}|c.yml:4:15: error: service \"s\": ulimits.nofiles: \"nofiles\" is not a ulimit (did you mean `nofile`?)",
            "ulimits: {nofile: {soft: 20, hard: 10}}|c.yml:4:23: error: service \"s\": ulimits.nofile: the soft limit 20 is above the hard limit 10",
            "cap_add: [NET_ADMN]|c.yml:4:14: error: service \"s\": cap_add: \"NET_ADMN\" is not a Linux capability (did you mean `NET_ADMIN`?)",
            "deploy: {replicas: -1}|c.yml:4:24: error: service \"s\": deploy.replicas: -1 is out of range; expected 0 to 100000",
            "deploy: {mode: global}|c.yml:4:20: error: service \"s\": deploy.mode: global mode (one task on every node) is not supported: Mesos offers no fixed node list (use replicas: N with the constraint unique)",
            "deploy: {placement: {constraints: [node.role==manager]}}|c.yml:4:40: error: service \"s\": deploy.placement.constraints[0]: \"node.role\" is a swarm concept with no Mesos equivalent (expected node.hostname==NAME, node.hostname!=NAME, node.platform.os==OS, node.platform.arch==ARCH, node.labels.ATTRIBUTE==VALUE, or unique)",
            "deploy: {placement: {constraints: [node.hostnme==a]}}|c.yml:4:40: error: service \"s\": deploy.placement.constraints[0]: \"node.hostnme\" is not a placement attribute (did you mean `node.hostname`?)",
            "deploy: {resources: {limits: {memory: 1x}}}|c.yml:4:43: error: service \"s\": deploy.resources.limits.memory: \"1x\" is not a memory size; expected MB as a bare number (50) or a number with a unit b, k, m or g (e.g. 512m, 1g)",
            "deploy: {replica: 2}|c.yml:4:14: error: service \"s\": deploy.replica: unknown field \"replica\" in deploy (did you mean `replicas`?)",
            "healthcheck: {test: [CMD]}|c.yml:4:25: error: service \"s\": healthcheck.test: [\"CMD\"] needs the command after it",
            "healthcheck: {interval: 10s}|c.yml:4:18: error: service \"s\": healthcheck: a health check needs test: (or the Mesos form command:, http: or tcp:) (or set disable: true)",
            "depends_on: [s]|c.yml:4:17: error: service \"s\": depends_on: a service cannot depend on itself",
            "environment: {PW: 'vault://nokey'}|c.yml:4:18: error: service \"s\": environment.PW: \"vault://nokey\" is not a Vault reference (expected vault://<secret path>:<key>, e.g. vault://secret/data/m3s/test:password)",
            "env_file: missing.env|c.yml:4:15: error: service \"s\": env_file: \"missing.env\" cannot be read here (files next to the compose file are not sent to the framework) (put the variables under environment:, run the command where the file is, or mark it required: false)",
            "networks: [back]|c.yml:4:15: error: service \"s\": networks: network \"back\" is not declared under the top-level networks: (add it under networks: at the top level)",
            "mesos: {task_nme: x}|c.yml:4:13: error: service \"s\": mesos.task_nme: unknown field \"task_nme\" in mesos (did you mean `task_name`?)",
            "mesos: {fetch: [{executable: true}]}|c.yml:4:21: error: service \"s\": mesos.fetch[0]: a fetch entry needs value: (the URI to download)",
            "stop_grace_period: soon|c.yml:4:24: error: service \"s\": stop_grace_period: \"soon\" is not a duration; expected e.g. 10s, 1m30s, 500ms or 1h",
            "privileged: maybe|c.yml:4:17: error: service \"s\": privileged: \"maybe\" is not a boolean; expected true or false",
    })
    void refusedWithExactMessage(String fields, String expected) {
        assertThat(onlyError(fields)).isEqualTo(expected);
    }

    @Test
    void scaleContradictingReplicas() {
        assertThat(onlyError("scale: 2\ndeploy: {replicas: 3}")).isEqualTo(
                "c.yml:4:12: error: service \"s\": scale: scale: 2 contradicts deploy.replicas: 3 (keep one of them)");
    }

    @Test
    void missingImageAndBuild() {
        LoadResult r = ComposeLoader.load(new LoadRequest(List.of(new SourceFile("c.yml",
                "services:\n  a:\n    command: x\n  b:\n    build: .\n")), Optional.of("p"), Map.of(), f -> Optional.empty()));
        assertThat(r.diagnostics()).map(Diagnostic::toString).containsExactly(
                "c.yml:3:5: error: service \"a\": image: the service has no image (set image: to the container image to run, or container_type: none to run a command on the agent)",
                "c.yml:5:12: error: service \"b\": build: a Mesos cluster cannot build images (build and push the image"
                        + " to a registry the agents can reach, then set image:)");
    }

    @Test
    void ignoredFieldsAreWarningsAndTheProjectLoads() {
        LoadResult r = service("cpu_shares: 512\nbuild: .\n");
        assertThat(r.project()).isPresent();
        assertThat(r.diagnostics()).map(Diagnostic::toString).containsExactly(
                "c.yml:4:5: warning: service \"s\": cpu_shares: ignored: Mesos derives CPU shares from cpus; use cpus or deploy.resources.limits.cpus",
                "c.yml:5:12: warning: service \"s\": build: ignored: the cluster pulls the image; build and push it first");
    }

    @Test
    void aDependencyOnAServiceTheFileDoesNotHaveIsDroppedWithAWarning() {
        // The Go mesos-compose ignores depends_on; its docs/example/graylog.yaml depends on a missing service.
        LoadResult r = service("depends_on: [nope]");
        assertThat(r.project().orElseThrow().services().get("s").dependsOn()).isEmpty();
        assertThat(r.diagnostics()).extracting(Diagnostic::toString).containsExactly("c.yml:4:17: warning: service"
                + " \"s\": depends_on: ignored: depends on \"nope\", which is not a service of this project");
    }

    @Test
    void portsShortAndLong() {
        Service s = ok("""
                ports:
                  - 9090
                  - "0:6379"
                  - "127.0.0.1:8000-8001:80-81/udp"
                  - {target: 443, published: "8443", app_protocol: https, name: web}
                """);
        assertThat(s.ports()).extracting(PortMapping::containerPort).containsExactly(9090, 6379, 80, 81, 443);
        assertThat(s.ports().get(0).hostPort()).isEmpty();
        assertThat(s.ports().get(1).hostPort()).isEmpty();
        assertThat(s.ports().get(2).hostPort()).isEqualTo(OptionalInt.of(8000));
        assertThat(s.ports().get(3).hostPort()).isEqualTo(OptionalInt.of(8001));
        assertThat(s.ports().get(3).hostIp()).contains("127.0.0.1");
        assertThat(s.ports().get(3).protocol()).isEqualTo(PortMapping.Protocol.UDP);
        assertThat(s.ports().get(4).appProtocol()).contains(PortMapping.AppProtocol.HTTPS);
        assertThat(s.ports().get(4).name()).contains("web");
    }

    @Test
    void volumesBindNamedTmpfsAndLongSyntax() {
        Service s = ok("""
                volumes:
                  - /srv/data:/data:ro
                  - cache:/cache
                  - /anon
                  - {type: tmpfs, target: /tmp}
                  - {type: bind, source: /etc/x, target: /x, read_only: true}
                """, "volumes:\n  cache:\n");
        assertThat(s.volumes()).extracting(VolumeMount::type).containsExactly(VolumeMount.Type.BIND,
                VolumeMount.Type.VOLUME, VolumeMount.Type.VOLUME, VolumeMount.Type.TMPFS, VolumeMount.Type.BIND);
        assertThat(s.volumes().get(0).readOnly()).isTrue();
        assertThat(s.volumes().get(1).source()).contains("cache");
        assertThat(s.volumes().get(2).source()).isEmpty();
        assertThat(s.volumes().get(4).readOnly()).isTrue();
    }

    @Test
    void environmentListMapEnvFileBareNamesAndVault() {
        Service s = ok("""
                env_file: app.env
                environment:
                  - B=3
                  - FROM_ENV
                  - UNSET_ONE
                  - 'Q="quoted"'
                  - PW=vault://secret/data/m3s/test:test1
                """);
        assertThat(s.environment()).containsExactly(
                Map.entry("A", new EnvValue.Literal("1")), Map.entry("B", new EnvValue.Literal("3")),
                Map.entry("FROM_ENV", new EnvValue.Literal("e")), Map.entry("Q", new EnvValue.Literal("\"quoted\"")),
                Map.entry("PW", new EnvValue.Vault(new VaultRef("secret/data/m3s/test", "test1"))));
    }

    @Test
    void commandForms() {
        assertThat(ok("command: [\"a\", \"b c\"]").command()).contains(new Command.ExecForm(List.of("a", "b c")));
        assertThat(ok("entrypoint: /bin/run --x").entrypoint()).contains(new Command.StringForm("/bin/run --x"));
    }

    @Test
    void restartAndDeployRestartPolicy() {
        assertThat(ok("restart: on-failure:3").restart()).contains(new RestartPolicy(
                RestartPolicy.Condition.ON_FAILURE, OptionalInt.of(3), Optional.empty(), Optional.empty()));
        assertThat(ok("restart: always\ndeploy: {restart_policy: {condition: none}}").restart().orElseThrow().condition())
                .isEqualTo(RestartPolicy.Condition.NO);
        assertThat(ok("restart: \"no\"").restart().orElseThrow().condition()).isEqualTo(RestartPolicy.Condition.NO);
    }

    @Test
    void resourcesShortcutsAndUnits() {
        Service s = ok("cpus: 0.5\nmem_limit: 1g\nmem_reservation: 512m\nscale: 3");
        assertThat(s.deploy().limits().cpus().getAsDouble()).isEqualTo(0.5);
        assertThat(s.deploy().limits().memoryMb().getAsDouble()).isEqualTo(1024);
        assertThat(s.deploy().reservations().memoryMb().getAsDouble()).isEqualTo(512);
        assertThat(s.deploy().replicas()).isEqualTo(3);
        Service g = ok("deploy: {resources: {reservations: {devices: [{capabilities: [gpu], count: 2}]}}}");
        assertThat(g.deploy().reservations().gpus()).hasValue(2);
    }

    @Test
    void placementConstraintsAndAttributes() {
        Service s = ok("deploy: {placement: {constraints: [\"node.hostname != a\", \"node.labels.rack==r1\"],"
                + " attributes: [\"gpu: True\"], max_replicas_per_node: 1}}");
        assertThat(s.deploy().constraints()).hasSize(4);
        assertThat(s.deploy().constraints().get(0)).isInstanceOfSatisfying(Constraint.Hostname.class,
                h -> assertThat(h.op()).isEqualTo(Constraint.Op.NE));
        assertThat(s.deploy().constraints().get(1)).isInstanceOfSatisfying(Constraint.Attribute.class,
                a -> assertThat(a.name() + "=" + a.value()).isEqualTo("rack=r1"));
        assertThat(s.deploy().constraints().get(2)).isInstanceOfSatisfying(Constraint.Attribute.class,
                a -> assertThat(a.name() + "=" + a.value()).isEqualTo("gpu=True"));
        assertThat(s.deploy().constraints().get(3)).isInstanceOf(Constraint.Unique.class);
    }

    @Test
    void healthcheckComposeAndMesosForms() {
        HealthCheck h = ok("healthcheck: {test: [CMD, pg_isready], interval: 10s, timeout: 5s, retries: 5}")
                .healthcheck().orElseThrow();
        assertThat(h.check()).isEqualTo(new HealthCheck.Check.Command(List.of("pg_isready"), false));
        assertThat(h.interval()).contains(Duration.ofSeconds(10));
        HealthCheck m = ok("healthcheck: {command: {value: \"mysqladmin ping -h localhost\"}}").healthcheck().orElseThrow();
        assertThat(m.check()).isEqualTo(new HealthCheck.Check.Command(List.of("mysqladmin ping -h localhost"), true));
        assertThat(ok("healthcheck: {http: {port: 8080, path: /health}}").healthcheck().orElseThrow().check())
                .isEqualTo(new HealthCheck.Check.Http(8080, "/health", "http"));
        assertThat(ok("healthcheck: {test: [NONE]}").healthcheck()).isEmpty();
    }

    @Test
    void dependsOnLongFormAndCycles() {
        LoadResult ok = ComposeLoader.load(new LoadRequest(List.of(new SourceFile("c.yml", """
                services:
                  a: {image: i, depends_on: {b: {condition: service_healthy}}}
                  b: {image: i}
                """)), Optional.of("p"), Map.of(), f -> Optional.empty()));
        assertThat(ok.project().orElseThrow().services().get("a").dependsOn())
                .containsExactly(new Dependency("b", Dependency.Condition.HEALTHY, false, true));
        LoadResult cycle = ComposeLoader.load(new LoadRequest(List.of(new SourceFile("c.yml", """
                services:
                  a: {image: i, depends_on: [b]}
                  b: {image: i, depends_on: [a]}
                """)), Optional.of("p"), Map.of(), f -> Optional.empty()));
        assertThat(cycle.diagnostics()).map(Diagnostic::toString).containsExactly(
                "c.yml:2:6: error: service \"a\": depends_on: dependency cycle: a → b → a (remove one of these depends_on entries)");
    }

    @Test
    void vaultSecretsAndLegacyLabels() {
        Service s = ok("secrets: [db]\nlabels:\n  biz.aventer.mesos_compose.container_type: mesos\n"
                + "  biz.aventer.mesos_compose.taskname: mc:x\n"
                + "  biz.aventer.mesos_compose.executor_uri: '[\"http://h/e\"]'",
                "secrets:\n  db:\n    x-vault: secret/data/app:password\n");
        assertThat(s.secrets()).singleElement().satisfies(m -> assertThat(m.target()).isEqualTo("/run/secrets/db"));
        assertThat(s.containerType()).contains(io.mesoscompose.compose.model.ContainerType.MESOS);
        assertThat(s.mesos().taskName()).contains("mc:x");
        assertThat(s.mesos().fetch()).singleElement().satisfies(f -> assertThat(f.value()).isEqualTo("http://h/e"));
    }

    @Test
    void everyMappedFieldHasAReader() {
        for (String field : KnownFields.SERVICE_MAPPED) {
            LoadResult r = service(field + ": ~\n");
            assertThat(r.diagnostics()).as(field).noneSatisfy(d -> assertThat(d.message())
                    .contains("could not be loaded"));
        }
    }

    @Test
    void allErrorsOfAFileAreReportedTogether() {
        LoadResult r = service("imgae: x\nrestart: nope\nports: [\"x\"]\n");
        assertThat(r.diagnostics().stream().filter(Diagnostic::isError)).hasSize(3);
    }
}
