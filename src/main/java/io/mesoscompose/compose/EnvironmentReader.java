package io.mesoscompose.compose;

import io.mesoscompose.compose.model.EnvValue;
import io.mesoscompose.compose.model.VaultRef;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.Node;

/**
 * A service's environment: {@code env_file:} first, then {@code environment:} on top (as docker compose). A name
 * without a value takes it from the variables the files were loaded with, and is left out when unset. A value
 * {@code vault://<path>:<key>} is a Vault reference, resolved only when the task launches.
 */
final class EnvironmentReader {

    static final String VAULT_PREFIX = "vault://";

    private EnvironmentReader() {}

    static void envFiles(Node node, Values v, ReadContext ctx, Map<String, EnvValue> into) {
        for (String file : v.strings(node, "env_file", true)) {
            Optional<String> text = ctx.readFile().apply(file);
            if (text.isEmpty()) {
                v.error(node, "env_file", "\"" + file + "\" cannot be read here (files next to the compose file"
                        + " are not sent to the framework)", "put the variables under environment:, or run the"
                        + " command where the file is");
                continue;
            }
            try {
                DotEnv.parse(text.get(), ctx.environment()).forEach((k, val) -> into.put(k, value(k, val, node, v)));
            } catch (IllegalArgumentException e) {
                v.error(node, "env_file", file + ": " + e.getMessage());
            }
        }
    }

    static void environment(Node node, Values v, ReadContext ctx, Map<String, EnvValue> into) {
        v.keyValues(node, "environment", '=').forEach((name, value) -> {
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
