package io.mesoscompose.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.protobuf.util.JsonFormat;
import io.mesoscompose.compose.model.EnvValue;
import io.mesoscompose.compose.model.VaultRef;
import io.mesoscompose.json.Json;
import java.util.Map;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

class PlanPrinterTest {
    private final PlanSettings settings = PlanSettings.defaults();
    private final ProjectPlan plan = Planner.plan(SeedExample.project(SeedExample.app()
            .environment(Map.of("DB_PASSWORD", new EnvValue.Vault(new VaultRef("secret/data/m3s/test", "test1"))))
            .build()), settings);

    @Test
    void jsonHasOurFieldsAndTheTemplateMesosWillReceive() throws Exception {
        JsonNode root = Json.MAPPER.readTree(PlanPrinter.render(plan, settings, PlanPrinter.Format.JSON));
        assertThat(root.path("project").asText()).isEqualTo("test");
        JsonNode app = root.path("services").get(0);
        assertThat(app.path("task_name").asText()).isEqualTo("mc:test:app1");
        assertThat(app.path("restart").asText()).isEqualTo("always");
        assertThat(app.path("lifecycle").asText()).isEqualTo("service");
        assertThat(app.path("resources").path("cpus").asDouble()).isEqualTo(0.01);
        assertThat(app.path("constraints")).hasSize(4);
        assertThat(app.path("host_ports").get(1).path("key").asText()).isEqualTo("9090/tcp");
        assertThat(app.path("host_ports").get(1).path("fixed").isNull()).isTrue();
        assertThat(app.path("secret_env").path("DB_PASSWORD").asText()).isEqualTo("vault://secret/data/m3s/test:test1");
        assertThat(app.path("fingerprint").asText()).isEqualTo(plan.services().get(0).fingerprint());
        TaskInfo.Builder parsed = TaskInfo.newBuilder();
        JsonFormat.parser().merge(Json.MAPPER.writeValueAsString(app.path("task_template")), parsed);
        assertThat(parsed.build()).isEqualTo(plan.services().get(0).template());
    }

    @Test
    void yamlIsTheSameDocument() throws Exception {
        Object yaml = new Load(LoadSettings.builder().build())
                .loadFromString(PlanPrinter.render(plan, settings, PlanPrinter.Format.YAML));
        JsonNode fromYaml = Json.MAPPER.valueToTree(yaml);
        assertThat(fromYaml).isEqualTo(Json.MAPPER.readTree(PlanPrinter.render(plan, settings, PlanPrinter.Format.JSON)));
    }

    @Test
    void tableHasOneAlignedLinePerService() {
        String table = PlanPrinter.render(plan, settings, PlanPrinter.Format.TABLE);
        String[] lines = table.split("\n");
        assertThat(lines[0]).isEqualTo("project test (role mc)");
        assertThat(lines[1]).startsWith("SERVICE").contains("TASK NAME", "PORTS", "EXECUTOR");
        assertThat(lines[2]).startsWith("app").contains("mc:test:app1", "docker", "alpine:latest", "bridge",
                "*:80/tcp,*:9090/tcp,*:81/tcp,*:82/udp,*:82/http", "0.01", "50", "1000",
                "node.hostname==localhost,node.platform.os==linux,node.platform.arch==arm,unique", "always",
                "http://localhost/my-custom-executor", "my-custom-executor");
        assertThat(lines[2].indexOf("mc:test:app1")).isEqualTo(lines[1].indexOf("TASK NAME"));
        assertThat(table).doesNotContain("DB_PASSWORD");
    }

    @Test
    void formatNames() {
        assertThat(PlanPrinter.Format.parse(" Table ")).isEqualTo(PlanPrinter.Format.TABLE);
        assertThatThrownBy(() -> PlanPrinter.Format.parse("xml")).hasMessageContaining("json, yaml or table");
    }
}
