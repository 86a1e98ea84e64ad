package io.mesoscompose.compose;

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
 * Older versions of the Go mesos-compose were configured through labels {@code biz.aventer.mesos_compose.*}
 * ({@code container_type}, {@code executor}, {@code executor_uri} as a JSON list of URIs, {@code taskname}).
 * They still work; the compose fields win where both are given.
 */
final class LegacyLabels {

    static final String PREFIX = "biz.aventer.mesos_compose.";

    private LegacyLabels() {}

    static Service fold(Service s, Values v) {
        String type = s.labels().get(PREFIX + "container_type");
        String executor = s.labels().get(PREFIX + "executor");
        String uris = s.labels().get(PREFIX + "executor_uri");
        String taskName = s.labels().get(PREFIX + "taskname");
        if (type == null && executor == null && uris == null && taskName == null) {
            return s;
        }
        Service.Builder b = s.toBuilder();
        if (type != null && s.containerType().isEmpty()) {
            switch (type.toLowerCase(Locale.ROOT)) {
                case "docker" -> b.containerType(ContainerType.DOCKER);
                case "mesos" -> b.containerType(ContainerType.MESOS);
                case "none" -> b.containerType(ContainerType.NONE);
                default -> v.d.add(Diagnostic.Severity.ERROR, s.position(), s.name(), "labels." + PREFIX + "container_type",
                        "\"" + type + "\" is not a container type; expected docker, mesos or none", null);
            }
        }
        MesosOptions m = s.mesos();
        List<FetchUri> fetch = new ArrayList<>(m.fetch());
        if (uris != null && fetch.isEmpty()) {
            try {
                for (String uri : Json.MAPPER.readValue(uris, String[].class)) {
                    fetch.add(new FetchUri(uri, false, true, false, Optional.empty()));
                }
            } catch (java.io.IOException e) {
                v.d.add(Diagnostic.Severity.ERROR, s.position(), s.name(), "labels." + PREFIX + "executor_uri",
                        "expected a JSON list of URIs, e.g. [\"http://host/executor\"]", null);
            }
        }
        b.mesos(new MesosOptions(m.taskName().or(() -> Optional.ofNullable(taskName)),
                m.executorCommand().or(() -> Optional.ofNullable(executor)), fetch));
        return b.build();
    }
}
