package io.mesoscompose.compose;

import io.mesoscompose.compose.model.Gpus;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * {@code gpus:}. The Go mesos-compose's form is a mapping ({@code driver: nvidia|amd}, {@code device: N}; its
 * types.go {@code GPUs}); compose's own form ({@code all} or a list of device requests) is not mapped: GPUs for
 * Mesos are reserved with {@code deploy.resources.reservations.devices}.
 */
final class GpusReader {

    private static final List<String> KEYS = List.of("driver", "device");

    private GpusReader() {}

    static Optional<Gpus> read(Node value, Values v) {
        if (!(value instanceof MappingNode map)) {
            v.warning(value, "gpus", "ignored: compose's gpus (all, or a list of device requests) is not mapped",
                    "reserve GPUs with deploy.resources.reservations.devices (capabilities: [gpu], count: N), or use"
                            + " the Go mesos-compose's form gpus: {driver: nvidia, device: N}");
            return Optional.empty();
        }
        Optional<Gpus.Driver>[] driver = new Optional[] {Optional.empty()};
        OptionalInt[] device = {OptionalInt.empty()};
        boolean[] named = {false};
        v.each(map, "gpus", KEYS, (k, val, p) -> {
            switch (k) {
                case "driver" -> {
                    named[0] = true;
                    driver[0] = v.string(val, p).flatMap(d -> switch (d.strip().toLowerCase(Locale.ROOT)) {
                        case "nvidia" -> Optional.of(Gpus.Driver.NVIDIA);
                        case "amd" -> Optional.of(Gpus.Driver.AMD);
                        default -> {
                            v.error(val, p, "\"" + d + "\" is not a GPU driver; expected nvidia or amd");
                            yield Optional.empty();
                        }
                    });
                }
                case "device" -> v.integer(val, p, 0, 1024).ifPresent(n -> device[0] = OptionalInt.of(n.intValue()));
                default -> throw new IllegalStateException(k);
            }
        });
        if (!named[0]) {
            v.error(map, "gpus", "gpus needs driver: (nvidia or amd)");
        }
        if (driver[0].filter(d -> d == Gpus.Driver.AMD).isPresent() && device[0].isPresent()) {
            v.warning(map, "gpus.device", "ignored: with driver amd Docker gets every AMD GPU (/dev/kfd, /dev/dri)",
                    null);
        }
        return driver[0].map(d -> new Gpus(d, d == Gpus.Driver.NVIDIA ? device[0] : OptionalInt.empty()));
    }
}
