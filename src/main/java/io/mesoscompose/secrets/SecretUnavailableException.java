package io.mesoscompose.secrets;

import io.mesoscompose.compose.model.VaultRef;

/**
 * A secret could not be read. The message names project, service and the reference (path and key), never a value.
 *
 * @see #retryable() true when trying again later may help (Vault sealed, unreachable, 5xx); false when the path or
 *      key does not exist or access is denied
 */
public final class SecretUnavailableException extends Exception {

    private final boolean retryable;

    public SecretUnavailableException(String project, String service, VaultRef ref, String reason, boolean retryable) {
        super("project \"" + project + "\", service \"" + service + "\": secret " + ref + ": " + reason);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
