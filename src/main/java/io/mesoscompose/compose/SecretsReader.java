package io.mesoscompose.compose;

import io.mesoscompose.compose.model.SecretDef;
import io.mesoscompose.compose.model.SecretMount;
import io.mesoscompose.compose.model.VaultRef;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * Secrets. On a cluster only Vault can deliver them: a top-level secret names its Vault source with the extension
 * {@code x-vault: "<path>:<key>"}. {@code file:} (a file on the developer's machine), {@code environment:} (a
 * variable of whoever sends the file, which would then be stored by the framework) and {@code external:} (swarm's
 * secret store) are rejected with a hint. A service's secret appears as the file {@code /run/secrets/<name>} (or
 * {@code target:}).
 */
final class SecretsReader {

    private static final List<String> DEF_KEYS = List.of("file", "environment", "external", "name", "x-vault");
    private static final String HINT = "give the secret a Vault source: x-vault: \"secret/data/<path>:<key>\"";

    private SecretsReader() {}

    static Optional<SecretDef> definition(String key, Node node, Values v) {
        Optional<MappingNode> map = v.mapping(node, "secrets." + key);
        if (map.isEmpty()) {
            v.error(node, "secrets." + key, "a secret needs a source", HINT);
            return Optional.empty();
        }
        Optional<VaultRef>[] vault = new Optional[] {Optional.empty()};
        Optional<String>[] name = new Optional[] {Optional.empty()};
        boolean[] refused = {false};
        // x-vault is this project's extension; Values.each skips x-* keys, so it is looked up directly.
        TreeMerge.get(map.get(), "x-vault").ifPresent(x -> v.string(x, "secrets." + key + ".x-vault").ifPresent(s -> {
            vault[0] = EnvironmentReader.vaultRef(s);
            if (vault[0].isEmpty()) {
                v.error(x, "secrets." + key + ".x-vault", "\"" + s + "\" is not a Vault reference",
                        "expected \"<secret path>:<key>\", e.g. \"secret/data/app:password\"");
                refused[0] = true;
            }
        }));
        v.each(map.get(), "secrets." + key, DEF_KEYS, (k, val, p) -> {
            switch (k) {
                case "name" -> name[0] = v.string(val, p);
                case "external" -> {
                    if (v.bool(val, p).orElse(false)) {
                        v.error(val, p, "external secrets live in a swarm's secret store, which Mesos does not have", HINT);
                        refused[0] = true;
                    }
                }
                case "file" -> {
                    if (vault[0].isEmpty()) {
                        v.error(val, p, "a secret file on this machine is not on the Mesos agents (and must not be"
                                + " sent to the framework)", HINT);
                        refused[0] = true;
                    }
                }
                default -> {
                    if (vault[0].isEmpty()) {
                        v.error(val, p, "a secret from an environment variable would be stored by the framework in"
                                + " clear text", HINT);
                        refused[0] = true;
                    }
                }
            }
        });
        if (vault[0].isEmpty()) {
            if (!refused[0]) {
                v.error(node, "secrets." + key, "the secret has no source", HINT);
            }
            return Optional.empty();
        }
        return Optional.of(new SecretDef(key, Optional.empty(), Optional.empty(), vault[0], false, name[0]));
    }

    static List<SecretMount> mounts(Node node, Values v, Set<String> declared) {
        return ServiceReader.readList(node, "secrets", v, (item, field) -> {
            if (item instanceof MappingNode m) {
                String[] f = {null, null, null, null};
                Optional<Integer>[] mode = new Optional[] {Optional.empty()};
                v.each(m, field, List.of("source", "target", "uid", "gid", "mode"), (k, val, p) -> {
                    switch (k) {
                        case "source" -> f[0] = v.string(val, p).orElse(null);
                        case "target" -> f[1] = v.string(val, p).orElse(null);
                        case "uid" -> f[2] = v.string(val, p).orElse(null);
                        case "gid" -> f[3] = v.string(val, p).orElse(null);
                        default -> mode[0] = v.string(val, p).flatMap(s -> octal(s, val, p, v));
                    }
                });
                if (f[0] == null) {
                    v.error(item, field, "a secret in long syntax needs source:");
                    return List.of();
                }
                return mount(f[0], Optional.ofNullable(f[1]), item, field, v, declared)
                        .map(s -> new SecretMount(s.source(), s.target(), Optional.ofNullable(f[2]),
                                Optional.ofNullable(f[3]), mode[0]))
                        .map(List::of).orElse(List.of());
            }
            return v.string(item, field).flatMap(s -> mount(s, Optional.empty(), item, field, v, declared))
                    .map(List::of).orElse(List.of());
        });
    }

    private static Optional<SecretMount> mount(String source, Optional<String> target, Node at, String field, Values v,
                                               Set<String> declared) {
        if (!declared.contains(source)) {
            v.error(at, field, "secret \"" + source + "\" is not declared under the top-level secrets:",
                    DidYouMean.hint(source, declared).orElse("add it under secrets: at the top level"));
            return Optional.empty();
        }
        String path = target.map(t -> t.startsWith("/") ? t : "/run/secrets/" + t).orElse("/run/secrets/" + source);
        return Optional.of(new SecretMount(source, path, Optional.empty(), Optional.empty(), Optional.empty()));
    }

    private static Optional<Integer> octal(String s, Node at, String field, Values v) {
        try {
            return Optional.of(Integer.parseInt(s.startsWith("0o") ? s.substring(2) : s, 8));
        } catch (NumberFormatException e) {
            v.error(at, field, "\"" + s + "\" is not a file mode; expected octal such as 0440");
            return Optional.empty();
        }
    }
}
