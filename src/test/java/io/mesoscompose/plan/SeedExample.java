package io.mesoscompose.plan;

import io.mesoscompose.compose.model.Command;
import io.mesoscompose.compose.model.ComposeProject;
import io.mesoscompose.compose.model.Constraint;
import io.mesoscompose.compose.model.ContainerType;
import io.mesoscompose.compose.model.Deploy;
import io.mesoscompose.compose.model.FetchUri;
import io.mesoscompose.compose.model.MesosOptions;
import io.mesoscompose.compose.model.Network;
import io.mesoscompose.compose.model.NetworkMode;
import io.mesoscompose.compose.model.PortMapping;
import io.mesoscompose.compose.model.RestartPolicy;
import io.mesoscompose.compose.model.Service;
import io.mesoscompose.compose.model.ServiceNetwork;
import io.mesoscompose.compose.model.SourcePosition;
import io.mesoscompose.compose.model.Ulimit;
import io.mesoscompose.compose.model.Volume;
import io.mesoscompose.compose.model.VolumeMount;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;

/** The mission's seed compose file, built by hand as the loader would produce it (project "test"). */
final class SeedExample {
    static final SourcePosition POS = new SourcePosition("docker-compose.yml", 1, 1);

    private SeedExample() {}

    static PortMapping port(int container, Integer host, PortMapping.Protocol protocol, PortMapping.AppProtocol app) {
        return new PortMapping(container, host == null ? OptionalInt.empty() : OptionalInt.of(host), protocol,
                Optional.ofNullable(app), Optional.empty(), Optional.empty(), POS);
    }

    static PortMapping tcp(int container, Integer host) {
        return port(container, host, PortMapping.Protocol.TCP, null);
    }

    static Service.Builder app() {
        Map<String, Ulimit> ulimits = new LinkedHashMap<>();
        ulimits.put("memlock", new Ulimit(-1, -1));
        ulimits.put("nofile", new Ulimit(65536, 65536));
        List<Constraint> constraints = List.of(
                new Constraint.Hostname(Constraint.Op.EQ, "localhost", "node.hostname==localhost", POS),
                new Constraint.Attribute("os", Constraint.Op.EQ, "linux", "node.platform.os==linux", POS),
                new Constraint.Attribute("arch", Constraint.Op.EQ, "arm", "node.platform.arch==arm", POS),
                new Constraint.Unique("unique", POS));
        Deploy deploy = new Deploy(Deploy.Mode.REPLICATED, 1,
                new Deploy.Resources(OptionalDouble.of(0.01), OptionalDouble.of(50), OptionalInt.empty()),
                Deploy.Resources.NONE, constraints, Optional.empty(), Map.of());
        return Service.builder("app", "alpine:latest")
                .position(POS)
                .command(new Command.StringForm("sleep"))
                .arguments(List.of("1000"))
                .restart(RestartPolicy.of(RestartPolicy.Condition.ALWAYS))
                .volumes(List.of(new VolumeMount(VolumeMount.Type.VOLUME, Optional.of("12345test"), "/tmp", false, POS)))
                .env("MYSQL_HOST", "test")
                .hostname("test")
                .containerName("test")
                .containerType(ContainerType.DOCKER)
                .shell(true)
                .mesos(new MesosOptions(Optional.of("mc:test:app1"), Optional.of("/mnt/mesos/sandbox/my-custom-executor"),
                        List.of(new FetchUri("http://localhost/my-custom-executor", true, false, false, Optional.empty()))))
                .label("traefik.enable", "true")
                .label("traefik.http.routers.test.entrypoints", "web")
                .label("traefik.http.routers.test.service", "mc_test_app1_80")
                .label("traefik.http.routers.test.rule", "HostRegexp(`example.com`, `{subdomain:[a-z]+}.example.com`)")
                .networkMode(NetworkMode.BRIDGE)
                .ports(List.of(
                        tcp(80, 8080),
                        tcp(9090, null),
                        tcp(81, 8081),
                        port(82, 8082, PortMapping.Protocol.UDP, null),
                        port(82, 8082, PortMapping.Protocol.TCP, PortMapping.AppProtocol.HTTP),
                        port(82, 8082, PortMapping.Protocol.TCP, PortMapping.AppProtocol.HTTPS),
                        port(82, 8082, PortMapping.Protocol.TCP, PortMapping.AppProtocol.H2C),
                        port(82, 8082, PortMapping.Protocol.TCP, PortMapping.AppProtocol.WSS)))
                .networks(List.of(new ServiceNetwork("default", List.of(), Optional.empty())))
                .ulimits(ulimits)
                .deploy(deploy);
    }

    static ComposeProject project(Service... services) {
        Map<String, Service> byName = new LinkedHashMap<>();
        for (Service s : services) {
            byName.put(s.name(), s);
        }
        return new ComposeProject("test", byName,
                Map.of("default", new Network("default", Optional.of("weave"), Optional.of("bridge"), true, Map.of(), Map.of())),
                Map.of("12345test", new Volume("12345test", Optional.empty(), Optional.of("local"), false, Map.of(), Map.of())),
                Map.of(), Map.of());
    }

    static ComposeProject project() {
        return project(app().build());
    }
}
