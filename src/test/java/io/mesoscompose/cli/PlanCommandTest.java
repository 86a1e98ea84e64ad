package io.mesoscompose.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesoscompose.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The acceptance check: {@code plan} on the user's example, with no cluster. */
class PlanCommandTest {

    @Test
    void seedExampleAsTable() {
        CliRun run = CliRun.of("plan", "-f", ValidateCommandTest.SEED.toString(), "-p", "test");
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("mc:test:app1", "docker", "alpine:latest", "bridge", "*:80/tcp",
                "*:82/udp", "*:82/wss", "0.01", "50", "node.hostname==localhost", "node.platform.os==linux",
                "node.platform.arch==arm", "unique", "http://localhost/my-custom-executor");
    }

    @Test
    void seedExampleAsJsonIsTheMesosTaskInfo() throws Exception {
        CliRun run = CliRun.of("plan", "-f", ValidateCommandTest.SEED.toString(), "-p", "test", "--format", "json");
        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode doc = Json.MAPPER.readTree(run.out());
        JsonNode docker = doc.findValue("docker");
        assertThat(docker.get("network").asText()).isEqualTo("BRIDGE");
        // Host ports are picked at launch from PORTRANGE_FROM..PORTRANGE_TO, as in the Go mesos-compose.
        assertThat(docker.get("port_mappings").findValues("container_port").toString()).contains("80", "81", "82");
        assertThat(docker.get("port_mappings").findValues("host_port").toString()).isEqualTo("[0, 0, 0, 0, 0]");
        assertThat(docker.get("parameters").toString()).contains("memlock=-1:-1", "nofile=65536:65536");
        assertThat(doc.findValue("resources").toString()).contains("\"cpus\":0.01", "\"mem\":50.0");
        assertThat(doc.findValue("constraints")).hasSize(4);
        assertThat(doc.findValue("executor").findValue("uris").toString()).contains("http://localhost/my-custom-executor");
        assertThat(doc.findValue("executor").findValue("command").get("value").asText()).contains("/mnt/mesos/sandbox/my-custom-executor");
        assertThat(doc.findValue("discovery").findValues("name").toString()).contains("mc_test_app1_80");
    }

    @Test
    void invalidFileExitsOneWithErrors(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("c.yml");
        Files.writeString(file, "services:\n  a:\n    image: x\n    restart: sometimes\n");
        CliRun run = CliRun.of("plan", "-f", file.toString());
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).contains(":4:14: error: service \"a\": restart:");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void unknownFormatIsOneLine() {
        CliRun run = CliRun.of("plan", "-f", ValidateCommandTest.SEED.toString(), "--format", "xml");
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("unknown plan format \"xml\"; use json, yaml or table");
    }
}
