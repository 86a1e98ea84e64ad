package io.mesoscompose.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The key/value pairs inside a KV read's answer: under {@code data.data} for v2 (beside {@code data.metadata}),
 * under {@code data} for v1. Non-string values (numbers, booleans, objects) become their JSON text.
 */
final class KvAnswer {

    private KvAnswer() {}

    static Map<String, String> data(JsonNode body, String path, VaultConfig.KvVersion version) throws VaultFailure {
        JsonNode data = body.path("data");
        if (!data.isObject()) {
            throw new VaultFailure(VaultFailure.Kind.PERMANENT, "Vault's answer for " + path + " has no data object");
        }
        boolean looksV2 = data.path("data").isObject() && data.has("metadata");
        JsonNode pairs = switch (version) {
            case V1 -> data;
            case V2 -> {
                if (!looksV2) {
                    throw new VaultFailure(VaultFailure.Kind.PERMANENT, "the answer for " + path
                            + " is not a KV v2 secret (no data.data and data.metadata); is the engine KV v1?");
                }
                yield data.path("data");
            }
            case AUTO -> looksV2 ? data.path("data") : data;
        };
        Map<String, String> out = new LinkedHashMap<>();
        pairs.properties().forEach(p -> {
            JsonNode v = p.getValue();
            if (!v.isNull()) {
                out.put(p.getKey(), v.isValueNode() ? v.asText() : v.toString());
            }
        });
        return out;
    }
}
