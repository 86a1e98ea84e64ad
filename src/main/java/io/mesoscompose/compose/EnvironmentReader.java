package io.mesoscompose.compose;

import io.mesoscompose.compose.model.EnvValue;
import io.mesoscompose.compose.model.VaultRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * A service's environment: {@code env_file:} first, then {@code environment:} on top (as docker compose). A name
 * without a value takes it from the variables the files were loaded with, and is left out when unset. A value
 * {@code vault://<path>:<key>} is a Vault reference, resolved only when the task launches.
 */
final class EnvironmentReader {

    static final String VAULT_PREFIX = "vault://";

    private EnvironmentReader() {}

    /** One {@code env_file} entry: a path, or the long syntax {@code path}, {@code required}, {@code format}. */
    private record EnvFile(String path, boolean required, boolean raw, Node at) {}

    static void envFiles(Node node, Values v, ReadContext ctx, Map<String, EnvValue> into) {
        Map<String, String> earlier = new LinkedHashMap<>();
        for (EnvFile f : entries(node, v)) {
            Optional<String> text = ctx.readFile().apply(f.path());
            if (text.isEmpty()) {
                if (f.required()) {
                    v.error(f.at(), "env_file", "\"" + f.path() + "\" cannot be read here (files next to the compose"
                            + " file are not sent to the framework)", "put the variables under environment:, run the"
                            + " command where the file is, or mark it required: false");
                } else {
                    v.warning(f.at(), "env_file", "\"" + f.path() + "\" was not found; skipped (required: false)",
                            null);
                }
                continue;
            }
            try {
                Map<String, String> vars = f.raw() ? DotEnv.parseRaw(text.get(), ctx.environment())
                        : DotEnv.parse(text.get(), ctx.environment(), earlier);
                earlier.putAll(vars);
                vars.forEach((k, val) -> into.put(k, value(k, val, f.at(), v)));
            } catch (IllegalArgumentException e) {
                v.error(f.at(), "env_file", f.path() + ": " + e.getMessage());
            }
        }
    }

    private static List<EnvFile> entries(Node node, Values v) {
        List<EnvFile> out = new ArrayList<>();
        List<Node> items = node instanceof SequenceNode seq ? seq.getValue() : List.of(node);
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String field = node instanceof SequenceNode ? "env_file[" + i + "]" : "env_file";
            if (item instanceof MappingNode m) {
                String[] path = {null};
                boolean[] required = {true};
                boolean[] raw = {false};
                v.each(m, field, List.of("path", "required", "format"), (k, val, p) -> {
                    switch (k) {
                        case "path" -> path[0] = v.string(val, p).orElse(null);
                        case "required" -> required[0] = v.bool(val, p).orElse(true);
                        default -> raw[0] = format(val, p, v);
                    }
                });
                if (path[0] == null) {
                    v.error(m, field, "an env_file entry needs path:");
                } else {
                    out.add(new EnvFile(path[0], required[0], raw[0], m));
                }
            } else {
                v.string(item, field).ifPresent(path -> out.add(new EnvFile(path, true, false, item)));
            }
        }
        return out;
    }

    /** {@code raw} (docker's --env-file syntax) or the default {@code .env} rules. */
    private static boolean format(Node val, String field, Values v) {
        String format = v.string(val, field).orElse("");
        if (!format.isEmpty() && !format.equals("raw") && !format.equals(".env")) {
            v.error(val, field, "unsupported env_file format \"" + format + "\"; expected raw, or none for the"
                    + " .env rules");
        }
        return format.equals("raw");
    }

    static void environment(Node node, Values v, ReadContext ctx, Map<String, EnvValue> into) {
        v.keyValues(node, "environment", '=').forEach((name, value) -> {
            if (!name.isEmpty() && Character.isWhitespace(name.charAt(name.length() - 1))) {
                // compose-go TestEnvironmentWhitespace: "- DEBUG = true" is refused
                v.error(node, "environment", "environment variable \"" + name + "\" is declared with a trailing"
                        + " space", "write " + name.strip() + "=" + value.orElse("").strip());
                return;
            }
            Optional<String> resolved = value.or(() -> Optional.ofNullable(ctx.environment().get(name)));
            if (resolved.isEmpty()) {
                into.remove(name);
            } else {
                into.put(name, value(name, resolved.get(), node, v));
            }
        });
    }

    private static EnvValue value(String name, String text, Node at, Values v) {
        if (!text.startsWith(VAULT_PREFIX)) {
            return new EnvValue.Literal(text);
        }
        Optional<VaultRef> ref = vaultRef(text.substring(VAULT_PREFIX.length()));
        if (ref.isEmpty()) {
            v.error(at, "environment." + name, "\"" + text + "\" is not a Vault reference",
                    "expected vault://<secret path>:<key>, e.g. vault://secret/data/m3s/test:password");
            return new EnvValue.Literal("");
        }
        return new EnvValue.Vault(ref.get());
    }

    /** {@code secret/data/app:password} → path and key (the key follows the last colon). */
    static Optional<VaultRef> vaultRef(String pathAndKey) {
        String s = pathAndKey.startsWith(VAULT_PREFIX) ? pathAndKey.substring(VAULT_PREFIX.length()) : pathAndKey;
        int colon = s.lastIndexOf(':');
        if (colon <= 0 || colon == s.length() - 1) {
            return Optional.empty();
        }
        String path = s.substring(0, colon).replaceAll("^/+", "");
        return path.isEmpty() ? Optional.empty() : Optional.of(new VaultRef(path, s.substring(colon + 1)));
    }

    static Map<String, String> labels(Node node, String field, Values v) {
        Map<String, String> out = new LinkedHashMap<>();
        v.keyValues(node, field, '=').forEach((k, val) -> out.put(k, val.orElse("")));
        return out;
    }
}
