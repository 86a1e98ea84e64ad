package io.mesoscompose.api.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesoscompose.json.Json;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A JSON value made when first written out, once, and written and read as the value itself. */
class DeferredJsonTest {

    @Test
    void theValueIsMadeWhenFirstWrittenOutAndOnlyOnce() throws Exception {
        AtomicInteger made = new AtomicInteger();
        DeferredJson taskInfo = DeferredJson.of(() -> {
            made.incrementAndGet();
            return Json.MAPPER.createObjectNode().put("name", "mc:shop:web");
        });
        PlannedService web = service(taskInfo);
        assertThat(made).as("made before anything asked for it").hasValue(0);

        JsonNode written = Json.MAPPER.readTree(Json.MAPPER.writeValueAsString(web));
        Json.MAPPER.writeValueAsString(web);

        assertThat(written.get("task_info").get("name").asText()).isEqualTo("mc:shop:web");
        assertThat(made).hasValue(1);
    }

    @Test
    void readBackFromJsonItEqualsTheValueItWasMadeFrom() throws Exception {
        PlannedService web = service(DeferredJson.of(() -> Json.MAPPER.createObjectNode().put("name", "mc:shop:web")));

        PlannedService read = Json.MAPPER.readValue(Json.MAPPER.writeValueAsString(web), PlannedService.class);

        assertThat(read).isEqualTo(web);
        assertThat(read.taskInfo().get()).isEqualTo(Json.MAPPER.createObjectNode().put("name", "mc:shop:web"));
        assertThat(read.taskInfo()).isNotEqualTo(DeferredJson.of(Json.MAPPER.createObjectNode().put("name", "db")));
    }

    private static PlannedService service(DeferredJson taskInfo) {
        return new PlannedService("web", "mc:shop:web", 2, "SERVICE", 0.1, 64, 0, List.of("8080:80/tcp"), List.of(),
                taskInfo);
    }
}
