package io.mesoscompose.plan;

import com.fasterxml.jackson.databind.JsonNode;
import io.mesoscompose.compose.model.ContainerType;
import io.mesoscompose.compose.model.FetchUri;
import io.mesoscompose.compose.model.MesosOptions;
import io.mesoscompose.compose.model.Service;
import io.mesoscompose.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Older Go mesos-compose versions were configured through labels ({@code biz.aventer.mesos_compose.*}). They are
 * still honoured, but a compose field ({@code container_type}, {@code mesos.*}) always wins. The loader may have
 * folded them already; folding twice changes nothing because the fields then are set.
 */
final class LegacyLabels {
    static final String PREFIX = "biz.aventer.mesos_compose.";

    private LegacyLabels() {}

    static Optional<ContainerType> containerType(Service s, Warnings warnings) {
        if (s.containerType().isPresent()) {
            return s.containerType();
        }
        return label(s, "container_type").flatMap(v -> switch (v.trim().toLowerCase(Locale.ROOT)) {
            case "docker" -> Optional.of(ContainerType.DOCKER);
            case "mesos" -> Optional.of(ContainerType.MESOS);
            case "none" -> Optional.of(ContainerType.NONE);
            default -> {
                warnings.add("labels." + PREFIX + "container_type", "unknown container type \"" + v + "\", ignored",
                        "use docker, mesos or none");
                yield Optional.empty();
            }
        });
    }

    /** The service's mesos options with the legacy labels filling the gaps. */
    static MesosOptions mesos(Service s, Warnings warnings) {
        MesosOptions m = s.mesos();
        Optional<String> taskName = m.taskName().or(() -> label(s, "taskname"));
        Optional<String> executor = m.executorCommand().or(() -> label(s, "executor"));
        List<FetchUri> fetch = m.fetch();
        if (fetch.isEmpty()) {
            fetch = label(s, "executor_uri").map(json -> uris(json, warnings)).orElse(List.of());
        }
        return new MesosOptions(taskName, executor, fetch);
    }

    private static Optional<String> label(Service s, String name) {
        return Optional.ofNullable(s.labels().get(PREFIX + name)).filter(v -> !v.isBlank());
    }

    /** A JSON list of URIs: plain strings, or objects with value/executable/extract/cache as in {@code mesos.fetch}. */
    private static List<FetchUri> uris(String json, Warnings warnings) {
        List<FetchUri> uris = new ArrayList<>();
        try {
            JsonNode root = Json.MAPPER.readTree(json);
            for (JsonNode n : root.isArray() ? root : List.of(root)) {
                if (n.isTextual()) {
                    uris.add(new FetchUri(n.asText(), false, true, false, Optional.empty()));
                } else if (n.hasNonNull("value")) {
                    uris.add(new FetchUri(n.get("value").asText(), n.path("executable").asBoolean(false),
                            n.path("extract").asBoolean(true), n.path("cache").asBoolean(false),
                            Optional.ofNullable(n.get("output_file")).map(JsonNode::asText)));
                } else {
                    throw new IllegalArgumentException("entry without \"value\"");
                }
            }
        } catch (Exception e) {
            warnings.add("labels." + PREFIX + "executor_uri", "not a JSON list of URIs (" + e.getMessage() + "), ignored",
                    "use mesos.fetch instead");
            return List.of();
        }
        return uris;
    }
}
