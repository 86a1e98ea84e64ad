package io.mesoscompose.compose;

import static org.assertj.core.api.Assertions.assertThat;

import io.mesoscompose.compose.model.ContainerType;
import io.mesoscompose.compose.model.Gpus;
import io.mesoscompose.compose.model.NetworkMode;
import io.mesoscompose.compose.model.Service;
import io.mesoscompose.compose.model.ServiceNetwork;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/**
 * The Go mesos-compose's fields with their Go meaning (types/types.go, api/compose.go): {@code container_type:
 * none} without an image, {@code deploy.runtime}, {@code gpus: {driver, device}}, {@code network:} beside
 * {@code networks:}.
 */
class GoExtensionsTest {

    private static LoadResult load(String yaml) {
        return ComposeLoader.load(new LoadRequest(List.of(new SourceFile("c.yml", yaml)), Optional.of("p"), Map.of(),
                f -> Optional.empty()));
    }

    private static Service ok(String yaml) {
        LoadResult r = load(yaml);
        assertThat(r.diagnostics().stream().filter(Diagnostic::isError).map(Diagnostic::toString)).isEmpty();
        return r.project().orElseThrow().services().get("s");
    }

    private static List<String> lines(String yaml) {
        return load(yaml).diagnostics().stream().map(Diagnostic::toString).toList();
    }

    @Test
    void containerTypeNoneNeedsNoImageButACommand() {
        Service s = ok("services:\n  s:\n    command: \"sleep 1000\"\n    container_type: none\n");
        assertThat(s.containerType()).contains(ContainerType.NONE);
        assertThat(s.image()).isEmpty();
        assertThat(lines("services:\n  s:\n    container_type: none\n")).containsExactly("c.yml:3:5: error: service"
                + " \"s\": command: container_type none runs no image, so it needs a command (set command: to what the"
                + " agent should run)");
        assertThat(lines("services:\n  s:\n    image: x\n    command: run\n    container_type: NONE\n"))
                .containsExactly("c.yml:3:5: warning: service \"s\": image: ignored: container_type none runs the"
                        + " command with the Mesos command executor on the agent, without a container");
    }

    @Test
    void theOldContainerTypeLabelNoneAlsoNeedsNoImage() {
        Service s = ok("services:\n  s:\n    command: run\n    labels:\n"
                + "      biz.aventer.mesos_compose.container_type: NONE\n");
        assertThat(s.containerType()).contains(ContainerType.NONE);
    }

    @Test
    void deployRuntimeIsKept() {
        assertThat(ok("services:\n  s:\n    image: nginx\n    deploy:\n      runtime: \"runcvm\"\n").runtime())
                .contains("runcvm");
    }

    @Test
    void gpusInTheGoFormAreReadAndComposesFormIsIgnored() {
        assertThat(ok("services:\n  s:\n    image: x\n    gpus:\n      driver: \"nvidia\"\n      device: 1\n").gpus())
                .contains(new Gpus(Gpus.Driver.NVIDIA, OptionalInt.of(1)));
        assertThat(ok("services:\n  s:\n    image: x\n    gpus:\n      driver: amd\n").gpus())
                .contains(new Gpus(Gpus.Driver.AMD, OptionalInt.empty()));
        assertThat(lines("services:\n  s:\n    image: x\n    gpus:\n      driver: intel\n")).containsExactly(
                "c.yml:5:15: error: service \"s\": gpus.driver: \"intel\" is not a GPU driver; expected nvidia or amd");
        assertThat(lines("services:\n  s:\n    image: x\n    gpus: all\n")).singleElement().asString()
                .startsWith("c.yml:4:11: warning: service \"s\": gpus: ignored: compose's gpus (all, or a list of"
                        + " device requests) is not mapped");
    }

    @Test
    void networkBesideNetworksNamesTheNetworkAndNetworksGivesItsAliases() {
        // docs/example/mesos-compose.yml: network: default together with networks: {default: {aliases: [test]}}.
        String yaml = """
                services:
                  s:
                    image: x
                    network: default
                    networks:
                      default:
                        aliases: [test]
                      other: {}
                networks:
                  default:
                    name: mesos-net
                  other: {}
                """;
        LoadResult r = load(yaml);
        assertThat(r.diagnostics()).extracting(Diagnostic::toString).containsExactly("c.yml:6:7: warning: service"
                + " \"s\": networks.other: ignored: network: default names the networks (it takes precedence, as in"
                + " the Go mesos-compose)");
        assertThat(r.project().orElseThrow().services().get("s").networks())
                .containsExactly(new ServiceNetwork("default", List.of("test"), Optional.empty()));
    }

    @Test
    void networkDefaultWithoutATopLevelDefaultIsTheGoUserNetwork() {
        assertThat(ok("services:\n  s:\n    image: x\n    network: default\n").networkMode())
                .contains(NetworkMode.USER);
        // compose's own networks: [default] is the project's default network: nothing forced.
        assertThat(ok("services:\n  s:\n    image: x\n    networks: [default]\n").networkMode()).isEmpty();
        // an explicit network_mode stays.
        assertThat(ok("services:\n  s:\n    image: x\n    network: default\n    network_mode: host\n").networkMode())
                .contains(NetworkMode.HOST);
    }
}
