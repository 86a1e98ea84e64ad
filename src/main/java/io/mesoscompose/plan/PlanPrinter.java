package io.mesoscompose.plan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;
import io.mesoscompose.compose.Diagnostic;
import io.mesoscompose.compose.model.Constraint;
import io.mesoscompose.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.mesos.v1.Protos.ContainerInfo;
import org.apache.mesos.v1.Protos.Port;
import org.apache.mesos.v1.Protos.TaskInfo;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;

/**
 * Shows a {@link ProjectPlan} to a person or a program: {@code json} (our fields plus each task template in
 * protobuf's JSON mapping, exactly what Mesos will receive apart from IDs, resources and chosen ports),
 * {@code yaml} (the same document), or a {@code table} with one line per service.
 *
 * <p>Secrets cannot leak from here: a plan holds references ({@code vault://path:key}) and never values; they are
 * printed as those references.
 */
public final class PlanPrinter {

    public enum Format {
        JSON, YAML, TABLE;

        /** {@code json}, {@code yaml} or {@code table}, in any case. */
        public static Format parse(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown plan format \"" + name + "\"; use json, yaml or table");
            }
        }
    }

    private PlanPrinter() {}

    public static String render(ProjectPlan plan, PlanSettings settings, Format format) {
        return switch (format) {
            case JSON -> {
                try {
                    yield Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(document(plan, settings)) + "\n";
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    throw new IllegalStateException("a plan document is always serialisable", e);
                }
            }
            case YAML -> new Dump(DumpSettings.builder().setDefaultFlowStyle(FlowStyle.BLOCK).build())
                    .dumpToString(Json.MAPPER.convertValue(document(plan, settings), Object.class));
            case TABLE -> PlanTable.render(plan, settings);
        };
    }

    /** The plan as one JSON tree (the json and yaml formats). */
    public static ObjectNode document(ProjectPlan plan, PlanSettings settings) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("project", plan.project());
        root.put("role", settings.role());
        ArrayNode services = root.putArray("services");
        for (ServicePlan s : plan.services()) {
            ObjectNode o = services.addObject();
            o.put("service", s.service());
            o.put("task_name", s.taskName());
            o.put("replicas", s.replicas());
            o.put("lifecycle", s.lifecycle().name().toLowerCase(Locale.ROOT));
            o.put("restart", restart(s));
            ObjectNode needs = o.putObject("resources");
            needs.put("cpus", s.needs().cpus());
            needs.put("mem", s.needs().memMb());
            needs.put("disk", s.needs().diskMb());
            needs.put("gpus", s.needs().gpus());
            ArrayNode constraints = o.putArray("constraints");
            s.constraints().stream().map(Constraint::source).forEach(constraints::add);
            ArrayNode deps = o.putArray("depends_on");
            s.dependsOn().forEach(d -> deps.addObject().put("service", d.service())
                    .put("condition", d.condition().name().toLowerCase(Locale.ROOT)));
            s.update().ifPresent(u -> o.set("update_config", Json.MAPPER.valueToTree(u)));
            s.rollback().ifPresent(u -> o.set("rollback_config", Json.MAPPER.valueToTree(u)));
            ArrayNode ports = o.putArray("host_ports");
            s.hostPorts().forEach(p -> {
                ObjectNode n = ports.addObject().put("key", p.key());
                if (p.fixed().isPresent()) n.put("fixed", p.fixed().getAsInt()); else n.putNull("fixed");
            });
            ObjectNode secrets = o.putObject("secret_env");
            s.secretEnv().forEach((k, ref) -> secrets.put(k, ref.toString()));
            o.put("fingerprint", s.fingerprint());
            o.set("task_template", protobuf(s.template()));
        }
        ArrayNode warnings = root.putArray("warnings");
        plan.warnings().stream().map(Diagnostic::toString).forEach(warnings::add);
        return root;
    }

    /** A TaskInfo in protobuf's JSON mapping with the .proto field names, as Mesos documents it. */
    public static JsonNode protobuf(TaskInfo t) {
        try {
            return Json.MAPPER.readTree(JsonFormat.printer().preservingProtoFieldNames().print(t));
        } catch (InvalidProtocolBufferException | com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a TaskInfo always has a JSON form", e);
        }
    }

    static String restart(ServicePlan s) {
        StringBuilder r = new StringBuilder(s.restart().condition().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        s.restart().maxAttempts().ifPresent(n -> r.append(':').append(n));
        return r.toString();
    }

    /** The container a template runs in: its own, or its custom executor's. */
    static ContainerInfo container(TaskInfo t) {
        return t.hasContainer() ? t.getContainer() : t.getExecutor().getContainer();
    }

    /** {@code 8080:80/tcp}, {@code *:9090/tcp} (chosen at launch), {@code 8082:82/http}. */
    public static List<String> ports(TaskInfo t) {
        List<String> out = new ArrayList<>();
        for (Port p : t.getDiscovery().getPorts().getPortsList()) {
            String container = p.getLabels().getLabelsList().stream()
                    .filter(l -> l.getKey().equals(Ports.CONTAINER_PORT_LABEL)).map(l -> l.getValue()).findFirst().orElse("?");
            out.add((p.getNumber() == 0 ? "*" : Integer.toString(p.getNumber())) + ":" + container + "/" + p.getProtocol());
        }
        return out;
    }
}
