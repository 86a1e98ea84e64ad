package io.mesoscompose.compose;

import io.mesoscompose.compose.model.FetchUri;
import io.mesoscompose.compose.model.MesosOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * The {@code mesos:} extension: {@code task_name}, {@code executer.command} (the Go project's spelling;
 * {@code executor} is accepted too) and {@code fetch[]} with {@code value, executable, extract, cache,
 * output_file}.
 */
final class MesosOptionsReader {

    private static final List<String> KEYS = List.of("task_name", "executer", "executor", "fetch");
    private static final List<String> FETCH_KEYS = List.of("value", "executable", "extract", "cache", "output_file");

    private MesosOptionsReader() {}

    static MesosOptions read(Node node, Values v) {
        Optional<String>[] taskName = new Optional[] {Optional.empty()};
        Optional<String>[] executor = new Optional[] {Optional.empty()};
        List<FetchUri> fetch = new ArrayList<>();
        v.mapping(node, "mesos").ifPresent(map -> v.each(map, "mesos", KEYS, (key, value, path) -> {
            switch (key) {
                case "task_name" -> taskName[0] = v.string(value, path).filter(s -> !s.isBlank());
                case "executer", "executor" -> v.mapping(value, path).ifPresent(m -> v.each(m, path,
                        List.of("command"), (k, val, p) -> executor[0] = v.string(val, p).filter(s -> !s.isBlank())));
                default -> fetch.addAll(ServiceReader.readList(value, path, v, (item, f) -> fetchUri(item, f, v)));
            }
        }));
        return new MesosOptions(taskName[0], executor[0], fetch);
    }

    private static List<FetchUri> fetchUri(Node item, String field, Values v) {
        String[] value = {null};
        boolean[] flags = {false, false, false};
        Optional<String>[] output = new Optional[] {Optional.empty()};
        v.mapping(item, field).ifPresent(m -> v.each(m, field, FETCH_KEYS, (k, val, p) -> {
            switch (k) {
                case "value" -> value[0] = v.string(val, p).orElse(null);
                case "executable" -> flags[0] = v.bool(val, p).orElse(false);
                case "extract" -> flags[1] = v.bool(val, p).orElse(false);
                case "cache" -> flags[2] = v.bool(val, p).orElse(false);
                default -> output[0] = v.string(val, p);
            }
        }));
        if (value[0] == null || value[0].isBlank()) {
            if (!Values.isNull(item)) {
                v.error(item, field, "a fetch entry needs value: (the URI to download)");
            }
            return List.of();
        }
        return List.of(new FetchUri(value[0], flags[0], flags[1], flags[2], output[0]));
    }
}
