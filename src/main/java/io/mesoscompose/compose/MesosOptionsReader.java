package io.mesoscompose.compose;

import io.mesoscompose.compose.model.FetchUri;
import io.mesoscompose.compose.model.MesosOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * The {@code mesos:} extension: {@code task_name}, {@code executor: {command, uri}} ({@code executer}, the Go
 * project's README spelling, is accepted too) and {@code fetch[]} with {@code value, executable, extract, cache,
 * output_file} ({@code outputfile}, the name the Go project's decoder reads, too).
 *
 * <p>{@code executor.uri} is where the custom executor is downloaded from (the Go docs' executor.yaml): it is fetched,
 * made executable, into the sandbox before the executor's command runs. Every URI and output file is checked with
 * the Mesos fetcher's rules ({@link FetcherRules}) here, at the field.
 */
final class MesosOptionsReader {

    private static final List<String> KEYS = List.of("task_name", "executer", "executor", "fetch");
    private static final List<String> EXECUTOR_KEYS = List.of("command", "uri");
    private static final List<String> FETCH_KEYS = List.of("value", "executable", "extract", "cache", "output_file",
            "outputfile");

    private MesosOptionsReader() {}

    static MesosOptions read(Node node, Values v) {
        Optional<String>[] taskName = new Optional[] {Optional.empty()};
        Optional<String>[] executor = new Optional[] {Optional.empty()};
        List<FetchUri> executorUri = new ArrayList<>();
        List<FetchUri> fetch = new ArrayList<>();
        v.mapping(node, "mesos").ifPresent(map -> v.each(map, "mesos", KEYS, (key, value, path) -> {
            switch (key) {
                case "task_name" -> taskName[0] = v.string(value, path).filter(s -> !s.isBlank());
                case "executer", "executor" -> v.mapping(value, path).ifPresent(m -> {
                    Node[] uriAt = {null};
                    v.each(m, path, EXECUTOR_KEYS, (k, val, p) -> {
                        if (k.equals("command")) {
                            executor[0] = v.string(val, p).filter(s -> !s.isBlank());
                        } else {
                            uriAt[0] = val;
                            v.string(val, p).filter(s -> !s.isBlank()).filter(u -> validUri(u, false, val, p, v))
                                    .ifPresent(u -> executorUri.add(new FetchUri(u, true, false, false, Optional.empty())));
                        }
                    });
                    if (uriAt[0] != null && executor[0].isEmpty()) {
                        v.error(uriAt[0], path + ".uri", "a downloaded executor needs command: to run it",
                                "e.g. command: /mnt/mesos/sandbox/<the file's name>");
                    }
                });
                default -> fetch.addAll(ServiceReader.readList(value, path, v, (item, f) -> fetchUri(item, f, v)));
            }
        }));
        executorUri.addAll(fetch);
        return new MesosOptions(taskName[0], executor[0], executorUri);
    }

    private static List<FetchUri> fetchUri(Node item, String field, Values v) {
        String[] value = {null};
        Node[] valueAt = {item};
        boolean[] flags = {false, false, false};
        Optional<String>[] output = new Optional[] {Optional.empty()};
        boolean[] valid = {true};
        v.mapping(item, field).ifPresent(m -> v.each(m, field, FETCH_KEYS, (k, val, p) -> {
            switch (k) {
                case "value" -> {
                    value[0] = v.string(val, p).orElse(null);
                    valueAt[0] = val;
                }
                case "executable" -> flags[0] = v.bool(val, p).orElse(false);
                case "extract" -> flags[1] = v.bool(val, p).orElse(false);
                case "cache" -> flags[2] = v.bool(val, p).orElse(false);
                default -> {
                    output[0] = v.string(val, p).or(() -> Optional.of(""));
                    Optional<String> error = FetcherRules.outputFileError(output[0].get());
                    error.ifPresent(e -> v.error(val, p, e, "name a file relative to the sandbox, e.g. bin/tool"));
                    valid[0] &= error.isEmpty();
                }
            }
        }));
        if (value[0] == null || value[0].isBlank()) {
            if (!Values.isNull(item)) {
                v.error(item, field, "a fetch entry needs value: (the URI to download)");
            }
            return List.of();
        }
        if (!validUri(value[0], output[0].isPresent(), valueAt[0], field + ".value", v) || !valid[0]) {
            return List.of();
        }
        if (flags[0] && flags[1]) {
            // src/launcher/fetcher.cpp: an executable download is made executable and never extracted.
            v.warning(item, field + ".extract", "ignored: the Mesos fetcher does not extract an executable download",
                    "set executable: false to extract it");
        }
        return List.of(new FetchUri(value[0], flags[0], flags[1], flags[2], output[0]));
    }

    private static boolean validUri(String uri, boolean hasOutputFile, Node at, String path, Values v) {
        Optional<FetcherRules.Problem> error = FetcherRules.uriError(uri, hasOutputFile);
        error.ifPresent(e -> v.error(at, path, e.message(), e.hint()));
        FetcherRules.uriWarning(uri).ifPresent(w -> v.warning(at, path, w, "use an absolute path or a URL"));
        return error.isEmpty();
    }
}
