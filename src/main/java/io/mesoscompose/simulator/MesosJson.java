package io.mesoscompose.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import io.mesoscompose.json.Json;
import io.mesoscompose.simulator.validation.MesosText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.mesos.v1.Protos.Label;
import org.apache.mesos.v1.Protos.Labels;
import org.apache.mesos.v1.Protos.Resource;
import org.apache.mesos.v1.Protos.TaskStatus;
import org.apache.mesos.v1.Protos.Value;

/**
 * The JSON shapes Mesos' operator endpoints share (src/common/http.cpp): resources as a name → value object, tasks,
 * task statuses, labels, and protobufs printed with their field names ({@code JSON::Protobuf}). Pure.
 */
final class MesosJson {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private MesosJson() {}

    static ObjectNode object() {
        return NODES.objectNode();
    }

    /**
     * The protobufs one answer shows, each printed once ({@link #protobuf}) however many times it is shown: equal
     * messages (by value) share one node. The tasks of a service have the same container, discovery, health check
     * and labels, and a task's two statuses the same container ID; printing each again (with protobuf's
     * {@code JsonFormat}, then reading it back) was a third of what {@code /master/frameworks} took at 100,000
     * tasks. A node shown in several places must not be changed.
     */
    static final class Printed {
        private final Map<Message, JsonNode> nodes = new HashMap<>();

        JsonNode of(Message message) {
            return nodes.computeIfAbsent(message, MesosJson::protobuf);
        }
    }

    /** {@code json(writer, Resources)}: cpus, gpus, mem and disk always; other scalars; ranges and sets as text. */
    static ObjectNode resources(List<Resource> resources) {
        Map<String, Double> scalars = new LinkedHashMap<>();
        scalars.put("cpus", 0.0);
        scalars.put("gpus", 0.0);
        scalars.put("mem", 0.0);
        scalars.put("disk", 0.0);
        Map<String, Value.Ranges.Builder> ranges = new LinkedHashMap<>();
        Map<String, Value.Set.Builder> sets = new LinkedHashMap<>();
        for (Resource r : resources) {
            String name = r.getName() + (r.hasRevocable() ? "_revocable" : "");
            switch (r.getType()) {
                case SCALAR -> scalars.merge(name, r.getScalar().getValue(), Double::sum);
                case RANGES -> ranges.computeIfAbsent(name, n -> Value.Ranges.newBuilder())
                        .addAllRange(r.getRanges().getRangeList());
                case SET -> sets.computeIfAbsent(name, n -> Value.Set.newBuilder()).addAllItem(r.getSet().getItemList());
                case TEXT -> { }
            }
        }
        ObjectNode out = object();
        scalars.forEach(out::put);
        ranges.forEach((name, b) -> out.put(name, MesosText.ranges(b.build())));
        sets.forEach((name, b) -> out.put(name, MesosText.set(b.build())));
        return out;
    }

    /** {@code JSON::Protobuf(message)}: the message with its proto field names. */
    static JsonNode protobuf(MessageOrBuilder message) {
        try {
            return Json.MAPPER.readTree(JsonFormat.printer().preservingProtoFieldNames().print(message));
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code json(ArrayWriter, Labels)}: each label as {@code {"key": ..., "value": ...}}. */
    static ArrayNode labels(Labels labels, Printed printed) {
        ArrayNode out = NODES.arrayNode();
        for (Label l : labels.getLabelsList()) {
            out.add(printed.of(l));
        }
        return out;
    }

    /** {@code json(writer, TaskStatus)}. */
    static ObjectNode status(TaskStatus s, Printed printed) {
        ObjectNode out = object();
        out.put("state", s.getState().name());
        out.put("timestamp", s.getTimestamp());
        if (s.hasLabels()) {
            out.set("labels", labels(s.getLabels(), printed));
        }
        if (s.hasContainerStatus()) {
            ObjectNode container = object();
            if (s.getContainerStatus().hasContainerId()) {
                container.set("container_id", printed.of(s.getContainerStatus().getContainerId()));
            }
            if (s.getContainerStatus().getNetworkInfosCount() > 0) {
                ArrayNode networks = container.putArray("network_infos");
                s.getContainerStatus().getNetworkInfosList().forEach(n -> networks.add(printed.of(n)));
            }
            out.set("container_status", container);
        }
        if (s.hasHealthy()) {
            out.put("healthy", s.getHealthy());
        }
        return out;
    }

    /** {@code json(writer, Task)}: a task as the master and the agent list it. */
    static ObjectNode task(SimTask t, Printed printed) {
        ObjectNode out = object();
        out.put("id", t.id());
        out.put("name", t.info.getName());
        out.put("framework_id", t.frameworkId);
        out.put("executor_id", t.info.hasExecutor() ? t.info.getExecutor().getExecutorId().getValue() : "");
        out.put("slave_id", t.agentId);
        out.put("state", t.state().name());
        out.set("resources", resources(t.resources.toList()));
        if (t.info.getLimitsCount() > 0) {
            ObjectNode limits = out.putObject("limits");
            t.info.getLimitsMap().forEach((k, v) -> limits.put(k, v.getValue()));
        }
        out.put("role", t.resources.toList().isEmpty() ? "*"
                : t.resources.toList().get(0).getAllocationInfo().getRole());
        ArrayNode statuses = out.putArray("statuses");
        t.statuses().forEach(s -> statuses.add(status(s, printed)));
        if (t.info.hasLabels()) {
            out.set("labels", labels(t.info.getLabels(), printed));
        }
        if (t.info.hasDiscovery()) {
            out.set("discovery", printed.of(t.info.getDiscovery()));
        }
        if (t.info.hasContainer()) {
            out.set("container", printed.of(t.info.getContainer()));
        }
        if (t.info.hasHealthCheck()) {
            out.set("health_check", printed.of(t.info.getHealthCheck()));
        }
        return out;
    }

    /** Seconds since the epoch, as Mesos' {@code Time::secs()}. */
    static double secs(Instant t) {
        return t.toEpochMilli() / 1000.0;
    }

    static byte[] write(JsonNode node) {
        try {
            return Json.MAPPER.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
