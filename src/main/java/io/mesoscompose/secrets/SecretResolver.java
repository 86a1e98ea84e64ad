package io.mesoscompose.secrets;

import io.mesoscompose.compose.model.VaultRef;
import java.util.Map;

/**
 * Turns Vault references into values at launch time, just before a task's TaskInfo is built. The values live only
 * in memory for that launch: they never reach a log, an API response, an event, the state store or {@code plan}.
 */
public interface SecretResolver {

    /**
     * Values for every key of {@code refs}, or an exception naming the project, service and reference that could
     * not be read (never a value). The scheduler keeps the task pending with that reason.
     */
    Map<String, String> resolve(String project, String service, Map<String, VaultRef> refs)
            throws SecretUnavailableException;

    /** For a framework started without Vault: fine while nothing asks for a secret. */
    SecretResolver NONE = (project, service, refs) -> {
        if (refs.isEmpty()) {
            return Map.of();
        }
        throw new SecretUnavailableException(project, service, refs.values().iterator().next(),
                "no Vault is configured (set VAULT_URL and a token or AppRole)", false);
    };
}
